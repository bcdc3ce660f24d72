"""Checking a file's rows in worker processes: reading them through the mapping and staging them is independent per
batch and most of an import's work, so it runs on every core while the main process reads the file and keeps the
results in order.

A batch's outcome (:class:`Checked`) is plain data — the staged records already packed for the scratch file, the
keys duplicates are found by, the issues, the currencies and countries met — so little crosses back. Workers are
started with ``spawn`` (safe from a GUI thread) and at most two batches per worker are in flight, so memory stays flat
however long the file is.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator

from agent_desk.importer.issues import Issue
from agent_desk.importer.records import Record
from agent_desk.importer.scratch import pack
from agent_desk.importer.sources import SourceInfo, SourceRow
from agent_desk.importer.spec import ImportMapping
from agent_desk.importer.stage import stage
from agent_desk.importer.transform import RowReader, compile_mapping

Key = tuple[str, str, int, str | None]
WORKERS_FROM_BYTES = 4 << 20  # a file this large (about 10,000 rows) is checked in workers; smaller ones here


@dataclasses.dataclass
class Checked:
    """One batch, checked: what the main process keeps of it."""

    rows: int
    packed: bytes | None  # the good records, staged and packed (None in a dry run)
    good: int
    keys: list[Key]
    issues: list[Issue]
    currencies: collections.Counter[str]
    countries: collections.Counter[str]
    accounts: list[tuple[int, str]]  # (row, account number) of a payment file's rows, to look up in the database


def examine(records: list[Record], mapping: ImportMapping, *, keep: bool) -> Checked:
    """What a batch of records tells the import (the same in a worker and in the main process)."""
    formats = mapping.formats
    account_grain = mapping.grain == "account"
    keys: list[Key] = []
    issues: list[Issue] = []
    currencies: collections.Counter[str] = collections.Counter()
    countries: collections.Counter[str] = collections.Counter()
    good = [record for record in records if not record.has_errors]
    for record in records:
        issues.extend(record.issues)
        if account_grain and not record.has_errors:
            currencies[record.account.get("currency") or formats.currency] += 1
            countries[record.customer.get("country") or formats.country] += 1
        if record.account_number is not None and account_grain:
            keys.append(("account", record.account_number, record.row, None))
        if record.customer_number is not None:
            digest = hashlib.blake2b(repr(sorted(record.customer.items())).encode(), digest_size=8)
            keys.append(("customer", record.customer_number, record.row, digest.hexdigest()))
        for payment in record.payments:
            if not payment["synthetic"]:
                key = f"{record.account_number}\x1f{payment['reference']}\x1f{payment['kind'].value}"
                keys.append(("payment", key, record.row, None))
    accounts = [] if account_grain else [(r.row, r.account_number) for r in records if r.account_number]
    packed = pack([stage(record) for record in good]) if keep else None
    return Checked(len(records), packed, len(good), keys, issues, currencies, countries, accounts)


# -- the worker side -------------------------------------------------------------------------------------------

_reader: RowReader | None = None
_info: SourceInfo | None = None
_keep = True


def _start(mapping: ImportMapping, info: SourceInfo, today: dt.date, keep: bool) -> None:
    global _reader, _info, _keep
    _, _reader = compile_mapping(mapping, info.header, fingerprint=info.fingerprint, today=today)
    _info, _keep = info, keep


def _check(rows: list[tuple[int, tuple[object, ...], bool]]) -> Checked:
    assert _reader is not None
    assert _info is not None
    records = [_reader.read_row(SourceRow(number, cells, last), _info) for number, cells, last in rows]  # type: ignore[arg-type]
    return examine(records, _reader.mapping, keep=_keep)


# -- the main side ---------------------------------------------------------------------------------------------


def worker_count(info: SourceInfo, wanted: int | None) -> int:
    """How many worker processes to check with (0: check here): every core for a large file, unless told."""
    if wanted is not None:
        return max(0, wanted)
    if info.size < WORKERS_FROM_BYTES:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))


def checked_in_workers(
    batches: Iterable[list[SourceRow]],
    mapping: ImportMapping,
    info: SourceInfo,
    today: dt.date,
    *,
    workers: int,
    keep: bool,
) -> Iterator[Checked]:
    """The batches checked by ``workers`` processes, in file order."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start, initargs=(mapping, info, today, keep)
    ) as pool:
        in_flight: collections.deque[concurrent.futures.Future[Checked]] = collections.deque()
        try:
            for batch in batches:
                in_flight.append(pool.submit(_check, [(row.number, row.cells, row.last) for row in batch]))
                while len(in_flight) >= 2 * workers:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()
        finally:
            for future in in_flight:
                future.cancel()
