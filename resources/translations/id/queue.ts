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
        <source>Search a name or customer number</source>
        <translation>Cari nama atau nomor nasabah</translation>
    </message>
    <message>
        <source>Filters as you type (Ctrl+F). Esc clears it.</source>
        <translation>Menyaring sambil Anda mengetik (Ctrl+F). Esc mengosongkannya.</translation>
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
        <source>Opens the best customer to call now (Ctrl+Enter, or Enter in the queue)</source>
        <translation>Membuka nasabah terbaik untuk ditelepon sekarang (Ctrl+Enter, atau Enter di antrean)</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>Lewati…</translation>
    </message>
    <message>
        <source>Pass this customer by, with a reason (Ctrl+K)</source>
        <translation>Lewati nasabah ini, dengan alasan (Ctrl+K)</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Mencari…</translation>
    </message>
    <message>
        <source>Nobody matches</source>
        <translation>Tidak ada yang cocok</translation>
    </message>
    <message>
        <source>{count} found</source>
        <translation>{count} ditemukan</translation>
    </message>
    <message>
        <source>The search failed ({error})</source>
        <translation>Pencarian gagal ({error})</translation>
    </message>
    <message>
        <source>{count} callable now</source>
        <translation>{count} bisa ditelepon sekarang</translation>
    </message>
</context>
</TS>
