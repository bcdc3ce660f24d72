"""The agent's first queue page read through the standard library's sqlite3, before SQLAlchemy and the models load.

:func:`read_first_page` returns the page only when the desk would show exactly these rows once it has loaded:

- an SQLite file (team mode's PostgreSQL starts the normal way) that this process may write (a read-only file is
  opened read-only by the desk and says so), holding Agent Desk's schema at this code's migration head;
- a stored worklist that the start-up clock check would keep (:func:`~agent_desk.first_frame.lines.out_of_date`,
  the rule :func:`agent_desk.worklist.clock_check.rebuild_needed` applies);
- a known agent who signs in without a dialog (``--user`` or ``--smoke`` on a demo database: an active agent with
  the demo password), and no practice customer on the page (a practice database is not a desk to work).

Otherwise it returns None with the reason (logged by the caller) and the desk starts the normal way. The rows are
those :func:`agent_desk.worklist.queue_lines` reads (tests/worklist/test_first_frame_page.py compares them); the
file is opened read-only, so nothing is written before the real desk has checked the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import urllib.parse
from decimal import Decimal
from pathlib import Path
from typing import Any

from agent_desk.first_frame.codec import decode_messages
from agent_desk.first_frame.lines import QueueLine, out_of_date

CLOSED_STATUSES = ("settled", "written_off", "recalled")  # db.models.AccountStatus values of closed accounts
PRACTICE_PREFIX = "PRACTICE-"  # agent_desk.auth.guard.PRACTICE_PREFIX
AGENT_ROLE = "agent"  # db.models.Role.AGENT
# tests/worklist/test_first_frame_page.py keeps these equal to the models' and the domain's.
RATE = Decimal("0.0001")  # db.types.Rate: four places, stored on SQLite as an integer
MONEY = Decimal("0.01")  # db.types.Money: two places
# The stored worklist's moment: the last key of ix_worklist_entries_computed_at (tests/db/test_start_queries.py).
NEWEST_ENTRY = "SELECT max(computed_at) FROM worklist_entries"


@dataclasses.dataclass(frozen=True)
class Agent:
    id: int
    login: str
    display_name: str
    team_id: int | None


@dataclasses.dataclass(frozen=True)
class FirstPage:
    """What the first frame paints: whose queue, its first lines, how many are callable now."""

    path: Path
    agent: Agent
    now: dt.datetime
    simulated: bool
    lines: tuple[QueueLine, ...]
    ready_count: int

    def more(self, offset: int, limit: int) -> list[QueueLine]:
        """Further lines of the callable part (the agent scrolls before the desk has loaded)."""
        with _connect(self.path) as connection:
            return _lines(connection, self.agent, self.now, offset=offset, limit=limit)


class NoFirstFrameError(Exception):
    """The first frame is not shown; ``reason`` says why (for the log)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sqlite_path(db_url: str | None) -> Path:
    """The SQLite file ``--db`` names (None: the default database in the user data folder)."""
    if db_url is None:
        from agent_desk.paths import default_database_path

        return default_database_path()
    url = db_url.strip()
    if not url.startswith("sqlite:///") or "?" in url:
        raise NoFirstFrameError("not a plain SQLite file URL")
    path = urllib.parse.unquote(url[len("sqlite:///") :])
    if not path or path == ":memory:":
        raise NoFirstFrameError("no SQLite file")
    return Path(path)


def shown_location(db_url: str | None) -> str:
    """Where ``--db`` points, to show or log before SQLAlchemy has loaded: the SQLite file's path, or the server's
    URL without its password (as ``db.engine.describe_location`` spells it once loaded; the desk refuses a URL
    with a password, but the sign-in dialog shows the line before that check has run)."""
    try:
        return str(sqlite_path(db_url))
    except NoFirstFrameError:
        pass
    url = (db_url or "").strip()
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" in the host: show no more than the kind of database
        return url.split(":", 1)[0] + "://…"
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        if ":" in user:
            netloc = f"{user.split(':', 1)[0]}:***@{host}"
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if netloc == parts.netloc and all(name.lower() != "password" for name, _value in pairs):
        return url  # nothing secret in it: shown as typed
    query = "&".join(
        f"{name}=***" if name.lower() == "password" else urllib.parse.urlencode([(name, value)])
        for name, value in pairs
    )
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")


