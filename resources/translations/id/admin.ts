<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>LimitsDialog</name>
    <message>
        <source>Use the role&apos;s limits (no limits of their own)</source>
        <translation>Pakai batas perannya (tanpa batas sendiri)</translation>
    </message>
    <message>
        <source>Settlement discount up to</source>
        <translation>Diskon pelunasan hingga</translation>
    </message>
    <message>
        <source>Early-payment discount up to</source>
        <translation>Diskon bayar cepat hingga</translation>
    </message>
    <message>
        <source>Payments at most</source>
        <translation>Pembayaran paling banyak</translation>
    </message>
</context>
<context>
    <name>LimitsView</name>
    <message>
        <source>Limits and promise policy</source>
        <translation>Batas dan kebijakan janji bayar</translation>
    </message>
    <message>
        <source>What each role may agree without a supervisor, and the rules every promise and plan keeps. A user&apos;s own limits are set under Users.</source>
        <translation>Yang boleh disepakati setiap peran tanpa supervisor, dan aturan yang dipatuhi setiap janji bayar dan rencana. Batas milik seorang pengguna diatur di Pengguna.</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>Settlement discount</source>
        <translation>Diskon pelunasan</translation>
    </message>
    <message>
        <source>Early-payment discount</source>
        <translation>Diskon bayar cepat</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Pembayaran</translation>
    </message>
    <message>
        <source>Change the role&apos;s limits…</source>
        <translation>Ubah batas peran…</translation>
    </message>
    <message>
        <source>Promise policy</source>
        <translation>Kebijakan janji bayar</translation>
    </message>
    <message>
        <source>The smallest payment in rupiah; a total below it is paid at once</source>
        <translation>Pembayaran terkecil dalam rupiah; total di bawahnya dibayar sekaligus</translation>
    </message>
    <message>
        <source>A promise or first payment at most (days ahead)</source>
        <translation>Janji atau pembayaran pertama paling lambat (hari ke depan)</translation>
    </message>
    <message>
        <source>The last payment within (months)</source>
        <translation>Pembayaran terakhir dalam (bulan)</translation>
    </message>
    <message>
        <source>Payments at most</source>
        <translation>Pembayaran paling banyak</translation>
    </message>
    <message>
        <source>First payment at least (share of the arrears)</source>
        <translation>Pembayaran pertama paling sedikit (bagian dari tunggakan)</translation>
    </message>
    <message>
        <source>Affordable up to (share of what is left after expenses)</source>
        <translation>Terjangkau hingga (bagian dari sisa setelah pengeluaran)</translation>
    </message>
    <message>
        <source>Smallest payment (IDR)</source>
        <translation>Pembayaran terkecil (IDR)</translation>
    </message>
    <message>
        <source>Call back on a plan awaiting a decision after (hours)</source>
        <translation>Telepon kembali untuk rencana yang menunggu keputusan setelah (jam)</translation>
    </message>
    <message>
        <source>Save the policy</source>
        <translation>Simpan kebijakan</translation>
    </message>
    <message>
        <source>Limits of the role {role}</source>
        <translation>Batas peran {role}</translation>
    </message>
    <message>
        <source>Saved the limits of the role {role}.</source>
        <translation>Batas peran {role} disimpan.</translation>
    </message>
    <message>
        <source>“{text}” is not an amount.</source>
        <translation>“{text}” bukan jumlah uang.</translation>
    </message>
    <message>
        <source>Saved the promise policy.</source>
        <translation>Kebijakan janji bayar disimpan.</translation>
    </message>
</context>
<context>
    <name>SipAccountDialog</name>
    <message>
        <source>SIP account of {name}</source>
        <translation>Akun SIP {name}</translation>
    </message>
    <message>
        <source>extension or SIP user</source>
        <translation>ekstensi atau pengguna SIP</translation>
    </message>
    <message>
        <source>only if it differs</source>
        <translation>hanya jika berbeda</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>Record this user&apos;s calls</source>
        <translation>Rekam panggilan pengguna ini</translation>
    </message>
    <message>
        <source>empty: asked at their desk</source>
        <translation>kosong: ditanyakan di mejanya</translation>
    </message>
    <message>
        <source>Registrar</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <source>SIP user</source>
        <translation>Pengguna SIP</translation>
    </message>
    <message>
        <source>Auth user</source>
        <translation>Pengguna autentikasi</translation>
    </message>
    <message>
        <source>Shown as</source>
        <translation>Ditampilkan sebagai</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Outbound proxy</source>
        <translation>Proxy keluar</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>The password is never stored in the database. Type it here only when this computer is the user&apos;s own desk: it goes to this computer&apos;s keyring. Otherwise their desk asks for it once.</source>
        <translation>Kata sandi tidak pernah disimpan di basis data. Ketik di sini hanya jika komputer ini meja kerja pengguna itu sendiri: kata sandi disimpan di keyring komputer ini. Jika tidak, meja pengguna akan menanyakannya sekali.</translation>
    </message>
    <message>
        <source>This computer has no keyring: the user&apos;s desk asks for the password.</source>
        <translation>Komputer ini tidak punya keyring: meja pengguna akan menanyakan kata sandinya.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>Tambah pengguna</translation>
    </message>
    <message>
        <source>Change a user</source>
        <translation>Ubah pengguna</translation>
    </message>
    <message>
        <source>e.g. dewi.lestari</source>
        <translation>mis. dewi.lestari</translation>
    </message>
    <message>
        <source>The login never changes: it names the user in the audit trail</source>
        <translation>Login tidak pernah berubah: login menamai pengguna di jejak audit</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>Tanpa tim</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
</context>
<context>
    <name>UsersAdminView</name>
    <message>
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Everyone who can sign in here. Changes are recorded in the audit trail with your name.</source>
        <translation>Semua yang dapat masuk di sini. Perubahan dicatat di jejak audit dengan nama Anda.</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Jalur</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Batas</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Tambah…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <source>SIP account…</source>
        <translation>Akun SIP…</translation>
    </message>
    <message>
        <source>Limits…</source>
        <translation>Batas…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Atur ulang kata sandi…</translation>
    </message>
    <message>
        <source>Users sign in with passwords once team mode&apos;s sign-in is set up; the reset will be here.</source>
        <translation>Pengguna masuk dengan kata sandi setelah proses masuk mode tim disiapkan; pengaturan ulangnya akan ada di sini.</translation>
    </message>
    <message>
        <source>{name} (disabled)</source>
        <translation>{name} (nonaktif)</translation>
    </message>
    <message>
        <source>own</source>
        <translation>sendiri</translation>
    </message>
    <message>
        <source>role&apos;s</source>
        <translation>peran</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Aktifkan</translation>
    </message>
    <message>
        <source>Added {name} ({login}).</source>
        <translation>{name} ({login}) ditambahkan.</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} disimpan.</translation>
    </message>
    <message>
        <source>{name} can sign in again.</source>
        <translation>{name} dapat masuk lagi.</translation>
    </message>
    <message>
        <source>{name} can no longer sign in.</source>
        <translation>{name} tidak dapat masuk lagi.</translation>
    </message>
    <message>
        <source>Saved the SIP account of {name}.</source>
        <translation>Akun SIP {name} disimpan.</translation>
    </message>
    <message>
        <source>Authority limits of {name}</source>
        <translation>Batas kewenangan {name}</translation>
    </message>
    <message>
        <source>Saved the limits of {name}.</source>
        <translation>Batas {name} disimpan.</translation>
    </message>
</context>
</TS>
