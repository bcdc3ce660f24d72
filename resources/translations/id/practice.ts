<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>AssignmentsTab</name>
    <message>
        <source>Simulated customer</source>
        <translation>Nasabah simulasi</translation>
    </message>
    <message>
        <source>Live role-play (you play the customer)</source>
        <translation>Bermain peran langsung (Anda memerankan nasabah)</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Tugaskan</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Skenario</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Tenggat</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesi</translation>
    </message>
    <message>
        <source>Best score</source>
        <translation>Nilai terbaik</translation>
    </message>
    <message>
        <source>Cancel the assignment</source>
        <translation>Batalkan tugas</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <source>Simulated</source>
        <translation>Simulasi</translation>
    </message>
    <message>
        <source>Choose a trainee and a scenario.</source>
        <translation>Pilih peserta dan skenario.</translation>
    </message>
    <message>
        <source>Assigned “{scenario}” to {trainee}.</source>
        <translation>“{scenario}” ditugaskan kepada {trainee}.</translation>
    </message>
</context>
<context>
    <name>LiveRolePlayTab</name>
    <message>
        <source>Wait for the call</source>
        <translation>Tunggu panggilan</translation>
    </message>
    <message>
        <source>Choose a trainee and a scenario, then wait for their practice call.</source>
        <translation>Pilih peserta dan skenario, lalu tunggu panggilan latihannya.</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Skenario</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Dilakukan</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Terlewat</translation>
    </message>
    <message>
        <source>Does not apply</source>
        <translation>Tidak berlaku</translation>
    </message>
    <message>
        <source>Notes for the trainee</source>
        <translation>Catatan untuk peserta</translation>
    </message>
    <message>
        <source>Save the sheet</source>
        <translation>Simpan lembar penilaian</translation>
    </message>
    <message>
        <source>Scoring sheet</source>
        <translation>Lembar penilaian</translation>
    </message>
    <message>
        <source>Waiting for {trainee}&apos;s practice call on {uri}. Answer it below; tick the sheet as the call goes.</source>
        <translation>Menunggu panggilan latihan {trainee} di {uri}. Jawab di bawah; centang lembar penilaian selama panggilan berlangsung.</translation>
    </message>
    <message>
        <source>Practice line: no SIP account needed</source>
        <translation>Saluran latihan: tidak perlu akun SIP</translation>
    </message>
    <message>
        <source>The call has ended. Finish the sheet and save it.</source>
        <translation>Panggilan sudah berakhir. Lengkapi lembar penilaian lalu simpan.</translation>
    </message>
    <message>
        <source>Saved: {score} / 100</source>
        <translation>Tersimpan: {score} / 100</translation>
    </message>
</context>
<context>
    <name>PracticeBanner</name>
    <message>
        <source>PRACTICE</source>
        <translation>LATIHAN</translation>
    </message>
    <message>
        <source>End practice</source>
        <translation>Akhiri latihan</translation>
    </message>
    <message>
        <source>Live role-play: {title} · your trainer plays {customer} · sandbox, no real customer</source>
        <translation>Bermain peran langsung: {title} · pelatih Anda memerankan {customer} · sandbox, bukan nasabah sungguhan</translation>
    </message>
    <message>
        <source>Scenario: {title} · simulated customer {customer} · sandbox, no real customer</source>
        <translation>Skenario: {title} · nasabah simulasi {customer} · sandbox, bukan nasabah sungguhan</translation>
    </message>
</context>
<context>
    <name>PracticeWindow</name>
    <message>
        <source>PRACTICE — Agent Desk — {name} — {scenario}</source>
        <translation>LATIHAN — Agent Desk — {name} — {scenario}</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Panggilan</translation>
    </message>
    <message>
        <source>Say something (the reply box)</source>
        <translation>Ucapkan sesuatu (kotak balasan)</translation>
    </message>
    <message>
        <source>PRACTICE</source>
        <translation>LATIHAN</translation>
    </message>
    <message>
        <source>Sandbox: {where}</source>
        <translation>Sandbox: {where}</translation>
    </message>
    <message>
        <source>Practice time (customer): {time}</source>
        <translation>Waktu latihan (nasabah): {time}</translation>
    </message>
    <message>
        <source>Practice line: no SIP account needed</source>
        <translation>Saluran latihan: tidak perlu akun SIP</translation>
    </message>
    <message>
        <source>The call has ended. Save the wrap-up to see your report.</source>
        <translation>Panggilan sudah berakhir. Simpan wrap-up untuk melihat laporan Anda.</translation>
    </message>
</context>
<context>
    <name>ProgressTab</name>
    <message>
        <source>Score per session</source>
        <translation>Nilai per sesi</translation>
    </message>
    <message>
        <source>Each rubric item, % of its points</source>
        <translation>Setiap butir rubrik, % dari poinnya</translation>
    </message>
    <message>
        <source>Team: weakest items first (% of points)</source>
        <translation>Tim: butir terlemah lebih dulu (% poin)</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <source>No finished sessions yet.</source>
        <translation>Belum ada sesi yang selesai.</translation>
    </message>
    <message>
        <source>{count} sessions · last {last} · best {best}</source>
        <translation>{count} sesi · terakhir {last} · terbaik {best}</translation>
    </message>
</context>
<context>
    <name>RecordingPlayer</name>
    <message>
        <source>▶ Play recording</source>
        <translation>▶ Putar rekaman</translation>
    </message>
    <message>
        <source>{minutes}:{seconds:02d} recorded</source>
        <translation>{minutes}:{seconds:02d} terekam</translation>
    </message>
    <message>
        <source>No recording</source>
        <translation>Tidak ada rekaman</translation>
    </message>
    <message>
        <source>⏸ Pause</source>
        <translation>⏸ Jeda</translation>
    </message>
