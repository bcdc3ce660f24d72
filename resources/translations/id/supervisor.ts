<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>CallDetailPane</name>
    <message>
        <source>Choose an outcome in the list.</source>
        <translation>Pilih hasil panggilan di daftar.</translation>
    </message>
    <message>
        <source>Listen to the recording</source>
        <translation>Dengarkan rekaman</translation>
    </message>
    <message>
        <source>Score this call…</source>
        <translation>Nilai panggilan ini…</translation>
    </message>
    <message>
        <source>Difference between reviewers: {points} points</source>
        <translation>Selisih antar peninjau: {points} poin</translation>
    </message>
    <message>
        <source>They disagree on: {codes}</source>
        <translation>Mereka berbeda pada: {codes}</translation>
    </message>
    <message>
        <source>QA scores</source>
        <translation>Skor QA</translation>
    </message>
    <message>
        <source>Agent: {agent}</source>
        <translation>Agen: {agent}</translation>
    </message>
    <message>
        <source>Disposition: {disposition}</source>
        <translation>Disposisi: {disposition}</translation>
    </message>
    <message>
        <source>✎ Recorded without a call</source>
        <translation>✎ Dicatat tanpa panggilan</translation>
    </message>
    <message>
        <source>✎ Made from another phone, entered by hand: {reason}</source>
        <translation>✎ Dari telepon lain, dicatat manual: {reason}</translation>
    </message>
    <message>
        <source>Talk time: {seconds} s · SIP {code}</source>
        <translation>Waktu bicara: {seconds} dtk · SIP {code}</translation>
    </message>
    <message>
        <source>Flags: {flags}</source>
        <translation>Tanda: {flags}</translation>
    </message>
    <message>
        <source>Script: {variant}, stage reached: {stage}</source>
        <translation>Skrip: {variant}, tahap tercapai: {stage}</translation>
    </message>
    <message>
        <source>Objections: {list}</source>
        <translation>Keberatan: {list}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Alasan: {reason}</translation>
    </message>
    <message>
        <source>Promise {amount} on {date}: {status}</source>
        <translation>Janji {amount} pada {date}: {status}</translation>
    </message>
    <message>
        <source>Plan: {kind}, {status} ({total})</source>
        <translation>Rencana: {kind}, {status} ({total})</translation>
    </message>
    <message>
        <source>Flagged wording: {phrases}</source>
        <translation>Kata-kata bertanda: {phrases}</translation>
    </message>
    <message>
        <source>Notes: {notes}</source>
        <translation>Catatan: {notes}</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
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
        <source>This month</source>
        <translation>Bulan ini</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>Semua segmen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Ekspor PDF…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agen</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmen</translation>
    </message>
    <message>
        <source>Attempts today</source>
        <translation>Upaya hari ini</translation>
    </message>
    <message>
        <source>Right-party contact rate</source>
        <translation>Tingkat kontak pihak yang tepat</translation>
    </message>
    <message>
        <source>Promises today</source>
        <translation>Janji bayar hari ini</translation>
    </message>
    <message>
        <source>Promises kept in the period</source>
        <translation>Janji ditepati dalam periode</translation>
    </message>
    <message>
        <source>Collected on today&apos;s promises</source>
        <translation>Tertagih dari janji hari ini</translation>
    </message>
    <message>
        <source>Messages sent today</source>
        <translation>Pesan terkirim hari ini</translation>
    </message>
    <message>
        <source>Attempts per day (click a point for its outcomes)</source>
        <translation>Upaya per hari (klik titik untuk melihat hasilnya)</translation>
    </message>
    <message>
        <source>No attempts in this period</source>
        <translation>Tidak ada upaya pada periode ini</translation>
    </message>
    <message>
        <source>Right-party contacts per agent</source>
        <translation>Kontak pihak yang tepat per agen</translation>
    </message>
    <message>
        <source>No right-party contacts in this period</source>
        <translation>Tidak ada kontak pihak yang tepat pada periode ini</translation>
    </message>
    <message>
        <source>Funnel: attempts → connects → RPC → PTP → kept</source>
        <translation>Corong: upaya → tersambung → RPC → PTP → ditepati</translation>
    </message>
    <message>
        <source>Collected by hour of day (customer&apos;s local time)</source>
        <translation>Tertagih per jam (waktu setempat nasabah)</translation>
    </message>
    <message>
        <source>Nothing collected yet on the promises of this period</source>
        <translation>Belum ada yang tertagih dari janji bayar periode ini</translation>
    </message>
    <message>
        <source>QA score per week (average, %)</source>
        <translation>Skor QA per minggu (rata-rata, %)</translation>
    </message>
    <message>
        <source>No scorecards in this period</source>
        <translation>Tidak ada kartu skor pada periode ini</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>Semua tim</translation>
    </message>
    <message>
        <source>All agents</source>
        <translation>Semua agen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>Diperbarui {time}</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Upaya</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>Tersambung</translation>
    </message>
    <message>
        <source>RPC</source>
        <translation>RPC</translation>
    </message>
    <message>
        <source>PTP</source>
        <translation>PTP</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Ditepati</translation>
    </message>
    <message>
        <source>Could not load the figures: {reason}</source>
        <translation>Angka tidak dapat dimuat: {reason}</translation>
    </message>
    <message>
        <source>{kept} of {judged} judged promises due in it</source>
        <translation>{kept} dari {judged} janji jatuh tempo yang sudah dinilai</translation>
    </message>
    <message>
        <source>no promise due in it judged yet</source>
        <translation>belum ada janji jatuh tempo yang dinilai</translation>
    </message>
    <message>
        <source>no attempts yet today</source>
        <translation>belum ada upaya hari ini</translation>
    </message>
    <message>
        <source>no attempts on the same day last week</source>
        <translation>tidak ada upaya pada hari yang sama minggu lalu</translation>
    </message>
    <message>
        <source>= the same as the same day last week</source>
        <translation>= sama dengan hari yang sama minggu lalu</translation>
    </message>
    <message>
        <source>{arrow} {delta} vs same day last week</source>
        <translation>{arrow} {delta} vs hari yang sama minggu lalu</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>{channel}: {sent} sent, {delivered} delivered, {failed} failed</source>
        <translation>{channel}: {sent} terkirim, {delivered} sampai, {failed} gagal</translation>
    </message>
    <message>
        <source>Export the dashboard as CSV</source>
        <translation>Ekspor dasbor sebagai CSV</translation>
    </message>
    <message>
        <source>Export the dashboard as PDF</source>
        <translation>Ekspor dasbor sebagai PDF</translation>
    </message>
    <message>
        <source>Agent Desk dashboard</source>
        <translation>Dasbor Agent Desk</translation>
    </message>
