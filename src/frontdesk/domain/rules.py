"""Domain rules: pure functions of records and `now`.

No Textual, no database.  Records are anything with the named attributes
(query rows or models); times are naive UTC datetimes, `now` an aware
Arrow/datetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import arrow

from frontdesk.domain import clock

# Visit states derived from the clock
UPCOMING = "upcoming"
IN_WINDOW = "in window"
LATE = "late"
ARRIVED = "arrived"
DONE = "done"
CANCELLED = "cancelled"

WIDE_WINDOW = timedelta(hours=2)


def _utc(now: arrow.Arrow | datetime) -> datetime:
    return clock.utc_naive(now)


@dataclass(frozen=True)
class VisitState:
    state: str
    late_by: timedelta = timedelta(0)

    @property
    def is_late(self) -> bool:
        return self.state == LATE

    def describe(self) -> str:
        if self.state == LATE:
            return f"LATE {clock.span(self.late_by.total_seconds())}"
        if self.state == ARRIVED and self.late_by > timedelta(0):
            return f"arrived {clock.span(self.late_by.total_seconds())} late"
        if self.state == ARRIVED:
            return "arrived on time"
        return self.state


def visit_state(visit, now) -> VisitState:
    """upcoming / in window / late (window end passed, nobody arrived)."""
    if visit.status == "cancelled":
        return VisitState(CANCELLED)
    if visit.arrived_at is not None or visit.status in ("on site", "done"):
        arrived = visit.arrived_at
        late = arrived - visit.window_end if arrived and arrived > visit.window_end else timedelta(0)
        return VisitState(DONE if visit.status == "done" else ARRIVED, late)
    moment = _utc(now)
    if moment < visit.window_start:
        return VisitState(UPCOMING)
    if moment <= visit.window_end:  # arriving exactly at the end is on time, so not late yet
        return VisitState(IN_WINDOW)
    return VisitState(LATE, moment - visit.window_end)


def window_text(visit, tz: str) -> str:
    return f"{clock.hhmm(visit.window_start, tz)}–{clock.hhmm(visit.window_end, tz)}"


def window_is_wide(start: datetime, end: datetime, limit_hours: float | None = None) -> bool:
    """Wider than customers accept (default 2 h; [thresholds] wide_window_hours)."""
    limit = WIDE_WINDOW if limit_hours is None else timedelta(hours=limit_hours)
    return end - start > limit


def promise_text(ticket, now) -> str:
    """'in 3 h', '2 days late', or '—' when nothing was promised."""
    if ticket.promised_by is None:
        return "—"
    if getattr(ticket, "closed_at", None) is not None:
        kept = ticket.closed_at <= ticket.promised_by
        return "kept" if kept else "closed late"
    return clock.until(ticket.promised_by, now)


def promise_broken(ticket, now) -> bool:
    return (
        ticket.promised_by is not None
        and getattr(ticket, "closed_at", None) is None
        and ticket.promised_by < _utc(now)  # closing exactly at promised_by is "kept"
    )


def informed_text(last_informed: datetime | None, now) -> str:
    if last_informed is None:
        return "never"
    return f"informed {clock.ago(last_informed, now)}"


def age_text(opened_at: datetime, now) -> str:
    seconds = (_utc(now) - opened_at).total_seconds()
    return "new" if seconds < 60 else clock.span(seconds)


def callback_overdue(call, now) -> bool:
    """A promised callback whose time has passed and was not yet made."""
    return (
        call.callback_by is not None
        and call.callback_done_at is None
        and call.callback_by <= _utc(now)
    )


def owes_callback(direction: str, outcome: str) -> bool:
    """A missed inbound call owes a callback even if nobody typed a time."""
    return direction == "in" and outcome == "missed"


def new_caller_needs_name(direction: str, outcome: str) -> bool:
    """A new caller we spoke to gets a name; a callback attempt nobody
    answered (or a missed call) may stay just a number."""
    return direction == "in" and outcome == "answered"


def talk_seconds(opened_at, saved_at) -> int:
    return max(0, int((_utc(saved_at) - _utc(opened_at)).total_seconds()))


PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


def ticket_sort_key(ticket, now):
    """Broken promises first, then by promise, then priority, then age."""
    far = datetime.max
    return (
        not promise_broken(ticket, now),
        ticket.promised_by or far,
        PRIORITY_ORDER.get(ticket.priority, 9),
        ticket.opened_at,
    )


def follow_up_due(closed_at, thresholds, schedule, tz: str) -> datetime:
    """When to ask whether the customer is satisfied: the next business day
    after closing, at the configured local time (default 10:00) — never before
    the ticket is closed, since the call is scheduled by closing it."""
    from datetime import time

    from frontdesk.domain import business_hours

    hour, minute = clock.parse_time_of_day(thresholds.follow_up_at)
    return business_hours.next_business_day_at(_utc(closed_at), time(hour, minute), schedule, tz)
