"""``agent-desk report kpis``: the CSV the issue specifies (one row per group, counts as integers, rates 0–1)."""

from __future__ import annotations

import csv
import io

from agent_desk.cli.main import build_parser, run


def report(database, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    args = build_parser().parse_args(
        ["--db", database.url.render_as_string(hide_password=False), "--at", "2026-11-10T10:00+07:00", *argv]
    )
    out, err = io.StringIO(), io.StringIO()
    return run(args, out=out, err=err), out.getvalue(), err.getvalue()


def test_csv_by_agent_has_the_login_counts_and_fractions(week) -> None:
    database, _ = week
    code, out, _ = report(
        database, "report", "kpis", "--from", "2026-11-02", "--to", "2026-11-08", "--by", "agent", "--format", "csv"
    )
    assert code == 0
    rows = {row["agent"]: row for row in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"ani", "budi", "citra"}
    assert (rows["ani"]["attempts"], rows["ani"]["rpc"], rows["ani"]["ptp"]) == ("4", "2", "2")
    assert rows["ani"]["rpc_rate"] == "0.5"
    assert float(rows["budi"]["ptp_rate"]) == 2 / 3 or abs(float(rows["budi"]["ptp_rate"]) - 2 / 3) < 1e-6
    assert rows["ani"]["amount_collected"] == "500000.00"
    header = next(csv.reader(io.StringIO(out)))
    assert all(
        0 <= float(row[name]) <= 1 for row in rows.values() for name in header if name.endswith("_rate") and row[name]
    )


def test_csv_by_day_and_text_output(week) -> None:
    database, _ = week
    code, out, _ = report(
        database, "report", "kpis", "--from", "2026-11-02", "--to", "2026-11-08", "--by", "day", "--format", "csv"
    )
    assert code == 0
    assert [row["day"] for row in csv.DictReader(io.StringIO(out))][:2] == ["2026-11-02", "2026-11-03"]
    code, out, _ = report(database, "report", "kpis", "--from", "2026-11-02", "--to", "2026-11-08", "--by", "team")
    assert code == 0 and "KPIs from" in out and out.count("\n") == 4


def test_bad_input_is_a_clear_refusal(week) -> None:
    database, _ = week
    code, _, err = report(database, "report", "kpis", "--from", "2026-11-08", "--to", "2026-11-02")
    assert code == 2 and "ends" in err and "Traceback" not in err
    code, _, err = report(database, "report", "kpis", "--from", "08/11/2026", "--to", "2026-11-09")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = report(database, "report", "kpis", "--from", "2026-11-02", "--to", "2026-11-08", "--team", "Nope")
    assert code == 2 and "Nope" in err
