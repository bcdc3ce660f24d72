<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>Application</name>
    <message>
        <source>There is no Agent Desk database at {where} yet.

Create a new, empty one there? (To open another database, cancel and start Agent Desk with --db.)</source>
        <translation>Belum ada basis data Agent Desk di {where}.

Buat basis data baru yang kosong di sana? (Untuk membuka basis data lain, batalkan lalu jalankan Agent Desk dengan --db.)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Buat</translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>FirstFrame</name>
    <message>
        <source>Loading… this opens in a moment</source>
        <translation>Memuat… sebentar lagi bisa dibuka</translation>
    </message>
    <message>
        <source>Loading the customer&apos;s profile and script…</source>
        <translation>Memuat profil nasabah dan naskah…</translation>
    </message>
    <message>
        <source>Loading the desk… the queue is ready to read; calls wait a moment</source>
        <translation>Memuat meja kerja… antrean sudah bisa dibaca; panggilan menunggu sebentar</translation>
    </message>
    <message>
        <source>Loading the desk… the next customer opens as soon as it is ready</source>
        <translation>Memuat meja kerja… nasabah berikutnya dibuka begitu siap</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Desk — {name} ({role})</source>
        <translation>Agent Desk — {name} ({role})</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Ruang kerja</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <source>Practice</source>
        <translation>Latihan</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Batas</translation>
    </message>
    <message>
        <source>Flagged wording</source>
        <translation>Kata-kata yang ditandai</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>&amp;Ganti pengguna…</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Ganti &amp;kata sandi…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Alat</translation>
    </message>
    <message>
        <source>&amp;Import a portfolio file…</source>
        <translation>&amp;Impor berkas portofolio…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferensi…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ba&amp;ntuan</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Pintasan keyboard</translation>
    </message>
    <message>
        <source>&amp;About Agent Desk</source>
        <translation>&amp;Tentang Agent Desk</translation>
    </message>
    <message>
        <source>DB: {where}</source>
        <translation>DB: {where}</translation>
    </message>
    <message>
        <source>DB: {where} (read-only)</source>
        <translation>DB: {where} (hanya-baca)</translation>
    </message>
    <message>
        <source>You may only read this database: the queue and the customers show, nothing can be saved.</source>
        <translation>Anda hanya boleh membaca basis data ini: antrean dan nasabah tampil, tidak ada yang bisa disimpan.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Memulai…</translation>
    </message>
    <message>
        <source>SIP: not configured</source>
        <translation>SIP: belum diatur</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Panggilan</translation>
    </message>
    <message>
        <source>Next customer (in the queue)</source>
        <translation>Nasabah berikutnya (di antrean)</translation>
    </message>
    <message>
        <source>Simulated time: {time}</source>
        <translation>Waktu simulasi: {time}</translation>
    </message>
    <message>
        <source>About Agent Desk</source>
        <translation>Tentang Agent Desk</translation>
    </message>
    <message>
        <source>Agent Desk — a workspace for polite, lawful collection calls.</source>
        <translation>Agent Desk — ruang kerja untuk panggilan penagihan yang sopan dan sesuai aturan.</translation>
    </message>
</context>
<context>
    <name>PaymentChart</name>
    <message>
        <source>Due</source>
        <translation>Tagihan</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Dibayar</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Interface language</source>
        <translation>Bahasa tampilan</translation>
    </message>
    <message>
        <source>Last signed-in user</source>
        <translation>Pengguna terakhir yang masuk</translation>
    </message>
    <message>
        <source>Show blocked customers in the queue</source>
        <translation>Tampilkan nasabah yang diblokir di antrean</translation>
    </message>
    <message>
        <source>Softphone event poll interval (ms)</source>
        <translation>Interval polling softphone (ms)</translation>
    </message>
    <message>
        <source>Headset microphone</source>
        <translation>Mikrofon headset</translation>
    </message>
    <message>
        <source>Headset speaker</source>
        <translation>Pengeras suara headset</translation>
    </message>
    <message>
        <source>Flag a call after this many seconds of silence</source>
        <translation>Tandai panggilan setelah hening selama sekian detik</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Next customer (lease and open the top of the queue)</source>
        <translation>Nasabah berikutnya (ambil dan buka yang teratas di antrean)</translation>
    </message>
    <message>
        <source>Dial the selected number</source>
        <translation>Telepon nomor yang dipilih</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Tutup telepon</translation>
    </message>
    <message>
        <source>Record a call made outside the softphone</source>
        <translation>Catat panggilan yang dilakukan di luar softphone</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Tahan / lanjutkan</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Bisukan / aktifkan suara</translation>
    </message>
    <message>
        <source>Right person confirmed</source>
        <translation>Nasabah benar</translation>
    </message>
    <message>
        <source>Someone else answered</source>
        <translation>Orang lain yang menjawab</translation>
    </message>
    <message>
        <source>Plan calculator</source>
        <translation>Kalkulator rencana</translation>
    </message>
    <message>
        <source>Use the plan in the wrap-up</source>
        <translation>Pakai rencana di penyelesaian</translation>
    </message>
    <message>
        <source>Remove the plan from the wrap-up</source>
        <translation>Hapus rencana dari penyelesaian</translation>
    </message>
    <message>
        <source>Choose the disposition</source>
        <translation>Pilih hasil panggilan</translation>
    </message>
    <message>
        <source>Save the outcome (and open the next customer)</source>
        <translation>Simpan hasil (dan buka nasabah berikutnya)</translation>
    </message>
    <message>
        <source>Skip this customer (with a reason)</source>
        <translation>Lewati nasabah ini (dengan alasan)</translation>
    </message>
    <message>
        <source>Take a break / back to ready</source>
        <translation>Istirahat / kembali siap</translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation>Cari di antrean</translation>
    </message>
    <message>
        <source>Next script stage</source>
        <translation>Tahap skrip berikutnya</translation>
    </message>
    <message>
        <source>Previous script stage</source>
        <translation>Tahap skrip sebelumnya</translation>
    </message>
    <message>
        <source>Objection replies</source>
        <translation>Jawaban keberatan</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <source>Every key of this window. Most work wherever the focus is.</source>
        <translation>Semua tombol di jendela ini. Sebagian besar berfungsi di mana pun fokusnya.</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tombol</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Fungsinya</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>SupervisorTabs</name>
    <message>
        <source>My scorecards</source>
        <translation>Kartu skor saya</translation>
    </message>
</context>
</TS>
