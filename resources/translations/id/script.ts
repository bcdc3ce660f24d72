<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>ScriptPane</name>
    <message>
        <source>Script</source>
        <translation>Skrip</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Greeting and verification&lt;/h3&gt;&lt;p&gt;“Selamat pagi, boleh saya bicara dengan Bapak/Ibu &lt;b&gt;{name}&lt;/b&gt;?”&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Salam dan verifikasi&lt;/h3&gt;&lt;p&gt;“Selamat pagi, boleh saya bicara dengan Bapak/Ibu &lt;b&gt;{name}&lt;/b&gt;?”&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Open a customer to see the call script.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Buka nasabah untuk melihat skrip panggilan.&lt;/p&gt;</translation>
    </message>
</context>
</TS>