</context>
<context>
    <name>ExperimentForm</name>
    <message>
        <source>New experiment</source>
        <translation>Eksperimen baru</translation>
    </message>
    <message>
        <source>e.g. Softer opening for 1–30 days</source>
        <translation>mis. Pembuka lebih lembut untuk 1–30 hari</translation>
    </message>
    <message>
        <source>Script variant</source>
        <translation>Varian skrip</translation>
    </message>
    <message>
        <source>Priority weights</source>
        <translation>Bobot prioritas</translation>
    </message>
    <message>
        <source>Cadence</source>
        <translation>Kadensi</translation>
    </message>
    <message>
        <source>The same seed and segment always give the same split.</source>
        <translation>Seed dan segmen yang sama selalu menghasilkan pembagian yang sama.</translation>
    </message>
    <message>
        <source>Start experiment</source>
        <translation>Mulai eksperimen</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Semua</translation>
    </message>
    <message>
        <source>Champion&apos;s script</source>
        <translation>Skrip juara</translation>
    </message>
    <message>
        <source>Challenger&apos;s script</source>
        <translation>Skrip penantang</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Bobot</translation>
    </message>
    <message>
        <source>Champion (today)</source>
        <translation>Juara (saat ini)</translation>
    </message>
    <message>
        <source>Challenger</source>
        <translation>Penantang</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Tahap</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>What varies</source>
        <translation>Yang diuji</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmen</translation>
    </message>
    <message>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <source>Period (days included)</source>
        <translation>Periode (termasuk kedua hari)</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Challenger&apos;s share</source>
        <translation>Porsi penantang</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pratinjau</translation>
    </message>
    <message>
        <source>The two scripts the agents will follow, one per arm.</source>
        <translation>Dua skrip yang akan diikuti agen, satu per kelompok.</translation>
    </message>
    <message>
        <source>The champion keeps today&apos;s weights; type the challenger&apos;s where it should differ.</source>
        <translation>Juara memakai bobot saat ini; ketik bobot penantang di tempat yang harus berbeda.</translation>
    </message>
    <message>
        <source>The champion keeps today&apos;s cadence; type the challenger&apos;s where it should differ (leave a maximum empty for no limit of the stage&apos;s own).</source>
        <translation>Juara memakai kadensi saat ini; ketik kadensi penantang di tempat yang harus berbeda (kosongkan batas maksimum agar tahap tidak punya batas sendiri).</translation>
    </message>
    <message>
        <source>Working out the split…</source>
        <translation>Menghitung pembagian…</translation>
    </message>
    <message>
        <source>{customers} customers in the segment: {champion} to the champion, {challenger} to the challenger.</source>
        <translation>{customers} nasabah di segmen ini: {champion} ke juara, {challenger} ke penantang.</translation>
    </message>
    <message>
        <source>Runs {first} to {last} (team zone {zone}).</source>
        <translation>Berjalan {first} sampai {last} (zona tim {zone}).</translation>
    </message>
    <message>
        <source>The challenger differs in: {changes}.</source>
        <translation>Penantang berbeda pada: {changes}.</translation>
    </message>
    <message>
        <source>Could not check the request: {reason}</source>
        <translation>Permintaan tidak dapat diperiksa: {reason}</translation>
    </message>
