<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>WrapUpPane</name>
    <message>
        <source>Wrap-up</source>
        <translation>Penyelesaian</translation>
    </message>
    <message>
        <source>Save outcome</source>
        <translation>Simpan hasil</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>Belum ada nasabah yang dibuka</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— pilih —</translation>
    </message>
    <message>
        <source>— not said —</source>
        <translation>— tidak disebutkan —</translation>
    </message>
    <message>
        <source>Remove plan</source>
        <translation>Hapus rencana</translation>
    </message>
    <message>
        <source>The promise is then typed by hand again (Ctrl+Shift+U)</source>
        <translation>Janji bayar lalu diketik manual lagi (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <source>What was said, what was agreed</source>
        <translation>Apa yang dibicarakan, apa yang disepakati</translation>
    </message>
    <message>
        <source>Save and open the next customer (Ctrl+S)</source>
        <translation>Simpan dan buka nasabah berikutnya (Ctrl+S)</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Hasil panggilan</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Rencana</translation>
    </message>
    <message>
        <source>Amount promised</source>
        <translation>Jumlah dijanjikan</translation>
    </message>
    <message>
        <source>Pays on</source>
        <translation>Bayar tanggal</translation>
    </message>
    <message>
        <source>Pays by</source>
        <translation>Bayar lewat</translation>
    </message>
    <message>
        <source>Call back at</source>
        <translation>Telepon balik pada</translation>
    </message>
    <message>
        <source>Reason for arrears</source>
        <translation>Alasan menunggak</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Customer&apos;s time ({zone}). {window}</source>
        <translation>Waktu nasabah ({zone}). {window}</translation>
    </message>
    <message>
        <source>Suggested from the call: {why}. Check it before saving.</source>
        <translation>Saran dari panggilan: {why}. Periksa sebelum menyimpan.</translation>
    </message>
    <message>
        <source>These words may sound threatening, humiliating or coercive: {phrases}. Please rephrase, or press Save again to keep them (a supervisor will review them).</source>
        <translation>Kata-kata ini bisa terdengar mengancam, merendahkan atau memaksa: {phrases}. Mohon ubah kalimatnya, atau tekan Simpan lagi untuk tetap menyimpannya (supervisor akan meninjaunya).</translation>
    </message>
</context>
</TS>
