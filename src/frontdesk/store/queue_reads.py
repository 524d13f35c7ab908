"""The reads behind "whom to call now": the records the call-now rules and the
header's figures are computed from.  Each query reads only what can be due
(today's visits, open tickets, follow-ups not yet made, owed callbacks,
customers with a cadence), never the whole history.  No Textual here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from peewee import JOIN, fn

from frontdesk.domain import clock
from frontdesk.domain.call_now import CadenceFacts, CallbackFacts, TicketFacts, VisitFacts, Wait
from frontdesk.store.follow_up_writes import CHECK_IN_REASON
from frontdesk.store.models import Call, Customer, Promise, Technician, Ticket, TicketWait, Visit

STATUS_INQUIRY = "status inquiry"
HISTORY_SAMPLE = 500  # expected-by looks at this many most recent closed tickets


@dataclass(frozen=True)
class QueueFacts:
    visits: list[VisitFacts] = field(default_factory=list)
    tickets: list[TicketFacts] = field(default_factory=list)
    callbacks: list[CallbackFacts] = field(default_factory=list)
    cadences: list[CadenceFacts] = field(default_factory=list)


@dataclass(frozen=True)
class ChaserCall:
    started_at: datetime
    direction: str
    reason: str
    ticket_id: int | None


@dataclass(frozen=True)
class ChaserFacts:
    """Inbound calls of the last 7 days (today included), with the tickets the
    status inquiries among them were about."""

    calls: list[ChaserCall]
    closed_at: dict[int, datetime | None]
    titles: dict[int, tuple[str, str]]  # ticket id -> (customer name, title)
    today_start: datetime
    week_start: datetime
    end: datetime


def _as_dt(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    import arrow

    return arrow.get(value).naive  # aggregates come back as text on SQLite


def _contacts(column, ids: list[int]) -> dict[int, list[datetime]]:
    found: dict[int, list[datetime]] = defaultdict(list)
    for chunk in _chunks(ids):
        query = (Call.select(column, Call.started_at)
                 .where(column.in_(chunk) & (Call.outcome == "answered")).tuples())
        for owner, at in query:
            found[owner].append(at)
    return found


def _last_contacts(ids: list[int]) -> dict[int, datetime]:
    found: dict[int, datetime] = {}
    for chunk in _chunks(ids):
        query = (Call.select(Call.ticket, fn.MAX(Call.started_at))
                 .where(Call.ticket.in_(chunk) & (Call.outcome == "answered"))
                 .group_by(Call.ticket).tuples())
        found.update({owner: _as_dt(at) for owner, at in query})
    return found


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def visit_facts(now, tz: str) -> list[VisitFacts]:
    """Today's visits (by window start, local day) and any earlier ones still awaited."""
    start, end = clock.day_bounds(now, tz)
    query = (
        Visit.select(Visit, Customer.id, Customer.name)
        .join(Customer)
        .where((Visit.window_start >= start - timedelta(days=1)) & (Visit.window_start < end))
        .order_by(Visit.window_start, Visit.id)
    )
    # yesterday's visits only while still awaited (a late-evening window that ran over)
    visits = [v for v in query if v.window_start >= start
              or (v.arrived_at is None and v.status in ("scheduled", "en route"))]
    contacts = _contacts(Call.visit, [v.id for v in visits])
    return [
        VisitFacts(
            id=v.id, customer_id=v.customer_id, customer_name=v.customer.name, ticket_id=v.ticket_id,
            window_start=v.window_start, window_end=v.window_end, status=v.status, arrived_at=v.arrived_at,
            en_route_at=v.en_route_at, eta=v.eta, eta_set_at=v.eta_set_at,
            contacts=tuple(sorted(contacts.get(v.id, ()))),
        )
        for v in visits
    ]


def ticket_facts() -> list[TicketFacts]:
    """Open tickets, and closed ones whose satisfaction follow-up is not yet made."""
    def select(where):
        return list(Ticket.select(Ticket, Customer.id, Customer.name).join(Customer).where(where).order_by(Ticket.id))

    # two indexed reads rather than one OR that would scan every ticket ever
    tickets = select(Ticket.status == "open") + select(
        (Ticket.status == "closed") & Ticket.follow_up_due.is_null(False) & Ticket.follow_up_done_at.is_null()
    )
    open_ids = [t.id for t in tickets if t.status == "open"]
    last = _last_contacts(open_ids)
    waits: dict[int, list[Wait]] = defaultdict(list)
    for chunk in _chunks(open_ids):
        for w in TicketWait.select().where(TicketWait.ticket.in_(chunk)).order_by(TicketWait.started_at):
            waits[w.ticket_id].append(Wait(w.on, w.started_at, w.ended_at))
    return [
        TicketFacts(
            id=t.id, customer_id=t.customer_id, customer_name=t.customer.name, title=t.title, status=t.status,
            opened_at=t.opened_at, promised_by=t.promised_by, promised_at=t.promised_at, closed_at=t.closed_at,
            contacts=(last[t.id],) if t.id in last else (), waits=tuple(waits.get(t.id, ())),
            follow_up_due=t.follow_up_due, follow_up_done_at=t.follow_up_done_at,
        )
        for t in tickets
    ]


