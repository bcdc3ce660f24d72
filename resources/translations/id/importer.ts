<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>ChoosePage</name>
    <message>
        <source>Choose the file and its mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A core-system export (CSV or XLSX) and the mapping that says what its columns mean.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>portfolio export, e.g. bank_export_20261123.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mapping file, e.g. bank_nusantara.toml</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip rows with errors: import the good rows and report the others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is the whole portfolio: recall accounts that are not in it (they leave the queue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portfolio file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portfolio files (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mappings (*.toml)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the row report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recalled: {accounts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portfolio is in. New customers appear in the queue with their reasons.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DryRunPage</name>
    <message>
        <source>Dry run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole file is checked and compared with the database. Nothing is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the row report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the file, or go back and tick “Skip rows with errors” to import the others.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing in one transaction: until it is done, nothing changes for the agents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a portfolio file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first rows of the file as the mapping reads them. Nothing is written yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems in these rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} ({kind}): {columns} columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} (not dialable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bills} bills, {payments} payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown time zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_RunPage</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import failed and nothing was written: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Save the row report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
