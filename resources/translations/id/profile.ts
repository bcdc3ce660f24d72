<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name></name>
    <message>
        <source>Installments</source>
        <translation>Cicilan</translation>
    </message>
    <message>
        <source>Installments of {account} ({count})</source>
        <translation>Cicilan {account} ({count})</translation>
    </message>
    <message>
        <source>{account} has no installment schedule</source>
        <translation>{account} tidak punya jadwal cicilan</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Salin nomor</translation>
    </message>
    <message>
        <source>No payment instructions on record.</source>
        <translation>Belum ada cara bayar yang tercatat.</translation>
    </message>
    <message>
        <source>Double-click, Enter or Ctrl+C copies the number exactly, without spaces.</source>
        <translation>Klik dua kali, Enter atau Ctrl+C menyalin nomor persis, tanpa spasi.</translation>
    </message>
    <message>
        <source>Copied {value}</source>
        <translation>Disalin: {value}</translation>
    </message>
    <message>
        <source>No payments on record.</source>
        <translation>Belum ada pembayaran yang tercatat.</translation>
    </message>
    <message>
        <source>Last {months} months: {due_box} due {due}, {paid_box} paid {paid}</source>
        <translation>{months} bulan terakhir: {due_box} tagihan {due}, {paid_box} dibayar {paid}</translation>
    </message>
    <message>
        <source>Use this number</source>
        <translation>Pakai nomor ini</translation>
    </message>
    <message>
        <source>Double-click or Enter on a number chooses it for the next call.</source>
        <translation>Klik dua kali atau Enter pada nomor untuk memilihnya bagi panggilan berikutnya.</translation>
    </message>
    <message>
        <source>{number} cannot be dialled: {why}</source>
        <translation>{number} tidak bisa ditelepon: {why}</translation>
    </message>
    <message>
        <source>Next call on {number}</source>
        <translation>Panggilan berikutnya ke {number}</translation>
    </message>
    <message>
        <source>only to find the customer: do not discuss the debt</source>
        <translation>hanya untuk mencari nasabah: jangan membicarakan utangnya</translation>
    </message>
    <message>
        <source>Customer number</source>
        <translation>Nomor nasabah</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Lahir</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>Tempat kerja</translation>
    </message>
    <message>
        <source>Stated income</source>
        <translation>Penghasilan (menurut nasabah)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Ditangani oleh</translation>
    </message>
    <message>
        <source>Being worked by</source>
        <translation>Sedang dikerjakan oleh</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <source>No consents recorded.</source>
        <translation>Belum ada persetujuan yang tercatat.</translation>
    </message>
    <message>
        <source>not on record</source>
        <translation>tidak tercatat</translation>
    </message>
    <message>
        <source>{day} ({age} years)</source>
        <translation>{day} ({age} tahun)</translation>
    </message>
    <message>
        <source>Unknown: only hours inside the window in every zone are used</source>
        <translation>Tidak diketahui: hanya jam yang masuk jendela di semua zona yang dipakai</translation>
    </message>
    <message>
        <source>{abbreviation} ({zone}), from the province</source>
        <translation>{abbreviation} ({zone}), dari provinsi</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>tidak disebutkan</translation>
    </message>
    <message>
        <source>{amount} a month</source>
        <translation>{amount} per bulan</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Bahasa Inggris</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>{agent} until {time}</source>
        <translation>{agent} sampai {time}</translation>
    </message>
    <message>
        <source>agent #{id}</source>
        <translation>agen #{id}</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 hari</translation>
    </message>
    <message>
        <source>{count} days</source>
        <translation>{count} hari</translation>
    </message>
    <message>
        <source>now</source>
        <translation>sekarang</translation>
    </message>
    <message>
        <source>in {minutes} min</source>
        <translation>{minutes} menit lagi</translation>
    </message>
    <message>
        <source>in {hours} h {minutes:02d} min</source>
        <translation>{hours} jam {minutes:02d} menit lagi</translation>
    </message>
    <message>
        <source>in {days} days</source>
        <translation>{days} hari lagi</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>{minutes} menit yang lalu</translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation>{hours} jam yang lalu</translation>
    </message>
    <message>
        <source>{days} days ago</source>
        <translation>{days} hari yang lalu</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>ponsel</translation>
    </message>
    <message>
        <source>home</source>
        <translation>rumah</translation>
    </message>
    <message>
        <source>work</source>
        <translation>kantor</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Blocks contact until cleared</source>
        <translation>Menghalangi kontak sampai dicabut</translation>
    </message>
    <message>
        <source>Handle with care</source>
        <translation>Tangani dengan hati-hati</translation>
    </message>
    <message>
        <source>⛔ Do not call</source>
        <translation>⛔ Jangan ditelepon</translation>
    </message>
    <message>
        <source>Contact check not done yet</source>
        <translation>Pemeriksaan kontak belum dilakukan</translation>
    </message>
    <message>
        <source> on {number}</source>
        <translation> ke {number}</translation>
    </message>
    <message>
        <source>✔ May call now</source>
        <translation>✔ Boleh ditelepon sekarang</translation>
    </message>
    <message>
        <source>next call {local} ({relative})</source>
        <translation>panggilan berikutnya {local} ({relative})</translation>
    </message>
    <message>
        <source>allowed from {local} ({relative})</source>
        <translation>boleh mulai {local} ({relative})</translation>
    </message>
    <message>
        <source>Not due now</source>
        <translation>Belum waktunya</translation>
    </message>
    <message>
        <source>✖ Not now</source>
        <translation>✖ Jangan sekarang</translation>
    </message>
    <message>
        <source>The customer&apos;s local time ({zone})</source>
        <translation>Waktu setempat nasabah ({zone})</translation>
    </message>
    <message>
        <source>time zone unknown</source>
        <translation>zona waktu tidak diketahui</translation>
    </message>
    <message>
        <source>The customer&apos;s time zone is not known: only hours inside the window in every zone count</source>
        <translation>Zona waktu nasabah tidak diketahui: hanya jam yang masuk jendela di semua zona yang berlaku</translation>
    </message>
    <message>
        <source>NIK {masked}</source>
        <translation>NIK {masked}</translation>
    </message>
    <message>
        <source>{age} years</source>
        <translation>{age} tahun</translation>
    </message>
    <message>
        <source>address unknown</source>
        <translation>alamat tidak diketahui</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <source>Loading the profile…</source>
        <translation>Memuat profil…</translation>
    </message>
    <message>
        <source>Checking whether the customer may be called…</source>
        <translation>Memeriksa apakah nasabah boleh ditelepon…</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>Belum ada nasabah yang dibuka</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>sebuah nomor</translation>
    </message>
    <message>
        <source>{flag}: {number}</source>
        <translation>{flag}: {number}</translation>
    </message>
    <message>
        <source>{flag} — blocks calls</source>
        <translation>{flag} — menghalangi panggilan</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Lancar</translation>
    </message>
    <message>
        <source>Delinquent</source>
        <translation>Menunggak</translation>
    </message>
    <message>
        <source>In a plan</source>
        <translation>Dalam program</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Lunas</translation>
    </message>
    <message>
        <source>Written off</source>
        <translation>Dihapusbukukan</translation>
    </message>
    <message>
        <source>Legal</source>
        <translation>Proses hukum</translation>
    </message>
    <message>
        <source>Recalled</source>
        <translation>Ditarik</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Rekening</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>Tunggakan</translation>
    </message>
    <message>
        <source>Past due</source>
        <translation>Keterlambatan</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Jatuh tempo berikut</translation>
    </message>
    <message>
        <source>of {amount}</source>
        <translation>dari {amount}</translation>
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
        <source>Paid</source>
        <translation>Dibayar</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>Tanggal bayar</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <source>Paid {days} late</source>
        <translation>Dibayar terlambat {days}</translation>
    </message>
    <message>
        <source>Overdue {days}</source>
        <translation>Lewat jatuh tempo {days}</translation>
    </message>
    <message>
        <source>Partly paid, overdue {days}</source>
        <translation>Dibayar sebagian, lewat jatuh tempo {days}</translation>
    </message>
    <message>
        <source>Partly paid</source>
        <translation>Dibayar sebagian</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Jatuh tempo hari ini</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Akan datang</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Saluran</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referensi</translation>
    </message>
    <message>
        <source>Reversal ({channel})</source>
        <translation>Pembatalan ({channel})</translation>
    </message>
    <message>
        <source>reverses {reference}</source>
        <translation>membatalkan {reference}</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Cara bayar</translation>
    </message>
    <message>
        <source>Number / code</source>
        <translation>Nomor / kode</translation>
    </message>
    <message>
        <source>Virtual account {bank}</source>
        <translation>Virtual account {bank}</translation>
    </message>
    <message>
        <source>{shop} payment code</source>
        <translation>Kode bayar {shop}</translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation>Tautan pembayaran</translation>
    </message>
    <message>
        <source>the customer</source>
        <translation>nasabah</translation>
    </message>
    <message>
        <source>spouse</source>
        <translation>pasangan</translation>
    </message>
    <message>
        <source>emergency contact</source>
        <translation>kontak darurat</translation>
    </message>
    <message>
        <source>employer</source>
        <translation>tempat kerja</translation>
    </message>
    <message>
        <source>another person</source>
        <translation>orang lain</translation>
    </message>
    <message>
        <source>parent</source>
        <translation>orang tua</translation>
    </message>
    <message>
        <source>sibling</source>
        <translation>saudara kandung</translation>
    </message>
    <message>
        <source>child</source>
        <translation>anak</translation>
    </message>
    <message>
        <source>colleague</source>
        <translation>rekan kerja</translation>
    </message>
    <message>
        <source>friend</source>
        <translation>teman</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>kerabat</translation>
    </message>
    <message>
        <source>not a valid phone number</source>
        <translation>bukan nomor telepon yang sah</translation>
    </message>
    <message>
        <source>Dialable</source>
        <translation>Bisa ditelepon</translation>
    </message>
    <message>
        <source>Locate only</source>
        <translation>Hanya untuk mencari</translation>
    </message>
    <message>
        <source>Not a phone number</source>
        <translation>Bukan nomor telepon</translation>
    </message>
    <message>
        <source>No — taken out of use ({why})</source>
        <translation>Tidak — sudah tidak dipakai ({why})</translation>
    </message>
    <message>
        <source>No — {why}</source>
        <translation>Tidak — {why}</translation>
    </message>
    <message>
        <source>No — flagged: {flags}</source>
        <translation>Tidak — ditandai: {flags}</translation>
    </message>
    <message>
        <source>No — valid until {day}</source>
        <translation>Tidak — berlaku sampai {day}</translation>
    </message>
    <message>
        <source>No — valid from {day}</source>
        <translation>Tidak — berlaku mulai {day}</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>{answered} of {attempts} answered</source>
        <translation>{answered} dari {attempts} diangkat</translation>
    </message>
    <message>
        <source>Too few answers yet</source>
        <translation>Belum cukup panggilan diangkat</translation>
    </message>
    <message>
        <source>Answers {spans} {zone}</source>
        <translation>Mengangkat pukul {spans} {zone}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>Can dial</source>
        <translation>Bisa ditelepon</translation>
    </message>
    <message>
        <source>Best hours</source>
        <translation>Jam terbaik</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>utama</translation>
    </message>
    <message>
        <source>verified {verified}× · wrong {wrong}×</source>
        <translation>terverifikasi {verified}× · salah sambung {wrong}×</translation>
    </message>
    <message>
        <source>zone {zone}</source>
        <translation>zona {zone}</translation>
    </message>
    <message>
        <source>Calls outside the usual hours</source>
        <translation>Panggilan di luar jam biasa</translation>
    </message>
    <message>
        <source>Call recording</source>
        <translation>Perekaman panggilan</translation>
    </message>
    <message>
        <source>Contact by WhatsApp</source>
        <translation>Kontak lewat WhatsApp</translation>
    </message>
    <message>
        <source>Contact by e-mail</source>
        <translation>Kontak lewat e-mail</translation>
    </message>
    <message>
        <source>on a recorded call</source>
        <translation>dalam panggilan yang direkam</translation>
    </message>
    <message>
        <source>in writing</source>
        <translation>secara tertulis</translation>
    </message>
    <message>
        <source>in the app</source>
        <translation>di aplikasi</translation>
    </message>
    <message>
        <source>by SMS</source>
        <translation>lewat SMS</translation>
    </message>
    <message>
        <source>by e-mail</source>
        <translation>lewat e-mail</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Diberikan</translation>
    </message>
    <message>
        <source>Revoked {day}</source>
        <translation>Dicabut {day}</translation>
    </message>
    <message>
        <source>Expired {day}</source>
        <translation>Kedaluwarsa {day}</translation>
    </message>
    <message>
        <source>In force until {day}</source>
        <translation>Berlaku sampai {day}</translation>
    </message>
    <message>
        <source>In force, no end date</source>
        <translation>Berlaku, tanpa batas waktu</translation>
    </message>
    <message>
        <source>How to pay</source>
        <translation>Cara bayar</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Nasabah</translation>
    </message>
    <message>
        <source>Arrears {arrears} of {outstanding} outstanding</source>
        <translation>Tunggakan {arrears} dari sisa utang {outstanding}</translation>
    </message>
    <message>
        <source>1 account</source>
        <translation>1 rekening</translation>
    </message>
    <message>
        <source>{count} accounts</source>
        <translation>{count} rekening</translation>
    </message>
    <message>
        <source>up to {days} past due</source>
        <translation>terlambat hingga {days}</translation>
    </message>
    <message>
        <source>Promise {amount} due {day}</source>
        <translation>Janji bayar {amount} jatuh tempo {day}</translation>
    </message>
    <message>
        <source>Next: {action} {when}</source>
        <translation>Berikutnya: {action} {when}</translation>
    </message>
    <message>
        <source>Last talked {day}: {outcome}</source>
        <translation>Terakhir bicara {day}: {outcome}</translation>
    </message>
    <message>
        <source>Not reached in the last {count} calls</source>
        <translation>Tidak terhubung dalam {count} panggilan terakhir</translation>
    </message>
    <message>
        <source>No contact yet</source>
        <translation>Belum pernah dihubungi</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Rekening</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Pembayaran</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Ditepati</translation>
    </message>
    <message>
        <source>Partially kept</source>
        <translation>Ditepati sebagian</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>Diingkari</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <source>Installment plan</source>
        <translation>Program cicilan</translation>
    </message>
    <message>
        <source>Settlement</source>
        <translation>Pelunasan</translation>
    </message>
    <message>
        <source>Early-payment discount</source>
        <translation>Diskon bayar lebih awal</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>Menunggu persetujuan</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Disetujui</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Ditolak</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Berjalan</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Manual call</source>
        <translation>Panggilan manual</translation>
    </message>
    <message>
        <source>Call out</source>
        <translation>Panggilan keluar</translation>
    </message>
    <message>
        <source>Call in</source>
        <translation>Panggilan masuk</translation>
    </message>
    <message>
        <source>No outcome (SIP {code})</source>
        <translation>Tanpa hasil (SIP {code})</translation>
    </message>
    <message>
        <source>No outcome</source>
        <translation>Tanpa hasil</translation>
    </message>
    <message>
        <source>entered by hand: {reason}</source>
        <translation>dicatat manual: {reason}</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Direkam</translation>
    </message>
    <message>
        <source>{when} · Promise {amount} for {day}</source>
        <translation>{when} · Janji bayar {amount} untuk {day}</translation>
    </message>
    <message>
        <source>paid {amount}</source>
        <translation>dibayar {amount}</translation>
    </message>
    <message>
        <source>checked {when}</source>
        <translation>diperiksa {when}</translation>
    </message>
    <message>
        <source>{kind}: {count} payments, {total}</source>
        <translation>{kind}: {count} kali bayar, {total}</translation>
    </message>
    <message>
        <source>{kind}: {total}</source>
        <translation>{kind}: {total}</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} sampai {last}</translation>
    </message>
    <message>
        <source>due {day}</source>
        <translation>jatuh tempo {day}</translation>
    </message>
    <message>
        <source>discount {amount}</source>
        <translation>diskon {amount}</translation>
    </message>
    <message>
        <source>supervisor #{id}</source>
        <translation>supervisor #{id}</translation>
    </message>
    <message>
        <source>decided by {who}: {reason}</source>
        <translation>diputuskan oleh {who}: {reason}</translation>
    </message>
    <message>
        <source>decided by {who}</source>
        <translation>diputuskan oleh {who}</translation>
    </message>
    <message>
        <source>{when} · {action} due</source>
        <translation>{when} · {action} jatuh tempo</translation>
    </message>
    <message>
        <source>{when} · On hold</source>
        <translation>{when} · Ditahan</translation>
    </message>
    <message>
        <source>Open, {relative}</source>
        <translation>Terbuka, {relative}</translation>
    </message>
    <message>
        <source>Open, due {ago}</source>
        <translation>Terbuka, jatuh tempo {ago}</translation>
    </message>
    <message>
        <source>on {number}</source>
        <translation>ke {number}</translation>
    </message>
    <message>
        <source>Check that the promised payment came in</source>
        <translation>Periksa apakah pembayaran yang dijanjikan sudah masuk</translation>
    </message>
    <message>
        <source>No calls, promises or plans yet.</source>
        <translation>Belum ada panggilan, janji bayar atau program.</translation>
    </message>
</context>
<context>
    <name>Copier</name>
    <message>
        <source>Copy</source>
        <translation>Salin</translation>
    </message>
</context>
<context>
    <name>ProfileChart</name>
    <message>
        <source>Due</source>
        <translation>Jatuh tempo</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Dibayar</translation>
    </message>
</context>
</TS>
