"""Exporting calls, tickets, visits and customers as CSV or JSON Lines.

One row per record, streamed from the database (nothing is loaded whole).
The columns of each kind are the stable constant `COLUMNS[kind]`; a later
import reads them back, so only ever *append* columns.  Conventions:

- ids are kept (`id`, `customer_id`, ...) next to the readable names;
- times are local to the business zone, ISO 8601 with the UTC offset
  (`2026-05-12T10:30:00-04:00`); a missing time is empty (CSV) / null (JSON);
- customers' `phones` are E.164 numbers joined by "; ", an extension
  written as `+12125550123 x214`;
- booleans are `true` / `false`; text is exactly as stored (commas, quotes,
  newlines and `[markup]` are quoted by CSV, escaped by JSON, never changed);
- CSV has a header row and "\\n" line ends; JSON Lines is one object a line;
- `DERIVED` columns are computed (e.g. `last_informed`) and ignored on import.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from typing import TextIO

from peewee import JOIN, fn

from frontdesk.domain import clock
from frontdesk.store.models import Call, Customer, Phone, Technician, Ticket, Visit

KINDS = ("calls", "tickets", "visits", "customers")
FORMATS = ("csv", "jsonl")

COLUMNS: dict[str, tuple[str, ...]] = {
    "calls": (
        "id", "started_at", "direction", "outcome", "channel", "reason", "customer_id", "customer_name",
        "phone_e164", "phone_raw", "ticket_id", "ticket_title", "visit_id", "duration_s", "note",
        "callback_by", "callback_done_at", "informed",
    ),
    "tickets": (
        "id", "customer_id", "customer_name", "title", "priority", "status", "opened_at", "needed_by",
        "promised_by", "closed_at", "technician_id", "technician_name", "last_informed",
    ),
    "visits": (
        "id", "customer_id", "customer_name", "ticket_id", "ticket_title", "technician_id", "technician_name",
        "window_start", "window_end", "status", "arrived_at", "eta", "customer_choice", "created_at",
        "last_informed",
    ),
    "customers": ("id", "name", "company", "phones", "notes", "created_at"),
}
TIME_COLUMNS = frozenset({
    "started_at", "callback_by", "callback_done_at", "opened_at", "needed_by", "promised_by", "closed_at",
    "window_start", "window_end", "arrived_at", "eta", "created_at", "last_informed",
})
DERIVED = frozenset({"customer_name", "ticket_title", "technician_name", "last_informed"})
# the column --since filters on, per kind
SINCE_COLUMN = {"calls": "started_at", "tickets": "opened_at", "visits": "window_start", "customers": "created_at"}


def parse_since(text: str, now, tz: str) -> datetime:
    """'yesterday', 'today', '2026-05-01', '2026-05-01 09:00' or full ISO 8601 -> naive UTC.

    A date without a time means local midnight; an ISO time without an
    offset is local to `tz`.  Raises ValueError with one clear sentence.
    """
    from frontdesk.domain.clock import WhenError

    try:
        return clock.parse_when(text, now, tz, default_hour=0)
    except WhenError:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(
                f"{text.strip()!r} is not a date: use 'yesterday', 'today', 2026-05-01, "
                "'2026-05-01 09:00' or ISO 8601."
            ) from None
        if moment.tzinfo is None:
            import arrow

            return clock.utc_naive(arrow.get(moment, tzinfo=tz))
        return clock.utc_naive(moment)


def _since_utc(since: datetime | None) -> datetime | None:
    """Aware datetimes are converted; naive ones are already UTC (the stored form)."""
    if since is None or since.tzinfo is None:
        return since
    return clock.utc_naive(since)


def _last_informed(alias, link):
    """MAX(started_at) of the answered contacts on a ticket or visit (as the screens show it)."""
    return alias.select(fn.MAX(alias.started_at)).where((link) & (alias.outcome == "answered"))


def _calls(since: datetime | None, call_id: int | None = None) -> Iterator[tuple]:
    query = (
        Call.select(
            Call.id, Call.started_at, Call.direction, Call.outcome, Call.channel, Call.reason, Call.customer,
            Customer.name, Call.phone_e164, Call.phone_raw, Call.ticket, Ticket.title, Call.visit,
            Call.duration_s, Call.note, Call.callback_by, Call.callback_done_at, Call.informed,
        )
        .join_from(Call, Customer, JOIN.LEFT_OUTER)
        .join_from(Call, Ticket, JOIN.LEFT_OUTER)
        .order_by(Call.started_at, Call.id)
    )
    if since is not None:
        query = query.where(Call.started_at >= since)
    if call_id is not None:
        query = query.where(Call.id == call_id)
    return query.tuples().iterator()


def _tickets(since: datetime | None) -> Iterator[tuple]:
    inner = Call.alias()
    query = (
        Ticket.select(
            Ticket.id, Ticket.customer, Customer.name, Ticket.title, Ticket.priority, Ticket.status,
            Ticket.opened_at, Ticket.needed_by, Ticket.promised_by, Ticket.closed_at, Ticket.technician,
            Technician.name, _last_informed(inner, inner.ticket == Ticket.id),
        )
        .join_from(Ticket, Customer)
        .join_from(Ticket, Technician, JOIN.LEFT_OUTER)
        .order_by(Ticket.opened_at, Ticket.id)
    )
    if since is not None:
        query = query.where(Ticket.opened_at >= since)
    return query.tuples().iterator()


def _visits(since: datetime | None) -> Iterator[tuple]:
    inner = Call.alias()
    query = (
        Visit.select(
            Visit.id, Visit.customer, Customer.name, Visit.ticket, Ticket.title, Visit.technician,
            Technician.name, Visit.window_start, Visit.window_end, Visit.status, Visit.arrived_at, Visit.eta,
            Visit.customer_choice, Visit.created_at, _last_informed(inner, inner.visit == Visit.id),
        )
        .join_from(Visit, Customer)
        .join_from(Visit, Ticket, JOIN.LEFT_OUTER)
        .join_from(Visit, Technician, JOIN.LEFT_OUTER)
        .order_by(Visit.window_start, Visit.id)
    )
    if since is not None:
        query = query.where(Visit.window_start >= since)
    return query.tuples().iterator()


def phone_text(e164: str, extension: str) -> str:
    return f"{e164} x{extension}" if extension else e164


def _customers(since: datetime | None) -> Iterator[tuple]:
    """One row per customer; the phone join is grouped while streaming (ordered by id)."""
    query = (
        Customer.select(
            Customer.id, Customer.name, Customer.company, Customer.notes, Customer.created_at,
            Phone.e164, Phone.extension,
        )
        .join_from(Customer, Phone, JOIN.LEFT_OUTER)
        .order_by(Customer.id, Phone.id)
    )
    if since is not None:
        query = query.where(Customer.created_at >= since)
    for (cid, name, company, notes, created), rows in groupby(query.tuples().iterator(), key=lambda r: r[:5]):
        numbers = "; ".join(phone_text(r[5], r[6]) for r in rows if r[5])
        yield cid, name, company, numbers, notes, created


_SOURCES = {"calls": _calls, "tickets": _tickets, "visits": _visits, "customers": _customers}


def records(kind: str, *, since: datetime | None, tz: str) -> Iterator[dict]:
    """The export rows of `kind` as dicts (times already local ISO strings), streamed."""
    if kind not in _SOURCES:
        raise ValueError(f"Unknown kind {kind!r}: choose one of {', '.join(KINDS)}.")
    columns = COLUMNS[kind]
    times = [name in TIME_COLUMNS for name in columns]
    source = _SOURCES[kind](_since_utc(since))
    return (
        {
            name: (clock.local(value, tz).isoformat() if is_time and value is not None else value)
            for name, value, is_time in zip(columns, values, times)
        }
        for values in source
    )


def call_record(call_id: int, tz: str) -> dict | None:
    """One call as `export calls` writes it (what `frontdesk log` prints)."""
    columns = COLUMNS["calls"]
    for values in _calls(None, call_id):
        return {
            name: (clock.local(value, tz).isoformat() if name in TIME_COLUMNS and value is not None else value)
            for name, value in zip(columns, values)
        }
    return None


def _csv_cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export(kind: str, out: TextIO, *, since: datetime | None = None, fmt: str = "csv", tz: str) -> int:
    """Write every `kind` record (optionally from `since` on) to `out`; return the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose csv or jsonl.")
    rows = records(kind, since=since, tz=tz)
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS[kind])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row.values()])
            count += 1
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
