<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>LimitsView</name>
    <message>
        <source>Limits of the role {role}</source>
        <translation>Batas peran {role}</translation>
    </message>
</context>
<context>
    <name>ManualCallDialog</name>
    <message>
        <source>Record a manual call</source>
        <translation>Catat panggilan manual</translation>
    </message>
    <message>
        <source>Only for a call you really made outside the softphone, to {name}. It counts like any call and your supervisor sees that it was entered by hand.</source>
        <translation>Hanya untuk panggilan yang benar-benar Anda lakukan di luar softphone, kepada {name}. Panggilan ini dihitung seperti panggilan lain dan supervisor Anda melihat bahwa panggilan ini dicatat manual.</translation>
    </message>
    <message>
        <source>The customer has no phone number on record</source>
        <translation>Nasabah tidak punya nomor telepon yang tercatat</translation>
    </message>
    <message>
        <source>Customer&apos;s time ({zone})</source>
        <translation>Waktu nasabah ({zone})</translation>
    </message>
    <message>
        <source>Someone answered</source>
        <translation>Ada yang menjawab</translation>
    </message>
    <message>
        <source>Why not through the softphone, e.g. the line was down</source>
        <translation>Mengapa tidak lewat softphone, mis. jalurnya putus</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Record the call</source>
        <translation>Catat panggilan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Choose the number you called.</source>
        <translation>Pilih nomor yang Anda telepon.</translation>
    </message>
    <message>
        <source>Say why the call was made outside the softphone.</source>
        <translation>Sebutkan mengapa panggilan dilakukan di luar softphone.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferensi</translation>
    </message>
    <message>
        <source>Remembered on this computer for everyone who signs in here. The window reopens in the new language; your work is kept.</source>
        <translation>Diingat di komputer ini untuk semua yang masuk di sini. Jendela dibuka ulang dalam bahasa baru; pekerjaan Anda tetap tersimpan.</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Bahasa tampilan</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
</TS>
