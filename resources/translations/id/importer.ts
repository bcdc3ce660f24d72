<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>ChoosePage</name>
    <message>
        <source>Choose the file and its mapping</source>
        <translation>Pilih berkas dan mapping-nya</translation>
    </message>
    <message>
        <source>A core-system export (CSV or XLSX) and the mapping that says what its columns mean.</source>
        <translation>Hasil ekspor dari sistem inti (CSV atau XLSX) dan mapping yang menjelaskan arti kolom-kolomnya.</translation>
    </message>
    <message>
        <source>portfolio export, e.g. bank_export_20261123.csv</source>
        <translation>ekspor portofolio, mis. bank_export_20261123.csv</translation>
    </message>
    <message>
        <source>mapping file, e.g. bank_nusantara.toml</source>
        <translation>berkas mapping, mis. bank_nusantara.toml</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Skip rows with errors: import the good rows and report the others</source>
        <translation>Lewati baris dengan kesalahan: impor baris yang benar dan laporkan sisanya</translation>
    </message>
    <message>
        <source>This file is the whole portfolio: recall accounts that are not in it (they leave the queue)</source>
        <translation>Berkas ini adalah seluruh portofolio: tarik rekening yang tidak ada di dalamnya (rekening itu keluar dari antrean)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Mapping</translation>
    </message>
    <message>
        <source>Portfolio file</source>
        <translation>Berkas portofolio</translation>
    </message>
    <message>
        <source>Portfolio files (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>Berkas portofolio (*.csv *.txt *.tsv *.xlsx);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Mappings (*.toml)</source>
        <translation>Mapping (*.toml)</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Save the row report…</source>
        <translation>Simpan laporan per baris…</translation>
    </message>
    <message>
        <source>Recalled: {accounts}</source>
        <translation>Ditarik: {accounts}</translation>
    </message>
    <message>
        <source>The portfolio is in. It brought no new customers; the changes show in the queue.</source>
        <translation>Portofolio sudah masuk. Tidak ada nasabah baru; perubahannya tampak di antrean.</translation>
    </message>
    <message>
        <source>The portfolio is in, but none of its new customers ({new}) has a number to call: they are flagged &quot;no contact point&quot; and stay out of the queue until a number is added.</source>
        <translation>Portofolio sudah masuk, tetapi tidak satu pun nasabah barunya ({new}) punya nomor yang dapat ditelepon: mereka ditandai &quot;tidak ada kontak&quot; dan tidak masuk antrean sampai nomornya ditambahkan.</translation>
    </message>
    <message>
        <source>The portfolio is in. Of {new} new customers, {queued} went into the queue with their reasons and {unreachable} will stay out of it, with no number to call (flagged &quot;no contact point&quot;) until one is added.</source>
        <translation>Portofolio sudah masuk. Dari {new} nasabah baru, {queued} masuk antrean beserta alasannya dan {unreachable} tidak masuk karena tidak punya nomor yang dapat ditelepon (ditandai &quot;tidak ada kontak&quot;) sampai nomornya ditambahkan.</translation>
    </message>
    <message>
        <source>The portfolio is in. New customers ({new}) appear in the queue with their reasons.</source>
        <translation>Portofolio sudah masuk. Nasabah baru ({new}) muncul di antrean beserta alasannya.</translation>
    </message>
</context>
<context>
    <name>DryRunPage</name>
    <message>
        <source>Dry run</source>
        <translation>Uji coba (dry run)</translation>
    </message>
    <message>
        <source>The whole file is checked and compared with the database. Nothing is written.</source>
        <translation>Seluruh berkas diperiksa dan dibandingkan dengan basis data. Tidak ada yang ditulis.</translation>
    </message>
    <message>
        <source>Save the row report…</source>
        <translation>Simpan laporan per baris…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <source>Fix the file, or go back and tick “Skip rows with errors” to import the others.</source>
        <translation>Perbaiki berkas, atau kembali dan centang “Lewati baris dengan kesalahan” untuk mengimpor sisanya.</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <source>All of the file goes in, or none of it if anything fails or you cancel. Agents can keep saving their calls meanwhile.</source>
        <translation>Seluruh berkas masuk, atau tidak sama sekali bila ada yang gagal atau Anda membatalkan. Agen tetap dapat menyimpan panggilan mereka selama itu.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Lanjutkan</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Save the row report</source>
        <translation>Simpan laporan baris</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Kembali</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Lanjut &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Import a portfolio file</source>
        <translation>Impor berkas portofolio</translation>
    </message>
</context>
<context>
    <name>IssueModel</name>
    <message>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <source>error</source>
        <translation>kesalahan</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>peringatan</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>catatan</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Rekening</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>Sisa utang</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>Tunggakan</translation>
    </message>
    <message>
        <source>DPD</source>
        <translation>DPD</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pratinjau</translation>
    </message>
    <message>
        <source>The first rows of the file as the mapping reads them. Nothing is written yet.</source>
        <translation>Baris-baris pertama berkas sebagaimana dibaca oleh mapping. Belum ada yang ditulis.</translation>
    </message>
    <message>
        <source>Problems in these rows</source>
        <translation>Masalah pada baris-baris ini</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Membaca berkas…</translation>
    </message>
    <message>
        <source>{file} ({kind}): {columns} columns</source>
        <translation>{file} ({kind}): {columns} kolom</translation>
    </message>
    <message>
        <source>{number} (not dialable)</source>
        <translation>{number} (tidak dapat dihubungi)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <source>{bills} bills, {payments} payments</source>
        <translation>{bills} tagihan, {payments} pembayaran</translation>
    </message>
    <message>
        <source>unknown time zone</source>
        <translation>zona waktu tidak diketahui</translation>
    </message>
</context>
<context>
    <name>_RunPage</name>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was written.</source>
        <translation>Dibatalkan. Tidak ada yang ditulis.</translation>
    </message>
    <message>
        <source>The import failed and nothing was written: {error}</source>
        <translation>Impor gagal dan tidak ada yang ditulis: {error}</translation>
    </message>
</context>
</TS>
