<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>WrapUpPane</name>
    <message>
        <source>Wrap-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes about the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available once a call has been made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