</context>
<context>
    <name>ExperimentsView</name>
    <message>
        <source>New experiment…</source>
        <translation>Eksperimen baru…</translation>
    </message>
    <message>
        <source>Choose an experiment to compare its arms.</source>
        <translation>Pilih eksperimen untuk membandingkan kelompoknya.</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Champion</source>
        <translation>Juara</translation>
    </message>
    <message>
        <source>Challenger</source>
        <translation>Penantang</translation>
    </message>
    <message>
        <source>Script variant</source>
        <translation>Varian skrip</translation>
    </message>
    <message>
        <source>Priority weights</source>
        <translation>Bobot prioritas</translation>
    </message>
    <message>
        <source>Cadence</source>
        <translation>Kadensi</translation>
    </message>
    <message>
        <source>No experiment yet: start one with New experiment…</source>
        <translation>Belum ada eksperimen: mulai dengan Eksperimen baru…</translation>
    </message>
    <message>
        <source>{name}: {first} – {last}</source>
        <translation>{name}: {first} – {last}</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Nasabah</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Upaya</translation>
    </message>
    <message>
        <source>Right-party contacts</source>
        <translation>Kontak pihak yang tepat</translation>
    </message>
    <message>
        <source>Promises</source>
        <translation>Janji bayar</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Tertagih</translation>
    </message>
</context>
<context>
    <name>LiveBoardView</name>
    <message>
        <source>Agent</source>
        <translation>Agen</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Selama</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <source>Callable now</source>
        <translation>Bisa ditelepon sekarang</translation>
    </message>
    <message>
        <source>Agents&apos; states show as they change; queues and promises refresh every 5 s.</source>
        <translation>Status agen tampil saat berubah; antrean dan janji bayar diperbarui tiap 5 detik.</translation>
    </message>
    <message>
        <source>Refreshed every 5 s.</source>
        <translation>Diperbarui tiap 5 detik.</translation>
    </message>
    <message>
        <source>Promises due today: {due} · kept so far: {kept}</source>
        <translation>Janji jatuh tempo hari ini: {due} · sudah ditepati: {kept}</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>Tanpa tim</translation>
    </message>