def callback_facts() -> list[CallbackFacts]:
    """Every callback owed (missed calls and promised call-backs not yet made)."""
    query = (
        Call.select(Call, Customer.id, Customer.name)
        .join(Customer, JOIN.LEFT_OUTER)
        .where(Call.callback_by.is_null(False) & Call.callback_done_at.is_null())
        .order_by(Call.callback_by)
    )
    return [
        CallbackFacts(
            call_id=c.id, customer_id=c.customer_id, customer_name=c.customer.name if c.customer_id else "",
            phone_e164=c.phone_e164, phone_raw=c.phone_raw, ticket_id=c.ticket_id, started_at=c.started_at,
            direction=c.direction, outcome=c.outcome, callback_by=c.callback_by, callback_done_at=c.callback_done_at,
        )
        for c in query
    ]


def cadence_facts() -> list[CadenceFacts]:
    """Customers with a check-in rhythm, with their last answered check-in."""
    customers = list(Customer.select().where(Customer.cadence > "").order_by(Customer.id))
    last: dict[int, datetime] = {}
    for chunk in _chunks([c.id for c in customers]):
        query = (Call.select(Call.customer, fn.MAX(Call.started_at))
                 .where(Call.customer.in_(chunk) & (Call.reason == CHECK_IN_REASON) & (Call.outcome == "answered"))
                 .group_by(Call.customer).tuples())
        last.update({owner: _as_dt(at) for owner, at in query})
    return [
        CadenceFacts(customer_id=c.id, customer_name=c.name, cadence=c.cadence, every_days=c.cadence_days,
                     cadence_since=c.cadence_since, last_check_in=last.get(c.id))
        for c in customers
    ]


def load(now, tz: str) -> QueueFacts:
    return QueueFacts(visits=visit_facts(now, tz), tickets=ticket_facts(), callbacks=callback_facts(),
                      cadences=cadence_facts())


def chaser_facts(now, tz: str) -> ChaserFacts:
    """Status inquiries and inbound totals for today and the last 7 days."""
    today_start, end = clock.day_bounds(now, tz)
    week_start, _ = clock.day_bounds(now, tz, days=-6)
    inbound = (Call.direction == "in") & (Call.started_at >= week_start) & (Call.started_at < end)
    calls = [ChaserCall(*row) for row in
             Call.select(Call.started_at, Call.direction, Call.reason, Call.ticket)
             .where(inbound).order_by(Call.started_at).tuples()]
    ids = sorted({c.ticket_id for c in calls if c.ticket_id and c.reason == STATUS_INQUIRY})
    closed_at: dict[int, datetime | None] = {}
    titles: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        for tid, closed, title, name in (Ticket.select(Ticket.id, Ticket.closed_at, Ticket.title, Customer.name)
                                         .join(Customer).where(Ticket.id.in_(chunk)).tuples()):
            closed_at[tid] = closed
            titles[tid] = (name, title)
    return ChaserFacts(calls, closed_at, titles, today_start, week_start, end)


# ---------------------------------------------------------- one ticket, one customer
@dataclass(frozen=True)
class TicketHistory:
    promises: list[tuple[datetime, datetime, str]]   # (made_at, promised_by, note), oldest first
    waits: list[Wait]
    own_durations: list[timedelta]                   # this customer's closed tickets, same priority
    all_durations: list[timedelta]                   # everyone's, same priority (most recent HISTORY_SAMPLE)


def ticket_history(ticket_id: int) -> TicketHistory | None:
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        return None
    promises = [(p.made_at, p.promised_by, p.note)
                for p in Promise.select().where(Promise.ticket == ticket_id).order_by(Promise.made_at, Promise.id)]
    waits = [Wait(w.on, w.started_at, w.ended_at)
             for w in TicketWait.select().where(TicketWait.ticket == ticket_id).order_by(TicketWait.started_at)]
    own, everyone = close_durations(ticket.customer_id, ticket.priority, exclude=ticket_id)
    return TicketHistory(promises, waits, own, everyone)


