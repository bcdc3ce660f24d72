<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>ApprovalsView</name>
    <message>
        <source>Plans waiting for approval</source>
        <translation>Rencana menunggu persetujuan</translation>
    </message>
    <message>
        <source>Plans agents offered beyond their authority. The customer was told a supervisor decides; the agent sees your decision on the customer.</source>
        <translation>Rencana yang ditawarkan agen di luar kewenangannya. Nasabah sudah diberi tahu bahwa supervisor yang memutuskan; agen melihat keputusan Anda pada nasabah tersebut.</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Diajukan</translation>
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
        <source>Offer</source>
        <translation>Penawaran</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Dasar</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Diskon</translation>
    </message>
    <message>
        <source>Total and payments</source>
        <translation>Total dan pembayaran</translation>
    </message>
    <message>
        <source>Why approval</source>
        <translation>Alasan perlu persetujuan</translation>
    </message>
    <message>
        <source>Reason (needed to reject; shown to the agent)</source>
        <translation>Alasan (wajib untuk menolak; ditampilkan ke agen)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Tolak</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>Eskalasi…</translation>
    </message>
    <message>
        <source>Beyond your own authority: hand it to someone whose authority covers it (the reason goes along)</source>
        <translation>Melebihi kewenangan Anda sendiri: serahkan kepada orang yang kewenangannya mencakupnya (alasannya ikut diteruskan)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>{total} in {count} from {day}</source>
        <translation>{total} dalam {count} kali mulai {day}</translation>
    </message>
    <message>
        <source>Nothing is waiting for a decision.</source>
        <translation>Tidak ada yang menunggu keputusan.</translation>
    </message>
    <message>
        <source>Reject the plan</source>
        <translation>Tolak rencana</translation>
    </message>
    <message>
        <source>Why? The agent will see this.</source>
        <translation>Mengapa? Agen akan melihat alasan ini.</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>Penolakan harus disertai alasan.</translation>
    </message>
    <message>
        <source>Escalate it to someone whose authority covers it.</source>
        <translation>Eskalasikan kepada orang yang kewenangannya mencakupnya.</translation>
    </message>
    <message>
        <source>Approved the plan for {name}.</source>
        <translation>Rencana untuk {name} disetujui.</translation>
    </message>
    <message>
        <source>Rejected the plan for {name}.</source>
        <translation>Rencana untuk {name} ditolak.</translation>
    </message>
    <message>
        <source>Nobody&apos;s authority covers this plan. An admin can raise a limit (Admin › Limits), or reject it.</source>
        <translation>Tidak ada yang kewenangannya mencakup rencana ini. Admin dapat menaikkan batas (Admin › Batas), atau tolak rencananya.</translation>
    </message>
    <message>
        <source>Escalate the plan</source>
        <translation>Eskalasikan rencana</translation>
    </message>
    <message>
        <source>Who decides the plan for {name}? Only those whose authority covers it are listed.</source>
        <translation>Siapa yang memutuskan rencana untuk {name}? Hanya yang kewenangannya mencakupnya yang ditampilkan.</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Eskalasikan</translation>
    </message>
    <message>
        <source>Escalated the plan for {name} to {to}.</source>
        <translation>Rencana untuk {name} dieskalasikan ke {to}.</translation>
    </message>
    <message>
        <source>{name} · {role} · settlement up to {settlement}%, early payment up to {early}%, {count} payments</source>
        <translation>{name} · {role} · diskon pelunasan hingga {settlement}%, bayar cepat hingga {early}%, {count} kali bayar</translation>
    </message>
</context>
<context>
    <name>FlaggedWordingView</name>
    <message>
        <source>Flagged wording</source>
        <translation>Kata-kata yang ditandai</translation>
    </message>
    <message>
        <source>Notes an agent saved although the desk warned that the words may sound threatening, humiliating or coercive. Talk it through with the agent, then mark it reviewed.</source>
        <translation>Catatan yang tetap disimpan agen walaupun sudah diperingatkan bahwa kata-katanya bisa terdengar mengancam, merendahkan atau memaksa. Bicarakan dengan agen, lalu tandai sudah ditinjau.</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Disimpan</translation>
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
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Kata-kata</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Di</translation>
    </message>
    <message>
        <source>Mark reviewed</source>
        <translation>Tandai sudah ditinjau</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Threat</source>
        <translation>Ancaman</translation>
    </message>
    <message>
        <source>Humiliation</source>
        <translation>Merendahkan</translation>
    </message>
    <message>
        <source>Coercion</source>
        <translation>Paksaan</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Nothing to review.</source>
        <translation>Tidak ada yang perlu ditinjau.</translation>
    </message>
</context>
</TS>