</context>
<context>
    <name>MyScorecardsView</name>
    <message>
        <source>Scored</source>
        <translation>Dinilai</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Peninjau</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Skor</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentar</translation>
    </message>
    <message>
        <source>My scorecards</source>
        <translation>Kartu skor saya</translation>
    </message>
    <message>
        <source>How reviewers scored your calls, with their comments.</source>
        <translation>Bagaimana peninjau menilai panggilan Anda, dengan komentar mereka.</translation>
    </message>
</context>
<context>
    <name>OutcomeReviewView</name>
    <message>
        <source>All agents</source>
        <translation>Semua agen</translation>
    </message>
    <message>
        <source>All dispositions</source>
        <translation>Semua disposisi</translation>
    </message>
    <message>
        <source>Flagged wording</source>
        <translation>Kata-kata bertanda</translation>
    </message>
    <message>
        <source>Entered by hand</source>
        <translation>Dicatat manual</translation>
    </message>
    <message>
        <source>Calls made from another phone and entered by hand</source>
        <translation>Panggilan dari telepon lain yang dicatat manual</translation>
    </message>
    <message>
        <source>Amount from</source>
        <translation>Jumlah dari</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>Outcomes behind the chart: {first} – {last}, {what}</source>
        <translation>Hasil di balik grafik: {first} – {last}, {what}</translation>
    </message>
</context>
<context>
    <name>OutcomeTableModel</name>
    <message>
        <source>When (customer time)</source>
        <translation>Kapan (waktu nasabah)</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agen</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Nasabah</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposisi</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Panggilan</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Tanda</translation>
    </message>
    <message>
        <source>QA</source>
        <translation>QA</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>Made from another phone and entered by hand: %1</source>
        <translation>Dari telepon lain, dicatat manual: %1</translation>
    </message>
    <message>
        <source>Recorded without a call</source>
        <translation>Dicatat tanpa panggilan</translation>
    </message>
    <message>
        <source>Made through the desk</source>
        <translation>Dilakukan melalui aplikasi</translation>
    </message>
    <message>
        <source>no call</source>
        <translation>tanpa panggilan</translation>
    </message>
</context>
<context>
    <name>QaFormDialog</name>
    <message>
        <source>QA scorecard — {form}</source>
        <translation>Kartu skor QA — {form}</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>t/b</translation>
    </message>
    <message>
        <source>Instant fail (any one makes the score 0)</source>
        <translation>Gagal langsung (salah satu membuat skor 0)</translation>
    </message>
    <message>
        <source>Comment for the agent</source>
        <translation>Komentar untuk agen</translation>
    </message>
    <message>
        <source>{count} checkpoints still to answer</source>
        <translation>{count} butir belum dijawab</translation>
    </message>
    <message>
        <source>Score: {score} %</source>
        <translation>Skor: {score} %</translation>
    </message>
    <message>
        <source> — instant fail</source>
        <translation> — gagal langsung</translation>
    </message>
</context>
<context>
    <name>RecordingPlayer</name>
    <message>
        <source>Play</source>
        <translation>Putar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Jeda</translation>
    </message>
</context>
<context>
    <name>SupervisorTabs</name>
    <message>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <source>Outcome review</source>
        <translation>Tinjauan hasil</translation>
    </message>
    <message>
        <source>Live board</source>
        <translation>Papan langsung</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>Eksperimen</translation>
    </message>
    <message>
        <source>My scorecards</source>
        <translation>Kartu skor saya</translation>
    </message>
</context>
</TS>
