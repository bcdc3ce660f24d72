<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>AgentWorkspace</name>
    <message>
        <source>{count} × {frequency}, {total} in all, first {amount} on {day}</source>
        <translation>{count} × {frequency}, total {total}, pertama {amount} pada {day}</translation>
    </message>
    <message>
        <source>needs a supervisor&apos;s approval</source>
        <translation>perlu persetujuan supervisor</translation>
    </message>
    <message>
        <source>Skip this customer</source>
        <translation>Lewati nasabah ini</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>Mengapa?</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>Istirahat</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
</context>
<context>
    <name>CallBar</name>
    <message>
        <source>No customer open</source>
        <translation>Belum ada nasabah yang dibuka</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Telepon</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Tutup telepon</translation>
    </message>
    <message>
        <source>{name} · no dialable number</source>
        <translation>{name} · tidak ada nomor yang bisa ditelepon</translation>
    </message>
</context>
</TS>
