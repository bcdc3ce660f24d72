<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>AudioControls</name>
    <message>
        <source>Microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test my phone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No microphone or speaker found. Plug in a headset; calls cannot be heard until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No microphone found. Plug in a headset: the other side hears silence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No speaker found. Plug in a headset to hear the other side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound devices are not connected to the phone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhoneTestDialog</name>
    <message>
        <source>Test my phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register with my SIP account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number or sip: address for a test call (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run test</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SipPasswordDialog</name>
    <message>
        <source>SIP password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember in the OS keyring</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoftphonePane</name>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio from the other side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number or sip: address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer to (e.g. supervisor&apos;s extension)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dialling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call ended — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoftphonePlaceholder</name>
    <message>
        <source>Softphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not registered — no SIP account configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number to dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure a SIP account to place calls</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
