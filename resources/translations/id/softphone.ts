<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>AudioControls</name>
    <message>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Pengeras suara</translation>
    </message>
    <message>
        <source>Test my phone…</source>
        <translation>Tes telepon saya…</translation>
    </message>
    <message>
        <source>No microphone found</source>
        <translation>Mikrofon tidak ditemukan</translation>
    </message>
    <message>
        <source>No speaker found</source>
        <translation>Pengeras suara tidak ditemukan</translation>
    </message>
    <message>
        <source>No microphone or speaker found. Plug in a headset; calls cannot be heard until then.</source>
        <translation>Mikrofon dan pengeras suara tidak ditemukan. Pasang headset; sebelum itu, panggilan tidak akan terdengar.</translation>
    </message>
    <message>
        <source>No microphone found. Plug in a headset: the other side hears silence.</source>
        <translation>Mikrofon tidak ditemukan. Pasang headset: pihak lain tidak dapat mendengar Anda.</translation>
    </message>
    <message>
        <source>No speaker found. Plug in a headset to hear the other side.</source>
        <translation>Pengeras suara tidak ditemukan. Pasang headset untuk mendengar pihak lain.</translation>
    </message>
    <message>
        <source>Sound devices are not connected to the phone.</source>
        <translation>Perangkat suara tidak tersambung ke telepon.</translation>
    </message>
</context>
<context>
    <name>CallStatus</name>
    <message>
        <source>● Recording</source>
        <translation>● Merekam</translation>
    </message>
    <message>
        <source>No audio from the other side</source>
        <translation>Tidak ada suara dari pihak lain</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Siap</translation>
    </message>
    <message>
        <source>Dialling…</source>
        <translation>Memanggil…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Berdering…</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Panggilan masuk</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Tersambung</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Ditahan</translation>
    </message>
    <message>
        <source>Call ended — {0}</source>
        <translation>Selesai — {0}</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Panggilan selesai</translation>
    </message>
</context>
<context>
    <name>PhoneTestDialog</name>
    <message>
        <source>Test my phone</source>
        <translation>Tes telepon saya</translation>
    </message>
    <message>
        <source>Register with my SIP account</source>
        <translation>Mendaftar dengan akun SIP saya</translation>
    </message>
    <message>
        <source>Number or sip: address for a test call (optional)</source>
        <translation>Nomor atau alamat sip: untuk panggilan uji (opsional)</translation>
    </message>
    <message>
        <source>Test call</source>
        <translation>Panggilan uji</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Run test</source>
        <translation>Jalankan tes</translation>
    </message>
</context>
<context>
    <name>SipPasswordDialog</name>
    <message>
        <source>SIP password</source>
        <translation>Kata sandi SIP</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Rekening</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Remember in the OS keyring</source>
        <translation>Simpan di keyring OS</translation>
    </message>
</context>
<context>
    <name>SoftphonePane</name>
    <message>
        <source>Hang up (in the phone)</source>
        <translation>Tutup telepon (di panel telepon)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Jawab</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Tolak</translation>
    </message>
    <message>
        <source>Number or sip: address</source>
        <translation>Nomor atau alamat sip:</translation>
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
        <source>Keypad</source>
        <translation>Papan tombol</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Tahan</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Bisukan</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Alihkan…</translation>
    </message>
    <message>
        <source>Microphone and speaker</source>
        <translation>Mikrofon dan pengeras suara</translation>
    </message>
    <message>
        <source>Transfer to (e.g. supervisor&apos;s extension)</source>
        <translation>Alihkan ke (mis. ekstensi supervisor)</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Alihkan</translation>
    </message>
    <message>
        <source>Incoming call from {0}</source>
        <translation>Panggilan masuk dari {0}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>No SIP account set up</source>
        <translation>Akun SIP belum diatur</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Mendaftar…</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Terdaftar</translation>
    </message>
    <message>
        <source>Registration failed: trying again</source>
        <translation>Pendaftaran gagal: mencoba lagi</translation>
    </message>
    <message>
        <source>The registrar refused the password</source>
        <translation>Registrar menolak kata sandi</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>Tidak terdaftar</translation>
    </message>
</context>
<context>
    <name>SoftphonePlaceholder</name>
    <message>
        <source>Softphone</source>
        <translation>Softphone</translation>
    </message>
    <message>
        <source>Not registered — no SIP account configured</source>
        <translation>Tidak terdaftar — akun SIP belum diatur</translation>
    </message>
    <message>
        <source>Number to dial</source>
        <translation>Nomor yang akan dipanggil</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Telepon</translation>
    </message>
    <message>
        <source>Configure a SIP account to place calls</source>
        <translation>Atur akun SIP untuk melakukan panggilan</translation>
    </message>
</context>
</TS>
