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
        <source>Why pass {name} by?</source>
        <translation>Mengapa {name} dilewati?</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Lewati</translation>
    </message>
    <message>
        <source>Start the break</source>
        <translation>Mulai istirahat</translation>
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
        <source>Manual call…</source>
        <translation>Panggilan manual…</translation>
    </message>
    <message>
        <source>Record a call you made outside the softphone, with the number, the time and why (Ctrl+L)</source>
        <translation>Catat panggilan yang Anda lakukan di luar softphone, dengan nomor, waktu, dan alasannya (Ctrl+L)</translation>
    </message>
    <message>
        <source>Dial (Ctrl+D)</source>
        <translation>Telepon (Ctrl+D)</translation>
    </message>
    <message>
        <source>Hang up (Ctrl+E)</source>
        <translation>Tutup telepon (Ctrl+E)</translation>
    </message>
    <message>
        <source>{name} · no dialable number</source>
        <translation>{name} · tidak ada nomor yang bisa ditelepon</translation>
    </message>
</context>
</TS>
