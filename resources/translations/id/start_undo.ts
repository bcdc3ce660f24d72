<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>UndoProgressDialog</name>
    <message>
        <source>The desk opens once the database is back as it was before that import. Work saved by agents meanwhile stays.</source>
        <translation>Desk terbuka setelah basis data kembali seperti sebelum impor itu. Pekerjaan yang disimpan agen sementara itu tetap ada.</translation>
    </message>
    <message>
        <source>Undoing an import that did not finish: {file} …</source>
        <translation>Membatalkan impor yang tidak selesai: {file} …</translation>
    </message>
    <message>
        <source>{done} of {total} rows put back as they were (part {part} of {parts})</source>
        <translation>{done} dari {total} baris dikembalikan seperti semula (bagian {part} dari {parts})</translation>
    </message>
    <message>
        <source>Part {part} of {parts}</source>
        <translation>Bagian {part} dari {parts}</translation>
    </message>
    <message>
        <source>Reading what the import wrote…</source>
        <translation>Membaca apa yang ditulis impor…</translation>
    </message>
    <message>
        <source>Something went wrong that Agent Desk did not expect ({kind}); the details are in the log: {log}.</source>
        <translation>Terjadi kesalahan yang tidak diduga Agent Desk ({kind}); rinciannya ada di log: {log}.</translation>
    </message>
    <message>
        <source>Agent Desk could not finish undoing the import of {file} that did not finish, so the desk did not open: that import&apos;s customers would be only half there. {reason} What was undone so far stays undone; start Agent Desk again to go on with the rest.</source>
        <translation>Agent Desk tidak dapat menyelesaikan pembatalan impor {file} yang tidak selesai, sehingga desk tidak dibuka: nasabah dari impor itu baru sebagian ada. {reason} Yang sudah dibatalkan tetap dibatalkan; jalankan Agent Desk lagi untuk melanjutkan sisanya.</translation>
    </message>
</context>
</TS>
