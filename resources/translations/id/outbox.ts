<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>MessageActions</name>
    <message>
        <source>Send payment details…</source>
        <translation>Kirim rincian pembayaran…</translation>
    </message>
    <message>
        <source>Send plan summary…</source>
        <translation>Kirim ringkasan rencana…</translation>
    </message>
    <message>
        <source>Needs a plan from the calculator, or a promise with its amount and date</source>
        <translation>Perlu rencana dari kalkulator, atau janji bayar dengan jumlah dan tanggalnya</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Nasabah</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Kepada</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <source>Outbox</source>
        <translation>Kotak keluar</translation>
    </message>
    <message>
        <source>Reminders and confirmations sent by e-mail, SMS and WhatsApp. Each counts as a contact, like a call. Failed or cancelled messages can be sent again; the rules are checked again when they go.</source>
        <translation>Pengingat dan konfirmasi yang dikirim lewat e-mail, SMS dan WhatsApp. Setiap pesan dihitung sebagai kontak, sama seperti panggilan. Pesan yang gagal atau dibatalkan dapat dikirim ulang; aturan diperiksa lagi saat pesan dikirim.</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Semua saluran</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>Every message</source>
        <translation>Semua pesan</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 hari terakhir</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 hari terakhir</translation>
    </message>
    <message>
        <source>Customer name or number</source>
        <translation>Nama atau nomor nasabah</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Choose a message to see its text and what happened to it</source>
        <translation>Pilih pesan untuk melihat isinya dan apa yang terjadi padanya</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Kirim ulang</translation>
    </message>
    <message>
        <source>{shown} of {total} messages</source>
        <translation>{shown} dari {total} pesan</translation>
    </message>
    <message>
        <source>{total} messages</source>
        <translation>{total} pesan</translation>
    </message>
    <message>
        <source>{channel}: none</source>
        <translation>{channel}: tidak ada</translation>
    </message>
    <message>
        <source>no delivery reports</source>
        <translation>tanpa laporan penerimaan</translation>
    </message>
    <message>
        <source>delivered {rate} ({count})</source>
        <translation>diterima {rate} ({count})</translation>
    </message>
    <message>
        <source>{channel}: {total} · {delivered} · handed over {accepted} · failed {failed} · waiting {queued}</source>
        <translation>{channel}: {total} · {delivered} · diserahkan ke penyedia {accepted} · gagal {failed} · menunggu {queued}</translation>
    </message>
    <message>
        <source>To {customer} by {channel}, {address}</source>
        <translation>Kepada {customer} lewat {channel}, {address}</translation>
    </message>
    <message>
        <source>Goes at {when}</source>
        <translation>Dikirim {when}</translation>
    </message>
    <message>
        <source>Sent {when}</source>
        <translation>Terkirim {when}</translation>
    </message>
    <message>
        <source>Delivered {when}</source>
        <translation>Diterima {when}</translation>
    </message>
    <message>
        <source>Why: {reason}</source>
        <translation>Alasan: {reason}</translation>
    </message>
    <message>
        <source>Sent from the desk by {agent}</source>
        <translation>Dikirim dari meja kerja oleh {agent}</translation>
    </message>
    <message numerus="yes">
        <source>Handed to the provider %n time(s)</source>
        <translation>
            <numerusform>Diserahkan ke penyedia %n kali</numerusform>
        </translation>
    </message>
    <message>
        <source>Provider&apos;s id: {id}</source>
        <translation>ID penyedia: {id}</translation>
    </message>
    <message>
        <source>Queued again as message {id}.</source>
        <translation>Masuk antrean lagi sebagai pesan {id}.</translation>
    </message>
</context>
<context>
    <name>SendMessageDialog</name>
    <message>
        <source>Send payment details</source>
        <translation>Kirim rincian pembayaran</translation>
    </message>
    <message>
        <source>Send plan summary</source>
        <translation>Kirim ringkasan rencana</translation>
    </message>
    <message>
        <source>Edit the text before sending</source>
        <translation>Ubah teks sebelum dikirim</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Send by</source>
        <translation>Kirim lewat</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <source>Looking for the customer&apos;s verified contact points…</source>
        <translation>Mencari kontak nasabah yang sudah terverifikasi…</translation>
    </message>
    <message>
        <source>No verified contact point can receive messages</source>
        <translation>Tidak ada kontak terverifikasi yang dapat menerima pesan</translation>
    </message>
    <message>
        <source>The customer has no verified mobile number, WhatsApp or e-mail address on a channel that is set up (or has asked for no messages). Confirm a number on the call first.</source>
        <translation>Nasabah tidak memiliki nomor ponsel, WhatsApp atau alamat e-mail terverifikasi pada saluran yang sudah diatur (atau telah meminta agar tidak dikirimi pesan). Konfirmasikan nomornya dalam panggilan terlebih dahulu.</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Menyiapkan pratinjau…</translation>
    </message>
    <message>
        <source>This message cannot be sent to this customer on this channel.</source>
        <translation>Pesan ini tidak dapat dikirim ke nasabah ini lewat saluran ini.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Terjadi kesalahan: {error}</translation>
    </message>
</context>
<context>
    <name>window.outbox</name>
    <message>
        <source>Outbox</source>
        <translation>Kotak keluar</translation>
    </message>
</context>
</TS>
