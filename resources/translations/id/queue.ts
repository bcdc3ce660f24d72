<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>QueueModel</name>
    <message>
        <source>Customer — why</source>
        <translation>Nasabah — alasan</translation>
    </message>
    <message>
        <source>DPD</source>
        <translation>DPD</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>Tunggakan</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Another agent has this customer open.</source>
        <translation>Nasabah ini sedang dibuka agen lain.</translation>
    </message>
    <message>
        <source>Callable from {time}</source>
        <translation>Boleh ditelepon mulai {time}</translation>
    </message>
    <message>
        <source>Score {score}: {parts}</source>
        <translation>Skor {score}: {parts}</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <source>Search name or customer number</source>
        <translation>Cari nama atau nomor nasabah</translation>
    </message>
    <message>
        <source>Show waiting and blocked</source>
        <translation>Tampilkan yang menunggu dan diblokir</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>Nasabah berikutnya</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>Lewati…</translation>
    </message>
    <message>
        <source>{count} callable now</source>
        <translation>{count} bisa ditelepon sekarang</translation>
    </message>
</context>
</TS>