</context>
<context>
    <name>ReplyBox</name>
    <message>
        <source>What you say</source>
        <translation>Yang Anda ucapkan</translation>
    </message>
    <message>
        <source>Suggested replies: click one (or choose it and press Enter) to say it</source>
        <translation>Saran balasan: klik salah satu (atau pilih lalu tekan Enter) untuk mengucapkannya</translation>
    </message>
    <message>
        <source>Or type what you say, then Enter</source>
        <translation>Atau ketik yang Anda ucapkan, lalu Enter</translation>
    </message>
    <message>
        <source>Say</source>
        <translation>Ucapkan</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Practice report</source>
        <translation>Laporan latihan</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Durasi bicara</translation>
    </message>
    <message>
        <source>does not apply</source>
        <translation>tidak berlaku</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transkrip</translation>
    </message>
    <message>
        <source>Feedback report</source>
        <translation>Laporan umpan balik</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Ekspor PDF…</translation>
    </message>
    <message>
        <source>Back to work</source>
        <translation>Kembali bekerja</translation>
    </message>
    <message>
        <source>Choose a session to see its report.</source>
        <translation>Pilih sesi untuk melihat laporannya.</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Ekspor laporan</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ScenarioCard</name>
    <message>
        <source>arrears</source>
        <translation>tunggakan</translation>
    </message>
    <message>
        <source>outstanding</source>
        <translation>sisa pokok</translation>
    </message>
    <message>
        <source>due in</source>
        <translation>jatuh tempo dalam</translation>
    </message>
    <message>
        <source>days past due</source>
        <translation>hari lewat jatuh tempo</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Tujuan</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Nasabah</translation>
    </message>
    <message>
        <source>temperament</source>
        <translation>watak</translation>
    </message>
    <message>
        <source>can pay at most</source>
        <translation>sanggup bayar paling banyak</translation>
    </message>
    <message>
        <source>Dialogue</source>
        <translation>Dialog</translation>
    </message>
    <message>
        <source>gives proof of identity</source>
        <translation>memberi bukti identitas</translation>
    </message>
    <message>
        <source>voices a feeling</source>
        <translation>mengungkapkan perasaan</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Langkah %1</translation>
    </message>
</context>
<context>
    <name>ScenariosTab</name>
    <message>
        <source>Check all scenarios</source>
        <translation>Periksa semua skenario</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
</context>
<context>
    <name>SessionsTab</name>
    <message>
        <source>Finished sessions</source>
        <translation>Sesi yang selesai</translation>
    </message>
    <message>
        <source>All sessions</source>
        <translation>Semua sesi</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Skenario</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <source>Scripted</source>
        <translation>Skrip</translation>
    </message>
    <message>
        <source>Simulated</source>
        <translation>Simulasi</translation>
    </message>
</context>
<context>
    <name>SubtitlePanel</name>
    <message>
        <source>The customer&apos;s words appear here.</source>
        <translation>Ucapan nasabah muncul di sini.</translation>
    </message>
</context>
<context>
    <name>TraineePracticeView</name>
    <message>
        <source>Practice</source>
        <translation>Latihan</translation>
    </message>
    <message>
        <source>Practise collection calls in a sandbox: a simulated customer answers a practice line, and you are scored on verification, empathy, compliance and the outcome. Nothing here touches real customers.</source>
        <translation>Latih panggilan penagihan di sandbox: nasabah simulasi menjawab saluran latihan, dan Anda dinilai atas verifikasi, empati, kepatuhan dan hasilnya. Tidak ada yang menyentuh nasabah sungguhan.</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Skenario</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Tenggat</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Best score</source>
        <translation>Nilai terbaik</translation>
    </message>
    <message>
        <source>Start practice</source>
        <translation>Mulai latihan</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <source>Your assignments</source>
        <translation>Tugas Anda</translation>
    </message>
    <message>
        <source>Your sessions</source>
        <translation>Sesi Anda</translation>
    </message>
    <message>
        <source>Live with your trainer</source>
        <translation>Langsung dengan pelatih Anda</translation>
    </message>
    <message>
        <source>Simulated customer</source>
        <translation>Nasabah simulasi</translation>
    </message>
    <message>
        <source>No assignments yet: your trainer gives them.</source>
        <translation>Belum ada tugas: pelatih Anda yang memberikannya.</translation>
    </message>
    <message>
        <source>Your trainer is not ready for this role-play yet.</source>
        <translation>Pelatih Anda belum siap untuk bermain peran ini.</translation>
    </message>
</context>
<context>
    <name>TrainerConsole</name>
    <message>
        <source>Practice</source>
        <translation>Latihan</translation>
    </message>
    <message>
        <source>Role-play for collectors: assign scenarios, review sessions with their recordings, follow progress, or play the customer yourself. Practice runs in its own database; no real customer is involved.</source>
        <translation>Bermain peran untuk penagih: berikan skenario, tinjau sesi beserta rekamannya, pantau kemajuan, atau perankan sendiri nasabahnya. Latihan berjalan di basis datanya sendiri; tidak ada nasabah sungguhan yang terlibat.</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Skenario</translation>
    </message>
    <message>
        <source>Assignments</source>
        <translation>Tugas</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesi</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Kemajuan</translation>
    </message>
    <message>
        <source>Live role-play</source>
        <translation>Bermain peran langsung</translation>
    </message>
</context>
</TS>
