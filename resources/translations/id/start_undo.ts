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
        <source>Its journal, which says what to undo ({journal}), cannot be read: {detail}. Do not delete it; send it and the log ({log}) to whoever looks after Agent Desk.</source>
        <translation>Jurnalnya, yang mencatat apa yang harus dibatalkan ({journal}), tidak dapat dibaca: {detail}. Jangan hapus berkas itu; kirimkan berkas itu dan log ({log}) kepada pengelola Agent Desk.</translation>
    </message>
    <message>
        <source>What was undone so far stays undone; once that is dealt with, start Agent Desk again to go on.</source>
        <translation>Yang sudah dibatalkan tetap dibatalkan; setelah masalah itu diatasi, jalankan Agent Desk lagi untuk melanjutkan.</translation>
    </message>
    <message>
        <source>Something went wrong that Agent Desk did not expect ({kind}). What was undone so far stays undone; start Agent Desk again to go on with the rest, and if this comes back, send the log ({log}) to whoever looks after Agent Desk.</source>
        <translation>Terjadi kesalahan yang tidak diduga Agent Desk ({kind}). Yang sudah dibatalkan tetap dibatalkan; jalankan Agent Desk lagi untuk melanjutkan sisanya, dan jika terjadi lagi, kirimkan log ({log}) kepada pengelola Agent Desk.</translation>
    </message>
    <message>
        <source>Agent Desk could not finish undoing the import of {file} that did not finish, so the desk did not open: that import&apos;s customers would be only half there. {reason}</source>
        <translation>Agent Desk tidak dapat menyelesaikan pembatalan impor {file} yang tidak selesai, sehingga desk tidak dibuka: nasabah dari impor itu baru sebagian ada. {reason}</translation>
    </message>
</context>
</TS>