def read_first_page(
    db_url: str | None, now: dt.datetime, *, simulated: bool, login: str | None, page_size: int
) -> FirstPage:
    """The first page of ``login``'s queue (None: the first demo agent, as ``--smoke`` signs in).

    Raises:
        NoFirstFrameError: the desk must start the normal way (the reason says why).
    """
    path = sqlite_path(db_url)
    if not path.is_file() or path.stat().st_size == 0:
        raise NoFirstFrameError("no database file")
    if not (os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        raise NoFirstFrameError("read-only database")
    try:
        with _connect(path) as connection:
            return _first_page(connection, path, now, simulated, login, page_size)
    except sqlite3.Error as error:
        raise NoFirstFrameError(f"database not readable here ({error})") from None


def _first_page(
    connection: sqlite3.Connection, path: Path, now: dt.datetime, simulated: bool, login: str | None, size: int
) -> FirstPage:
    from db.revisions import VERSION_TABLE, head_revisions

    revisions = {row[0] for row in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")}
    if revisions != set(head_revisions()):
        raise NoFirstFrameError(f"schema at {sorted(revisions)}, not {list(head_revisions())}")
    if connection.execute("SELECT 1 FROM import_runs WHERE status = 'applying' LIMIT 1").fetchone() is not None:
        # its customers are kept from the desk until it is done (agent_desk.auth.guard.unfinished_import_floors)
        raise NoFirstFrameError("an import is being applied")
    newest = _moment(connection.execute(NEWEST_ENTRY).fetchone()[0])
    has_customers = newest is None and connection.execute("SELECT 1 FROM customers LIMIT 1").fetchone() is not None
    reason = out_of_date(newest, now, simulated=simulated, has_customers=has_customers)
    if reason is not None or newest is None:
        raise NoFirstFrameError(f"the worklist will be rebuilt ({reason or 'empty'})")
    agent = _agent(connection, login)
    lines = _lines(connection, agent, now, offset=0, limit=size)
    if any(line.customer_number.startswith(PRACTICE_PREFIX) for line in lines):
        raise NoFirstFrameError("a practice database")
    return FirstPage(path, agent, now, simulated, tuple(lines), _ready_count(connection, agent, now))


def _connect(path: Path) -> sqlite3.Connection:
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=1.0)
    connection.row_factory = sqlite3.Row
    return connection


def _agent(connection: sqlite3.Connection, login: str | None) -> Agent:
    """The agent who will sign in without a dialog: only one who still has the demo password (sign_in_demo)."""
    query = (
        "SELECT users.id, users.login, users.display_name, users.team_id FROM users"
        " JOIN user_passwords ON user_passwords.user_id = users.id"
        " WHERE users.active = 1 AND users.role = ? AND user_passwords.demo = 1"
    )
    if login is None:  # --smoke: the first active agent by login, as the desk picks (portfolio.list_users)
        first = connection.execute(
            "SELECT login FROM users WHERE active = 1 AND role = ? ORDER BY login", (AGENT_ROLE,)
        )
        chosen = first.fetchone()
        login = chosen[0] if chosen else None
    row = connection.execute(query + " AND users.login = ?", (AGENT_ROLE, login)).fetchone() if login else None
    if row is None:
        raise NoFirstFrameError("no demo agent to sign in without a dialog")
    return Agent(row["id"], row["login"], row["display_name"], row["team_id"])


_COLUMNS = (
    "worklist_entries.customer_id, customers.customer_number, customers.full_name, customers.timezone,"
    " worklist_entries.stage, worklist_entries.score, worklist_entries.ready_at, worklist_entries.reasons,"
    " worklist_entries.score_parts, worklist_entries.due_kind, worklist_entries.due_at,"
    " worklist_entries.lease_user_id, worklist_entries.lease_until"
)


def _stored(moment: dt.datetime) -> str:
    """A moment as SQLAlchemy stores it in SQLite (naive UTC text), for comparing in SQL."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _lines(connection: sqlite3.Connection, agent: Agent, now: dt.datetime, *, offset: int, limit: int) -> list[Any]:
    """The callable part of the queue in score order (agent_desk.worklist.queue_view.queue_lines, waiting=False)."""
    at = _stored(now)
    ready = (
        "worklist_entries.ready_at <= :now AND (worklist_entries.lease_until IS NULL"
        " OR worklist_entries.lease_until <= :now OR worklist_entries.lease_user_id = :user)"
    )
    scopes = ["worklist_entries.assigned_user_id = :user"]
    if agent.team_id is not None:
        scopes.append("worklist_entries.assigned_team_id = :team AND worklist_entries.assigned_user_id IS NULL")
    rows: list[sqlite3.Row] = []
    for scope in scopes:
        rows.extend(
            connection.execute(
                f"SELECT {_COLUMNS} FROM worklist_entries JOIN customers ON customers.id = worklist_entries.customer_id"
                f" WHERE {ready} AND {scope}"
                " ORDER BY worklist_entries.score DESC, worklist_entries.customer_id LIMIT :limit",
                {"now": at, "user": agent.id, "team": agent.team_id, "limit": offset + limit},
            ).fetchall()
        )
    rows.sort(key=lambda row: (-row["score"], row["customer_id"]))
    rows = rows[offset : offset + limit]
    accounts = _account_summaries(connection, [row["customer_id"] for row in rows])
    return [_line(row, accounts.get(row["customer_id"]), now, agent.id) for row in rows]


def _ready_count(connection: sqlite3.Connection, agent: Agent, now: dt.datetime) -> int:
    scope = "worklist_entries.assigned_user_id = :user"
    if agent.team_id is not None:
        scope = (
            f"({scope} OR (worklist_entries.assigned_team_id = :team AND worklist_entries.assigned_user_id IS NULL))"
        )
    row = connection.execute(
        f"SELECT count(*) FROM worklist_entries WHERE {scope} AND worklist_entries.ready_at <= :now"
        " AND (worklist_entries.lease_until IS NULL OR worklist_entries.lease_until <= :now"
        " OR worklist_entries.lease_user_id = :user)",
        {"now": _stored(now), "user": agent.id, "team": agent.team_id},
    ).fetchone()
    return int(row[0])


def _account_summaries(
    connection: sqlite3.Connection, customer_ids: list[int]
) -> dict[int, tuple[tuple[str, ...], int, Decimal, str]]:
    if not customer_ids:
        return {}
    marks = ",".join("?" * len(customer_ids))
    closed = ",".join("?" * len(CLOSED_STATUSES))
    rows = connection.execute(
        "SELECT customer_id, product, days_past_due, arrears, currency FROM accounts"
        f" WHERE customer_id IN ({marks}) AND status NOT IN ({closed})",
        (*customer_ids, *CLOSED_STATUSES),
    ).fetchall()
    grouped: dict[int, list[sqlite3.Row]] = {}
    for row in rows:
        grouped.setdefault(row["customer_id"], []).append(row)
    return {
        customer_id: (
            tuple(sorted({str(item["product"]) for item in items})),
            max(item["days_past_due"] for item in items),
            sum((_fixed(item["arrears"], MONEY) for item in items), Decimal("0.00")),
            items[0]["currency"],
        )
        for customer_id, items in grouped.items()
    }


def _line(
    row: sqlite3.Row, summary: tuple[tuple[str, ...], int, Decimal, str] | None, now: dt.datetime, user_id: int
) -> QueueLine:
    products, dpd, arrears, currency = summary or ((), 0, Decimal("0.00"), "IDR")
    lease_until, ready_at = _moment(row["lease_until"]), _moment(row["ready_at"])
    held = lease_until is not None and lease_until > now and row["lease_user_id"] != user_id
    parts = json.loads(row["score_parts"]) if row["score_parts"] else {}
    return QueueLine(
        customer_id=row["customer_id"],
        customer_number=row["customer_number"],
        customer_name=row["full_name"],
        stage=row["stage"],
        score=_fixed(row["score"], RATE),
        ready=ready_at is not None and ready_at <= now and not held,
        ready_at=ready_at,
        reasons=decode_messages(json.loads(row["reasons"]) if row["reasons"] else None),
        why=decode_messages(parts.get("why")),
        parts={name: Decimal(value) for name, value in parts.get("parts", {}).items()},
        due_kind=row["due_kind"],
        due_at=_moment(row["due_at"]),
        timezone=row["timezone"],
        held_by_other=held,
        products=products,
        max_days_past_due=dpd,
        arrears=arrears,
        currency=currency,
    )


def _fixed(stored: int, quantum: Decimal) -> Decimal:
    """db.types.Fixed on SQLite: an integer count of ``quantum``."""
    return (Decimal(int(stored)) * quantum).quantize(quantum)


def _moment(stored: str | None) -> dt.datetime | None:
    """db.types.UtcDateTime on SQLite: naive UTC text."""
    if stored is None:
        return None
    moment = dt.datetime.fromisoformat(stored)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
