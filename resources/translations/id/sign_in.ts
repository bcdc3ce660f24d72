<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>Account</name>
    <message>
        <source>Password changed</source>
        <translation>Kata sandi diganti</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Choose a new password</source>
        <translation>Pilih kata sandi baru</translation>
    </message>
    <message>
        <source>An administrator gave you a temporary password. Choose your own now; nobody else will know it.</source>
        <translation>Administrator memberi Anda kata sandi sementara. Pilih kata sandi Anda sendiri sekarang; tidak ada orang lain yang akan mengetahuinya.</translation>
    </message>
    <message>
        <source>Type your current password, then the new one twice.</source>
        <translation>Ketik kata sandi Anda sekarang, lalu kata sandi baru dua kali.</translation>
    </message>
    <message>
        <source>At least {length} characters.</source>
        <translation>Minimal {length} karakter.</translation>
    </message>
    <message>
        <source>&amp;Current password</source>
        <translation>Kata sandi &amp;sekarang</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>Kata sandi &amp;baru</translation>
    </message>
    <message>
        <source>&amp;Repeat it</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Ganti kata sandi</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Agent Desk</source>
        <translation>Masuk ke Agent Desk</translation>
    </message>
    <message>
        <source>Database: {where}</source>
        <translation>Basis data: {where}</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Nama pengguna</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Kata sandi</translation>
    </message>
    <message>
        <source>This is a demo database: every demo user (admin, rina.spv, budi.trainer, agent01…) has the password “{password}”.</source>
        <translation>Ini basis data demo: setiap pengguna demo (admin, rina.spv, budi.trainer, agent01…) berkata sandi “{password}”.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Checking your password as soon as Agent Desk has loaded…</source>
        <translation>Kata sandi Anda diperiksa begitu Agent Desk selesai dimuat…</translation>
    </message>
    <message>
        <source>Type your user name and your password.</source>
        <translation>Ketik nama pengguna dan kata sandi Anda.</translation>
    </message>
    <message>
        <source>You are not signed in: a new password is needed first.</source>
        <translation>Anda belum masuk: kata sandi baru diperlukan terlebih dahulu.</translation>
    </message>
</context>
</TS>
