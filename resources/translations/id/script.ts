<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>PlanPanel</name>
    <message>
        <source>Installment plan</source>
        <translation>Rencana cicilan</translation>
    </message>
    <message>
        <source>Settlement (discount off the outstanding)</source>
        <translation>Pelunasan (diskon dari sisa kewajiban)</translation>
    </message>
    <message>
        <source>Early payment (discount off the arrears)</source>
        <translation>Bayar lebih awal (diskon dari tunggakan)</translation>
    </message>
    <message>
        <source>Open a customer first</source>
        <translation>Buka nasabah terlebih dahulu</translation>
    </message>
    <message>
        <source>all equal</source>
        <translation>semua sama</translation>
    </message>
    <message>
        <source>The customer&apos;s income a month, as they state it</source>
        <translation>Penghasilan sebulan menurut nasabah</translation>
    </message>
    <message>
        <source>The customer&apos;s expenses a month, as they state them</source>
        <translation>Pengeluaran sebulan menurut nasabah</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Penawaran</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Rekening</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Diskon</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Pembayaran</translation>
    </message>
    <message>
        <source>income a month</source>
        <translation>penghasilan sebulan</translation>
    </message>
    <message>
        <source>expenses a month</source>
        <translation>pengeluaran sebulan</translation>
    </message>
    <message>
        <source>First payment, {hint} when empty. Type an amount for a first payment different from the others (a down payment)</source>
        <translation>Pembayaran pertama, {hint} bila kosong. Ketik jumlah untuk pembayaran pertama yang berbeda dari yang lain (uang muka)</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Pertama</translation>
    </message>
    <message>
        <source>Means</source>
        <translation>Kemampuan</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Jatuh tempo</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Use in wrap-up</source>
        <translation>Pakai di penyelesaian</translation>
    </message>
    <message>
        <source>Read back</source>
        <translation>Bacakan kembali</translation>
    </message>
    <message>
        <source>Read back to the customer</source>
        <translation>Bacakan kembali kepada nasabah</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Jadwal</translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation>Semua rekening</translation>
    </message>
    <message>
        <source>Open a customer to build a plan.</source>
        <translation>Buka nasabah untuk menyusun rencana.</translation>
    </message>
    <message>
        <source>Arrears {amount}</source>
        <translation>Tunggakan {amount}</translation>
    </message>
    <message>
        <source>Outstanding {amount}</source>
        <translation>Sisa kewajiban {amount}</translation>
    </message>
    <message>
        <source>Cannot read the amount “{text}”.</source>
        <translation>Jumlah “{text}” tidak terbaca.</translation>
    </message>
    <message>
        <source>Total {total} after a discount of {discount}</source>
        <translation>Total {total} setelah diskon {discount}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <source>Needs a supervisor&apos;s approval: {reasons}</source>
        <translation>Perlu persetujuan supervisor: {reasons}</translation>
    </message>
    <message>
        <source>Within your authority</source>
        <translation>Dalam kewenangan Anda</translation>
    </message>
    <message>
        <source>Request approval in wrap-up</source>
        <translation>Ajukan persetujuan di penyelesaian</translation>
    </message>
    <message>
        <source>The plan could not be checked: {error}</source>
        <translation>Rencana tidak dapat diperiksa: {error}</translation>
    </message>
</context>
<context>
    <name>ScriptPane</name>
    <message>
        <source>Script</source>
        <translation>Skrip</translation>
    </message>
    <message>
        <source>The language the script is read in</source>
        <translation>Bahasa naskah yang dibacakan</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Kembali</translation>
    </message>
    <message>
        <source>Right person confirmed</source>
        <translation>Nasabah benar</translation>
    </message>
    <message>
        <source>The person on the line is the customer: the script may speak of the debt (Ctrl+R)</source>
        <translation>Yang di telepon adalah nasabah: skrip boleh membicarakan utangnya (Ctrl+R)</translation>
    </message>
    <message>
        <source>Someone else answered</source>
        <translation>Orang lain yang menjawab</translation>
    </message>
    <message>
        <source>Switch to the script that says nothing of the debt (Ctrl+T)</source>
        <translation>Beralih ke skrip yang tidak menyebut utang sama sekali (Ctrl+T)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Lanjut ▶</translation>
    </message>
    <message>
        <source>Call script</source>
        <translation>Naskah panggilan</translation>
    </message>
    <message>
        <source>Objections</source>
        <translation>Keberatan</translation>
    </message>
    <message>
        <source>Plan calculator</source>
        <translation>Kalkulator rencana</translation>
    </message>
    <message>
        <source>Objection replies, Alt+1 … Alt+0 in the order of the list</source>
        <translation>Jawaban keberatan, Alt+1 … Alt+0 sesuai urutan daftar</translation>
    </message>
    <message>
        <source>Open a customer to see the call script.</source>
        <translation>Buka nasabah untuk melihat naskah panggilan.</translation>
    </message>
    <message>
        <source>Confirm the right person first</source>
        <translation>Konfirmasi dulu bahwa ini nasabahnya</translation>
    </message>
    <message>
        <source>Choose what the customer said to see a reply (Alt+1 … Alt+0).</source>
        <translation>Pilih apa yang dikatakan nasabah untuk melihat jawabannya (Alt+1 … Alt+0).</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>Tips</translation>
    </message>
    <message>
        <source>Confirm you are speaking with the customer to build a plan</source>
        <translation>Pastikan Anda berbicara dengan nasabah untuk menyusun rencana</translation>
    </message>
    <message>
        <source>Not the customer: say nothing about the debt</source>
        <translation>Bukan nasabah: jangan sebut apa pun tentang kewajiban</translation>
    </message>
    <message>
        <source>✓ Right person</source>
        <translation>✓ Nasabah benar</translation>
    </message>
    <message>
        <source>Not yet verified</source>
        <translation>Belum diverifikasi</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Akui perasaannya</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Tanyakan</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Penawaran</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Catat</translation>
    </message>
</context>
</TS>
