"""Whom to call now: the queue's rules, pure functions of records and `now`.

No Textual, no database.  Times in the records are naive UTC datetimes;
`now` is an aware Arrow/datetime.  The store builds the *Facts records;
the dashboard shows the QueueItems.

Most urgent first: a late technician, a technician who may be late, a broken
promise, a callback we owe, a promise at risk, a check-in due, a ticket gone
quiet, a satisfaction follow-up.  Telling the customer (a contact on the
ticket or visit) clears an item only when it happened after the situation
began; when the situation gets worse (may be late -> late, at risk ->
broken) it is news again.  Reasons that are about getting ahead of trouble
(promise at risk, gone quiet, check-in due) are only listed while the
business is open: nobody can usefully call about them at night.  Things that
are already wrong (late visits, broken promises, owed callbacks) show at any
hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import arrow

from frontdesk.domain import cadence, clock, rules
from frontdesk.domain.business_hours import Schedule, add_business_hours, business_seconds_between, is_open

# Reasons, most urgent kind first (also the sort order between kinds)
VISIT_LATE = "technician late"
VISIT_AT_RISK = "technician may be late"
PROMISE_BROKEN = "promise broken"
CALLBACK_OWED = "callback owed"
PROMISE_AT_RISK = "promise at risk"
CHECK_IN_DUE = "check-in due"
GAP = "gone quiet"
FOLLOW_UP_DUE = "satisfaction follow-up"


@dataclass(frozen=True)
class Thresholds:
    visit_lead_minutes: int = 30      # window starts within this and the tech is not en route
    visit_margin_minutes: int = 15    # less than this left of the window, nobody arrived
    promise_business_hours: float = 4  # promise due within this many business hours
    gap_days: float = 3               # no contact either way on an open ticket for this long
    follow_up_at: str = "10:00"       # satisfaction call: next business day at this local time
    wide_window_hours: float = 2      # booking a wider window asks first
    all_well_to_step_down: int = 3    # consecutive all-well check-ins before suggesting less often


@dataclass(frozen=True)
class Wait:
    """A period in which a ticket waited on the customer or on parts."""

    on: str                       # "customer" / "parts"
    started_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class VisitFacts:
    id: int
    customer_id: int
    customer_name: str
    ticket_id: int | None
    window_start: datetime
    window_end: datetime
    status: str                    # scheduled / en route / on site / done / cancelled
    arrived_at: datetime | None = None
    en_route_at: datetime | None = None
    eta: datetime | None = None
    eta_set_at: datetime | None = None
    contacts: tuple[datetime, ...] = ()  # answered contacts linked to this visit, any direction


@dataclass(frozen=True)
class TicketFacts:
    id: int
    customer_id: int
    customer_name: str
    title: str
    status: str                    # open / closed
    opened_at: datetime
    promised_by: datetime | None = None
    promised_at: datetime | None = None   # when the current promise was made
    closed_at: datetime | None = None
    contacts: tuple[datetime, ...] = ()   # answered contacts linked to this ticket, any direction
    waits: tuple[Wait, ...] = ()
    follow_up_due: datetime | None = None
    follow_up_done_at: datetime | None = None


@dataclass(frozen=True)
class CallbackFacts:
    call_id: int
    customer_id: int | None
    customer_name: str
    phone_e164: str
    phone_raw: str
    ticket_id: int | None
    started_at: datetime
    direction: str
    outcome: str
    callback_by: datetime | None = None
    callback_done_at: datetime | None = None


@dataclass(frozen=True)
class CadenceFacts:
    customer_id: int
    customer_name: str
    cadence: str                     # see cadence.CADENCES; "" = none
    every_days: int | None = None    # for "custom"
    cadence_since: datetime | None = None
    last_check_in: datetime | None = None


@dataclass(frozen=True)
class QueueItem:
    reason: str                 # one of the reason constants above
    text: str                   # the reason in plain words, e.g. "window ended 40 min ago"
    since: datetime             # when it became true (naive UTC)
    severity: float             # higher = more urgent; the queue is sorted by it
    customer_id: int | None
    customer_name: str
    ticket_id: int | None = None
    visit_id: int | None = None
    call_id: int | None = None
    key: str = field(default="")  # stable identity, e.g. "visit-12", "ticket-3", "call-9", "customer-4"


# ------------------------------------------------------------------ urgency
# Severity = the weight of the reason's kind + a fraction below 1 that grows
# with how long the reason has been true (0 at the start, 0.5 after an hour,
# approaching 1).  So sorting by severity alone puts every late visit before
# every "may be late", and so on down ORDER; within one kind, the longer it
# has been true (the later the technician, the older the broken promise),
# the higher it comes.
ORDER = (VISIT_LATE, VISIT_AT_RISK, PROMISE_BROKEN, CALLBACK_OWED, PROMISE_AT_RISK, CHECK_IN_DUE, GAP, FOLLOW_UP_DUE)
_OPEN_VISIT = ("scheduled", "en route")


def severity(reason: str, overdue: timedelta) -> float:
    """Urgency of an item of kind `reason` that has been true for `overdue`."""
    weight = len(ORDER) - ORDER.index(reason)
    minutes = max(0.0, overdue.total_seconds() / 60)
    return weight + minutes / (minutes + 60)


def sort_key(item: QueueItem) -> tuple[float, datetime, str]:
    """Most urgent first; equal urgency: true for longer first, then by key."""
    return (-item.severity, item.since, item.key)


def _utc(now: arrow.Arrow | datetime) -> datetime:
    return clock.utc_naive(now)


def _informed_since(contacts: tuple[datetime, ...], since: datetime) -> bool:
    """Was the customer contacted at or after the moment the situation began?"""
    return any(contact >= since for contact in contacts)


# ------------------------------------------------------------------ visits
def visit_risk(v: VisitFacts, now: arrow.Arrow | datetime, th: Thresholds, tz: str) -> QueueItem | None:
    """A technician who may be late, or is late, for a visit nobody arrived at yet.

    *May be late* from the earliest of: (a) the window starts within the lead
    time (default 30 min) and the technician is not en route; (b) the
    technician's ETA falls after the window end (from when the ETA was
    given); (c) less than the margin (default 15 min) of the window is left.
    *Late* once the window end has passed; the later, the more urgent.

    Telling the customer clears the item, but only if they were told after
    the current stage began: a call during "may be late" clears it until the
    window ends, when it becomes late, which is news again.  Cancelled,
    finished, on-site and arrived visits never appear.
    """
    if v.status not in _OPEN_VISIT or v.arrived_at is not None:
        return None
    moment = _utc(now)
    window = rules.window_text(v, tz)
    if moment > v.window_end:
        since = v.window_end
        text = f"window {window} ended {clock.span((moment - since).total_seconds())} ago"
        if v.eta is not None and v.eta > moment:
            text += f", tech ETA {clock.hhmm(v.eta, tz)}"
        return _visit_item(v, VISIT_LATE, text, since, moment - since)
    lead_start = v.window_start - timedelta(minutes=th.visit_lead_minutes)
    margin_start = v.window_end - timedelta(minutes=th.visit_margin_minutes)
    triggers: list[tuple[datetime, str]] = []
    overdue = timedelta(0)
    if v.eta is not None and v.eta > v.window_end:
        # when the ETA was given; with no record of that, the lead time (never later than now)
        given = v.eta_set_at or v.en_route_at or min(moment, lead_start)
        triggers.append(
            (min(given, moment), f"tech ETA {clock.hhmm(v.eta, tz)}, after the window (ends {clock.hhmm(v.window_end, tz)})")
        )
        overdue = v.eta - v.window_end
    if moment >= margin_start:
        left = (v.window_end - moment).total_seconds()
        when = f"ends in {clock.span(left)}" if left >= 1 else "ends now"
        triggers.append((margin_start, f"window {window} {when}, tech not on site"))
    if v.status != "en route" and moment >= lead_start:
        if moment < v.window_start:
            when = f"starts in {clock.span((v.window_start - moment).total_seconds())}"
        else:
            when = f"started {clock.span((moment - v.window_start).total_seconds())} ago"
        triggers.append((lead_start, f"window {window} {when}, tech not en route"))
    if not triggers:
        return None
    since = min(start for start, _ in triggers)
    text = triggers[0][1]  # the most telling reason: ETA, then the window closing, then the start
    return _visit_item(v, VISIT_AT_RISK, text, since, max(overdue, moment - since))


def _visit_item(v: VisitFacts, reason: str, text: str, since: datetime, overdue: timedelta) -> QueueItem | None:
    return _unless_informed(v.contacts, QueueItem(
        reason=reason, text=text, since=since, severity=severity(reason, overdue), customer_id=v.customer_id,
        customer_name=v.customer_name, ticket_id=v.ticket_id, visit_id=v.id, key=f"visit-{v.id}",
    ))


def _unless_informed(contacts: tuple[datetime, ...], item: QueueItem) -> QueueItem | None:
    """The item, unless the customer was informed since it became true."""
    return None if _informed_since(contacts, item.since) else item


# ------------------------------------------------------------------ tickets
def is_open_ticket(t: TicketFacts) -> bool:
    return t.status == "open"


def current_wait(t: TicketFacts, now: arrow.Arrow | datetime) -> Wait | None:
    """The wait the ticket is in now (started, not ended), if any."""
    moment = _utc(now)
    for wait in t.waits:
        if wait.ended_at is None and wait.started_at <= moment:
            return wait
    return None


def waiting_periods(waits: tuple[Wait, ...], lo: datetime, hi: datetime) -> list[tuple[datetime, datetime]]:
    """The waits clipped to [lo, hi], overlapping ones merged (waiting on the
    customer and on parts at once pauses the clock once, not twice)."""
    clipped = sorted((max(w.started_at, lo), min(w.ended_at or hi, hi)) for w in waits)
    merged: list[tuple[datetime, datetime]] = []
    for start, end in clipped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def effective_promise(t: TicketFacts, now: arrow.Arrow | datetime) -> datetime | None:
    """The promised-by moved later by the time spent waiting since the promise
    was made (or since the ticket opened, when that is unknown)."""
    if t.promised_by is None:
        return None
    moment = _utc(now)
    anchor = t.promised_at or t.opened_at
    paused = sum((end - start for start, end in waiting_periods(t.waits, anchor, moment)), timedelta(0))
    return t.promised_by + paused


def promise_risk(
    t: TicketFacts, now: arrow.Arrow | datetime, th: Thresholds, schedule: Schedule, tz: str
) -> QueueItem | None:
    """An open ticket whose promise is close (at risk) or has passed (broken).

    Waiting on the customer or on parts pauses our clock: while waiting there
    is no item, and the promise moves later by the time spent waiting.
    *At risk* from N business hours (default 4) before the promise, but only
    listed while the business is open, since nobody calls about it at night:
    a promise due Monday 09:00 is listed on Friday from 14:00 to closing, not
    on Friday evening, and again from Monday's opening.  *Broken* once the
    promise has passed, at any hour.  Telling the customer after the stage
    began clears it until the next stage.
    """
    if not is_open_ticket(t) or t.promised_by is None or current_wait(t, now) is not None:
        return None
    moment = _utc(now)
    due = effective_promise(t, now)
    assert due is not None
    moved = due - t.promised_by
    note = f" (moved {clock.span(moved.total_seconds())} for waiting)" if moved >= timedelta(minutes=1) else ""
    if moment > due:
        text = f"promised {clock.short_when(due, now, tz)}{note}, {clock.span((moment - due).total_seconds())} late"
        return _ticket_item(t, PROMISE_BROKEN, text, due, moment - due)
    if th.promise_business_hours <= 0 or not is_open(moment, schedule, tz):
        return None
    since = add_business_hours(due, -th.promise_business_hours, schedule, tz)
    if moment < since:
        return None
    left = business_seconds_between(moment, due, schedule, tz)
    text = f"due {clock.short_when(due, now, tz)}{note}, {clock.span(left)} of business time left"
    return _ticket_item(t, PROMISE_AT_RISK, text, since, moment - since)


def gap(t: TicketFacts, now: arrow.Arrow | datetime, th: Thresholds, schedule: Schedule, tz: str) -> QueueItem | None:
    """An open ticket with no contact either way for more than N days (default 3).

    Counted from the latest contact (or the opening of the ticket), leaving
    out time spent waiting on the customer or on parts; nothing while the
    ticket is waiting, and only listed while the business is open.
    """
    if not is_open_ticket(t) or current_wait(t, now) is not None:
        return None
    moment = _utc(now)
    last = max((t.opened_at, *t.contacts))
    periods = waiting_periods(t.waits, last, moment)
    need, cursor = timedelta(days=th.gap_days), last
    for start, end in periods:  # walk the quiet time between waits until it reaches N days
        if start - cursor >= need:
            break
        need -= start - cursor
        cursor = end
    crossed = cursor + need
    if crossed >= moment or not is_open(moment, schedule, tz):
        return None
    quiet = (moment - last) - sum((end - start for start, end in periods), timedelta(0))
    text = f"no contact for {clock.span(quiet.total_seconds())}"
    return _ticket_item(t, GAP, text, crossed, moment - crossed)


def ticket_item(
    t: TicketFacts, now: arrow.Arrow | datetime, th: Thresholds, schedule: Schedule, tz: str
) -> QueueItem | None:
    """The one queue item for an open ticket: the most urgent of broken promise,
    promise at risk and gone quiet."""
    found = [item for item in (promise_risk(t, now, th, schedule, tz), gap(t, now, th, schedule, tz)) if item]
    return min(found, key=sort_key) if found else None


def _ticket_item(t: TicketFacts, reason: str, text: str, since: datetime, overdue: timedelta) -> QueueItem | None:
    return _unless_informed(t.contacts, QueueItem(
        reason=reason, text=text, since=since, severity=severity(reason, overdue), customer_id=t.customer_id,
        customer_name=t.customer_name, ticket_id=t.id, key=f"ticket-{t.id}",
    ))


def follow_up_due(t: TicketFacts, now: arrow.Arrow | datetime, tz: str) -> QueueItem | None:
    """A closed ticket whose satisfaction call is due and not yet made.
    Never for an open ticket."""
    moment = _utc(now)
    if t.status != "closed" or t.follow_up_due is None or t.follow_up_done_at is not None:
        return None
    if t.follow_up_due > moment:
        return None
    closed = f"closed {clock.short_when(t.closed_at, now, tz)}: " if t.closed_at else ""
    return QueueItem(
        reason=FOLLOW_UP_DUE,
        text=f"{closed}ask whether they are satisfied",
        since=t.follow_up_due,
        severity=severity(FOLLOW_UP_DUE, moment - t.follow_up_due),
        customer_id=t.customer_id,
        customer_name=t.customer_name,
        ticket_id=t.id,
        key=f"followup-{t.id}",
    )


# ------------------------------------------------------------------ calls and check-ins
def callback_due(c: CallbackFacts, now: arrow.Arrow | datetime, tz: str) -> QueueItem | None:
    """A callback we owe: the promised "call back by" time has come, or an
    inbound call was missed and nobody set a time (owed from the missed
    call).  Never once the callback was made."""
    if c.callback_done_at is not None:
        return None
    moment = _utc(now)
    if c.callback_by is not None:
        if c.callback_by > moment:
            return None
        since = c.callback_by
        text = f"call back by {clock.short_when(since, now, tz)} ({clock.ago(since, now)})"
    elif rules.owes_callback(c.direction, c.outcome) and c.started_at <= moment:
        since = c.started_at
        text = f"missed call at {clock.short_when(since, now, tz)}, not called back"
    else:
        return None
    return QueueItem(
        reason=CALLBACK_OWED,
        text=text,
        since=since,
        severity=severity(CALLBACK_OWED, moment - since),
        customer_id=c.customer_id,
        customer_name=c.customer_name or c.phone_raw or c.phone_e164,
        ticket_id=c.ticket_id,
        call_id=c.call_id,
        key=f"call-{c.call_id}",
    )


def check_in_due(c: CadenceFacts, now: arrow.Arrow | datetime, schedule: Schedule, tz: str) -> QueueItem | None:
    """A key client's regular check-in call is due (listed while the business is open)."""
    moment = _utc(now)
    due = cadence.next_check_in(c, schedule, tz, now)
    if due is None or due > moment or not is_open(moment, schedule, tz):
        return None
    return QueueItem(
        reason=CHECK_IN_DUE,
        text=f"{cadence.describe(c.cadence, c.every_days)} check-in due since {clock.short_when(due, now, tz)}",
        since=due,
        severity=severity(CHECK_IN_DUE, moment - due),
        customer_id=c.customer_id,
        customer_name=c.customer_name,
        key=f"checkin-{c.customer_id}",
    )


# ------------------------------------------------------------------ the queue
def build_queue(
    visits: Iterable[VisitFacts],
    tickets: Iterable[TicketFacts],
    callbacks: Iterable[CallbackFacts],
    cadences: Iterable[CadenceFacts],
    now: arrow.Arrow | datetime,
    th: Thresholds,
    schedule: Schedule,
    tz: str,
) -> list[QueueItem]:
    """Everyone who should hear from us now, most urgent first (see `severity`).

    One item per visit, per open ticket (its most urgent reason), per owed
    callback, per customer due a check-in, and per closed ticket due a
    satisfaction call.  Keys are unique: a record given twice counts once.
    """
    found: list[QueueItem | None] = []
    found += (visit_risk(v, now, th, tz) for v in visits)
    for t in tickets:
        found.append(ticket_item(t, now, th, schedule, tz))
        found.append(follow_up_due(t, now, tz))
    found += (callback_due(c, now, tz) for c in callbacks)
    found += (check_in_due(c, now, schedule, tz) for c in cadences)
    by_key: dict[str, QueueItem] = {}
    for item in found:
        if item is not None and (item.key not in by_key or sort_key(item) < sort_key(by_key[item.key])):
            by_key[item.key] = item
    return sorted(by_key.values(), key=sort_key)
