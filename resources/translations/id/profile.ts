<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>ProfilePane</name>
    <message>
        <source>Customer profile</source>
        <translation>Profil nasabah</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>Belum ada nasabah yang dibuka</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Rekening</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>May call now</source>
        <translation>Boleh ditelepon sekarang</translation>
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
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
</context>
</TS>