def close_durations(customer_id: int | None, priority: str, exclude: int | None = None
                    ) -> tuple[list[timedelta], list[timedelta]]:
    """How long closed tickets of this priority took: this customer's, and everyone's recent ones."""
    closed = (Ticket.status == "closed") & (Ticket.priority == priority) & Ticket.closed_at.is_null(False)
    if exclude is not None:
        closed &= Ticket.id != exclude
    def durations(where) -> list[timedelta]:
        query = (Ticket.select(Ticket.opened_at, Ticket.closed_at).where(where)
                 .order_by(Ticket.closed_at.desc()).limit(HISTORY_SAMPLE).tuples())
        return [closed_at - opened for opened, closed_at in query if closed_at >= opened]
    own = durations(closed & (Ticket.customer == customer_id)) if customer_id else []
    return own, durations(closed)


def recent_check_ins(customer_id: int, limit: int = 10) -> list[bool]:
    """Newest first: did the customer say all was well on each answered check-in."""
    query = (Call.select(Call.all_well)
             .where((Call.customer == customer_id) & (Call.reason == CHECK_IN_REASON) & (Call.outcome == "answered"))
             .order_by(Call.started_at.desc(), Call.id.desc()).limit(limit).tuples())
    return [bool(ok) for (ok,) in query]


# ----------------------------------------------------- what the follow-through forms show
@dataclass(frozen=True)
class AgendaVisit:
    id: int
    window_start: datetime
    window_end: datetime
    status: str
    technician_name: str
    ticket_id: int | None


@dataclass(frozen=True)
class CheckInAbout:
    customer_name: str
    cadence: str
    every_days: int | None
    last_check_in: datetime | None
    tickets: list  # queries.TicketRow, open ones
    visits: list[AgendaVisit]


def check_in_about(customer_id: int, now, tz: str) -> CheckInAbout | None:
    """What the check-in is about — call inside a connection."""
    from frontdesk.store import queries

    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        return None
    last = (Call.select(fn.MAX(Call.started_at))
            .where((Call.customer == customer_id) & (Call.reason == CHECK_IN_REASON) & (Call.outcome == "answered"))
            .scalar())
    today_start, _ = clock.day_bounds(now, tz)
    visits = [
        AgendaVisit(vid, start, end, status, tech or "", ticket_id)
        for vid, start, end, status, tech, ticket_id in (
            Visit.select(Visit.id, Visit.window_start, Visit.window_end, Visit.status, Technician.name, Visit.ticket)
            .join(Technician, JOIN.LEFT_OUTER)
            .where((Visit.customer == customer_id) & (Visit.window_start >= today_start)
                   & Visit.status.not_in(("done", "cancelled")))
            .order_by(Visit.window_start, Visit.id)
            .tuples()
        )
    ]
    return CheckInAbout(
        customer_name=customer.name, cadence=customer.cadence or "", every_days=customer.cadence_days,
        last_check_in=_as_dt(last),
        tickets=queries.customer_open_tickets(customer_id), visits=visits,
    )


@dataclass(frozen=True)
class FollowUpAbout:
    ticket_id: int
    title: str
    customer_name: str
    status: str
    closed_at: datetime | None
    follow_up_due: datetime | None
    follow_up_done_at: datetime | None
    satisfaction: str


def follow_up_about(ticket_id: int) -> FollowUpAbout | None:
    """The ticket the follow-up is about — call inside a connection."""
    row = (Ticket.select(Ticket.id, Ticket.title, Customer.name, Ticket.status, Ticket.closed_at,
                         Ticket.follow_up_due, Ticket.follow_up_done_at, Ticket.satisfaction)
           .join(Customer).where(Ticket.id == ticket_id).tuples().first())
    return FollowUpAbout(*row) if row else None


@dataclass(frozen=True)
class CadenceNow:
    customer_name: str
    cadence: str
    every_days: int | None
    since: datetime | None


def customer_cadence(customer_id: int) -> CadenceNow | None:
    """The customer's name and current cadence — call inside a connection."""
    row = (Customer.select(Customer.name, Customer.cadence, Customer.cadence_days, Customer.cadence_since)
           .where(Customer.id == customer_id).tuples().first())
    return CadenceNow(row[0], row[1] or "", row[2], row[3]) if row else None
