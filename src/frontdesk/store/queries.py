"""The reads the screens need, one function each.  No Textual here.

Each returns plain rows (dataclasses) so the UI never touches Peewee and
rules can be applied to them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import arrow
from peewee import JOIN, SQL, OperationalError, fn

from frontdesk.domain import clock, phones
from frontdesk.store.indexes import NAME_SEARCH
from frontdesk.store.models import Call, Customer, Phone, Promise, Technician, Ticket, TicketWait, Visit, db

if TYPE_CHECKING:
    from frontdesk.store.queue_reads import ChaserFacts, QueueFacts


@dataclass(frozen=True)
class CallRow:
    id: int
    started_at: datetime
    direction: str
    outcome: str
    channel: str
    reason: str
    customer_id: int | None
    customer_name: str
    phone_e164: str
    phone_raw: str
    ticket_id: int | None
    ticket_title: str
    visit_id: int | None
    duration_s: int
    note: str
    callback_by: datetime | None
    callback_done_at: datetime | None
    informed: bool


@dataclass(frozen=True)
class TicketRow:
    id: int
    customer_id: int
    customer_name: str
    title: str
    priority: str
    status: str
    opened_at: datetime
    needed_by: datetime | None
    promised_by: datetime | None
    closed_at: datetime | None
    technician_id: int | None
    technician_name: str
    last_informed: datetime | None = None
    promise_count: int = 0          # promises made; more than one is a re-promise
    waiting_on: str = ""            # "", customer, parts: our clocks are paused
    waiting_since: datetime | None = None
    satisfaction: str = ""          # after closure: satisfied / not satisfied


@dataclass(frozen=True)
class VisitRow:
    id: int
    customer_id: int
    customer_name: str
    ticket_id: int | None
    ticket_title: str
    technician_id: int | None
    technician_name: str
    window_start: datetime
    window_end: datetime
    status: str
    arrived_at: datetime | None
    eta: datetime | None
    customer_choice: str
    last_informed: datetime | None = None


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    company: str
    phones: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class CallerCard:
    """Everything the desk should see the moment a caller is recognised."""

    customer: CustomerRow
    open_tickets: list[TicketRow] = field(default_factory=list)
    visits_today: list[VisitRow] = field(default_factory=list)
    last_calls: list[CallRow] = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    calls: list[CallRow]
    scheduled: list[CallRow]
    tickets: list[TicketRow]
    visits: list[VisitRow]
    queue: QueueFacts | None = None      # what the call-now rules read
    chasers: ChaserFacts | None = None   # status inquiries, today and the last 7 days


# ----------------------------------------------------------------- calls
def _call_query():
    return (
        Call.select(Call, Customer.id, Customer.name, Ticket.id, Ticket.title)
        .join_from(Call, Customer, JOIN.LEFT_OUTER)
        .join_from(Call, Ticket, JOIN.LEFT_OUTER)
    )


def _call_row(call: Call) -> CallRow:
    customer = call.customer if call.customer_id else None
    ticket = call.ticket if call.ticket_id else None
    return CallRow(
        id=call.id,
        started_at=call.started_at,
        direction=call.direction,
        outcome=call.outcome,
        channel=call.channel,
        reason=call.reason,
        customer_id=call.customer_id,
        customer_name=customer.name if customer else "",
        phone_e164=call.phone_e164,
        phone_raw=call.phone_raw,
        ticket_id=call.ticket_id,
        ticket_title=ticket.title if ticket else "",
        visit_id=call.visit_id,
        duration_s=call.duration_s,
        note=call.note,
        callback_by=call.callback_by,
        callback_done_at=call.callback_done_at,
        informed=call.informed,
    )


def calls_between(start: datetime, end: datetime) -> list[CallRow]:
    query = (
        _call_query()
        .where((Call.started_at >= start) & (Call.started_at < end))
        .order_by(Call.started_at.desc(), Call.id.desc())
    )
    return [_call_row(c) for c in query]


def calls_today(now, tz: str) -> list[CallRow]:
    start, end = clock.day_bounds(now, tz)
    return calls_between(start, end)


def scheduled_calls(now, tz: str) -> list[CallRow]:
    """Callbacks owed: due today, plus any earlier ones not yet made."""
    _, end = clock.day_bounds(now, tz)
    query = (
        _call_query()
        .where(Call.callback_by.is_null(False) & Call.callback_done_at.is_null() & (Call.callback_by < end))
        .order_by(Call.callback_by)
    )
    return [_call_row(c) for c in query]


def get_call(call_id: int) -> CallRow | None:
    call = _call_query().where(Call.id == call_id).first()
    return _call_row(call) if call else None


def last_calls(customer_id: int, limit: int = 3) -> list[CallRow]:
    query = (
        _call_query()
        .where(Call.customer == customer_id)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(limit)
    )
    return [_call_row(c) for c in query]


# --------------------------------------------------------------- tickets
def _last_informed_ticket():
    inner = Call.alias()
    return (
        inner.select(fn.MAX(inner.started_at))
        .where((inner.ticket == Ticket.id) & (inner.outcome == "answered"))
    )


def _ticket_rows(where) -> list[TicketRow]:
    promises = Promise.alias()
    waits = TicketWait.alias()
    promise_count = promises.select(fn.COUNT(promises.id)).where(promises.ticket == Ticket.id)
    waiting_since = waits.select(fn.MAX(waits.started_at)).where((waits.ticket == Ticket.id) & waits.ended_at.is_null())
    query = (
        Ticket.select(
            Ticket.id, Ticket.customer, Customer.name, Ticket.title, Ticket.priority, Ticket.status,
            Ticket.opened_at, Ticket.needed_by, Ticket.promised_by, Ticket.closed_at,
            Ticket.technician, Technician.name.alias("tech_name"),
            _last_informed_ticket().alias("last_informed"),
            promise_count.alias("promises"), Ticket.waiting_on, waiting_since.alias("waiting_since"),
            Ticket.satisfaction,
        )
        .join_from(Ticket, Customer)
        .join_from(Ticket, Technician, JOIN.LEFT_OUTER)
        .where(where)
        .order_by(Ticket.id)
        .tuples()
    )
    rows = []
    for (tid, cid, cname, title, prio, status, opened, needed, promised, closed,
         tech_id, tech_name, informed, promise_count, waiting_on, waiting_since, satisfaction) in query:
        rows.append(TicketRow(
            tid, cid, cname, title, prio, status, opened, needed, promised, closed,
            tech_id, tech_name or "", _as_dt(informed), promise_count or 0, waiting_on or "",
            _as_dt(waiting_since) if waiting_on else None, satisfaction or "",
        ))
    return rows


def _as_dt(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return arrow.get(value).naive  # MAX() comes back as text on SQLite


def open_tickets() -> list[TicketRow]:
    return _ticket_rows(Ticket.status == "open")


def customer_open_tickets(customer_id: int) -> list[TicketRow]:
    return _ticket_rows((Ticket.status == "open") & (Ticket.customer == customer_id))


def get_ticket(ticket_id: int) -> TicketRow | None:
    rows = _ticket_rows(Ticket.id == ticket_id)
    return rows[0] if rows else None


def ticket_calls(ticket_id: int) -> list[CallRow]:
    query = _call_query().where(Call.ticket == ticket_id).order_by(Call.started_at.desc())
    return [_call_row(c) for c in query]


# ---------------------------------------------------------------- visits
def _visit_rows(where) -> list[VisitRow]:
    inner = Call.alias()
    informed = inner.select(fn.MAX(inner.started_at)).where(
        (inner.visit == Visit.id) & (inner.outcome == "answered")
    )
    query = (
        Visit.select(
            Visit.id, Visit.customer, Customer.name, Visit.ticket, Ticket.title,
            Visit.technician, Technician.name.alias("tech_name"), Visit.window_start, Visit.window_end,
            Visit.status, Visit.arrived_at, Visit.eta, Visit.customer_choice, informed.alias("informed"),
        )
        .join_from(Visit, Customer)
        .join_from(Visit, Ticket, JOIN.LEFT_OUTER)
        .join_from(Visit, Technician, JOIN.LEFT_OUTER)
        .where(where)
        .order_by(Visit.window_start, Visit.id)
        .tuples()
    )
    return [
        VisitRow(vid, cid, cname, tid, ttitle or "", tech_id, tech or "", ws, we, status, arrived, eta,
                 choice, _as_dt(inf))
        for (vid, cid, cname, tid, ttitle, tech_id, tech, ws, we, status, arrived, eta, choice, inf) in query
    ]


def visits_today(now, tz: str) -> list[VisitRow]:
    start, end = clock.day_bounds(now, tz)
    return _visit_rows((Visit.window_start >= start) & (Visit.window_start < end))


def customer_visits_today(customer_id: int, now, tz: str) -> list[VisitRow]:
    start, end = clock.day_bounds(now, tz)
    return _visit_rows(
        (Visit.customer == customer_id) & (Visit.window_start >= start) & (Visit.window_start < end)
    )


def get_visit(visit_id: int) -> VisitRow | None:
    rows = _visit_rows(Visit.id == visit_id)
    return rows[0] if rows else None


# ------------------------------------------------------------- dashboard
def dashboard(now, tz: str) -> Dashboard:
    from frontdesk.store import queue_reads as queue_facts

    with db.atomic():  # one consistent snapshot
        return Dashboard(
            calls=calls_today(now, tz),
            scheduled=scheduled_calls(now, tz),
            tickets=open_tickets(),
            visits=visits_today(now, tz),
            queue=queue_facts.load(now, tz),
            chasers=queue_facts.chaser_facts(now, tz),
        )


def data_version() -> int:
    """Changes whenever another connection commits (cheap change detection)."""
    return db.execute_sql("PRAGMA data_version").fetchone()[0]


class ChangeWatch:
    """Has anything been committed — by this desk or another — since the last look?

    `PRAGMA data_version` only means something on a connection that stays
    open (the refresh worker's connection is new each time), so the watch
    keeps one of its own; it costs one cheap pragma per tick.  The local day
    is part of the answer because "today" moves even when no data does.
    Holding the file open also tells `frontdesk restore` that a desk uses it.
    """

    def __init__(self) -> None:
        self._connection = None
        self._path: str | None = None
        self._seen: tuple | None = None

    def stale(self, now, tz: str) -> bool:
        """True on the first look, after any commit, and when the local day changed."""
        import os
        import sqlite3

        path = db.obj.database if db.obj is not None else None
        if not path or not os.path.exists(path):
            self.close()  # moved or deleted: never create an empty file in its place
            return True
        try:
            if self._connection is None or path != self._path:
                self.close()
                self._connection = sqlite3.connect(path, timeout=5, check_same_thread=False, isolation_level=None)
                self._path = path
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self.close()
            return True  # cannot tell: read everything
        seen = (version, clock.local(clock.utc_naive(now), tz).date())
        stale, self._seen = seen != self._seen, seen
        return stale

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
                self._seen = None


# -------------------------------------------------------------- customers
def customer_rows(customers: list[Customer]) -> list[CustomerRow]:
    """Rows with their numbers, read in one query (not one per customer)."""
    numbers: dict[int, list[str]] = {c.id: [] for c in customers}
    if numbers:
        for phone in Phone.select().where(Phone.customer.in_(list(numbers))).order_by(Phone.id):
            numbers[phone.customer_id].append(phones.display(phone.e164, extension=phone.extension))
    return [CustomerRow(c.id, c.name, c.company, tuple(numbers[c.id]), c.notes) for c in customers]


def get_customer(customer_id: int) -> CustomerRow | None:
    customer = Customer.get_or_none(Customer.id == customer_id)
    return customer_rows([customer])[0] if customer else None


def customers_by_phone(raw: str, region: str, limit: int = 20) -> list[CustomerRow]:
    """Exact number first; otherwise the customers whose numbers end in the digits."""
    parsed = phones.parse(raw, region)
    ids: list[int] = []
    if parsed.valid:
        ids = [p.customer_id for p in Phone.select(Phone.customer).where(Phone.e164 == parsed.e164).distinct()]
    if not ids:
        key = phones.partial_key(raw)
        if key:
            ids = [
                p.customer_id
                for p in Phone.select(Phone.customer)
                .where((Phone.reversed_digits >= key) & (Phone.reversed_digits < key + "\x7f"))
                .distinct()
                .limit(limit)
            ]
    customers = Customer.select().where(Customer.id.in_(ids)).order_by(Customer.name) if ids else []
    return customer_rows(list(customers))


def customers_by_name(text: str, limit: int = 20) -> list[CustomerRow]:
    key = text.strip().casefold()
    if not key:
        return []
    prefix = Customer.select().where((Customer.name_key >= key) & (Customer.name_key < key + "\uffff"))
    found = list(prefix.order_by(Customer.name_key).limit(limit))
    if len(found) < limit:
        seen = {c.id for c in found}

        def more(where):
            return list(Customer.select().where(where).order_by(Customer.name_key).limit(limit))

        try:
            rest = more(_name_contains(key))
        except OperationalError as exc:  # no search index in this file (no FTS5, or read-only): scan
            if NAME_SEARCH not in str(exc):
                raise
            rest = more(Customer.name_key.contains(key))  # escapes % and _ (LIKE ... ESCAPE '\\')
        found += [c for c in rest if c.id not in seen][: limit - len(found)]
    return customer_rows(found)


def _name_contains(key: str):
    """Names containing `key`: the trigram index for 3+ characters, else a scan of the name index."""
    if len(key) < 3:  # a trigram index cannot answer one or two characters
        return Customer.name_key.contains(key)  # escapes % and _ (LIKE ... ESCAPE '\\')
    phrase = '"' + key.replace('"', '""') + '"'  # a quoted phrase of trigrams = the exact substring
    return Customer.id.in_(SQL(f"(SELECT rowid FROM {NAME_SEARCH} WHERE {NAME_SEARCH} MATCH ?)", [phrase]))


def find_customers(text: str, region: str, limit: int = 20) -> list[CustomerRow]:
    if phones.looks_like_phone(text):
        return customers_by_phone(text, region, limit)
    return customers_by_name(text, limit)


def caller_card(customer_id: int, now, tz: str) -> CallerCard | None:
    customer = get_customer(customer_id)
    if customer is None:
        return None
    return CallerCard(
        customer=customer,
        open_tickets=customer_open_tickets(customer_id),
        visits_today=customer_visits_today(customer_id, now, tz),
        last_calls=last_calls(customer_id, 3),
    )


def find_tickets(text: str, limit: int = 20) -> list[TicketRow]:
    raw = text.strip().lstrip("#")
    if raw.isdigit():
        return _ticket_rows(Ticket.id == int(raw))
    if not raw:
        return []
    return _ticket_rows(Ticket.title.contains(raw))[:limit]


def technicians(active_only: bool = True) -> list[tuple[int, str, str]]:
    query = Technician.select().order_by(Technician.name)
    if active_only:
        query = query.where(Technician.active == True)  # noqa: E712
    return [(t.id, t.name, t.phone) for t in query]


@dataclass(frozen=True)
class TechnicianRow:
    id: int
    name: str
    phone: str
    active: bool


def technician_rows() -> list[TechnicianRow]:
    """Every technician, active first, then by name (the technicians screen)."""
    query = Technician.select().order_by(Technician.active.desc(), Technician.name, Technician.id)
    return [TechnicianRow(t.id, t.name, t.phone, bool(t.active)) for t in query]


# ---------------------------------------------------------------- details
def customer_tickets(customer_id: int) -> list[TicketRow]:
    """All of a customer's tickets, open and closed (by id)."""
    return _ticket_rows(Ticket.customer == customer_id)


def ticket_visits(ticket_id: int) -> list[VisitRow]:
    return _visit_rows(Visit.ticket == ticket_id)


def visit_calls(visit_id: int) -> list[CallRow]:
    query = _call_query().where(Call.visit == visit_id).order_by(Call.started_at.desc(), Call.id.desc())
    return [_call_row(c) for c in query]


# ------------------------------------------------- the desk's first snapshot
_first: dict = {}  # "read": the latest prefetch's own state (path, tz, started, done, result)
FIRST_MAX_AGE_S = 5.0


def prefetch_dashboard(path, tz: str) -> None:
    """Start reading the desk's first snapshot in a thread.

    Cold start: `frontdesk` calls this before importing Textual, so SQLite
    works while the UI is still importing and the desk's first frame already
    has its data (take_prefetched).  The database must be initialised.
    """
    import threading
    import time
    from pathlib import Path

    read = {"path": str(Path(path).expanduser()), "tz": tz, "started": time.monotonic(),
            "done": threading.Event()}
    _first["read"] = read

    def run() -> None:
        try:
            now = arrow.utcnow()
            with db.connection_context():
                read["result"] = (now, dashboard(now, tz))
        except Exception:
            pass  # the desk's own first refresh reads again and reports the error
        finally:
            read["done"].set()

    threading.Thread(target=run, name="frontdesk-first-snapshot", daemon=True).start()


def take_prefetched(path, tz: str, wait_s: float = 0.0):
    """(now, Dashboard) from prefetch_dashboard for this file and zone, at most once.

    Waits up to `wait_s` for the read to finish; None when there was none,
    it failed, it is still running, or it is older than FIRST_MAX_AGE_S.
    """
    import time
    from pathlib import Path

    read = _first.get("read")
    if read is None or read["path"] != str(Path(path).expanduser()) or read["tz"] != tz:
        return None
    del _first["read"]
    if not read["done"].wait(wait_s) or time.monotonic() - read["started"] > FIRST_MAX_AGE_S:
        return None
    return read.get("result")
