<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>OutboxView</name>
    <message numerus="yes">
        <source>Handed to the provider %n time(s)</source>
        <translation>
            <numerusform>Handed to the provider %n time</numerusform>
            <numerusform>Handed to the provider %n times</numerusform>
        </translation>
    </message>
</context>
</TS>
