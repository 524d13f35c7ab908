"""The desk's scoreboard: on-time arrivals, late visits, status chasers.

- *On time*: of the visits due so far (the window has ended, or the
  technician already arrived), how many arrived by the end of their window.
  Cancelled visits do not count either way.
- *Late visits*: visits late now, or whose technician arrived after the
  window ended, and whether the customer heard from us before the window
  ended (any contact on the visit at or before the window end).
- *Status chasers*: inbound "status inquiry" calls about a ticket that was
  still open (or not linked to any ticket): each one is a customer who had
  to chase us for news we should have given first.

Pure functions; times are naive UTC datetimes, `now` an aware Arrow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import arrow

from frontdesk.domain import clock, rules

STATUS_INQUIRY = "status inquiry"


def on_time(visits: Iterable, now: arrow.Arrow | datetime) -> tuple[int, int]:
    """(arrived within their window, visits due so far); cancelled visits left out.

    A visit is due once its window has ended or its technician arrived; it
    was on time when the technician arrived at or before the window end.
    """
    moment = clock.utc_naive(now)
    kept = due = 0
    for visit in visits:
        if visit.status == "cancelled":
            continue
        if visit.arrived_at is not None or visit.window_end <= moment:
            due += 1
            if visit.arrived_at is not None and visit.arrived_at <= visit.window_end:
                kept += 1
    return kept, due


def late_visits(visits: Iterable, now: arrow.Arrow | datetime) -> list[tuple[object, bool]]:
    """Visits late now or that arrived after their window, each with whether
    the customer was contacted at or before the window end."""
    found = []
    for visit in visits:
        state = rules.visit_state(visit, now)
        arrived_late = visit.arrived_at is not None and visit.arrived_at > visit.window_end
        if state.state == rules.CANCELLED or not (state.is_late or arrived_late):
            continue
        found.append((visit, warned_before_end(visit.window_end, visit.contacts)))
    return found


def warned_before_end(window_end: datetime, contacts: Iterable[datetime]) -> bool:
    """Was the customer of a late visit called before the window ended (any
    answered contact about the visit at or before its end)?"""
    return any(contact <= window_end for contact in contacts)


@dataclass(frozen=True)
class ChasedTicket:
    ticket_id: int
    calls: int  # chasers about it in the range
    last_at: datetime  # the latest of them


@dataclass(frozen=True)
class ChaserStats:
    count: int  # status inquiries we should have pre-empted
    inbound: int  # all inbound calls in the range
    share: float  # count / inbound, 0 when there were no inbound calls
    ticket_ids: tuple[int, ...]  # tickets that drew them, most chased first
    tickets: tuple[ChasedTicket, ...] = ()  # the same, with how many and the latest
    unlinked: int = 0  # chasers linked to no ticket


def is_chaser(call, tickets_closed_at: dict[int, datetime | None]) -> bool:
    """An inbound "status inquiry" not linked to a ticket, or linked to one
    still open when the call came (a ticket missing from `tickets_closed_at`
    counts as open)."""
    if call.direction != "in" or call.reason != STATUS_INQUIRY:
        return False
    if call.ticket_id is None:
        return True
    closed_at = tickets_closed_at.get(call.ticket_id)
    return closed_at is None or closed_at > call.started_at


def chasers(
    calls: Iterable, tickets_closed_at: dict[int, datetime | None], start: datetime, end: datetime
) -> ChaserStats:
    """Status chasers (see is_chaser) among the inbound calls started in
    [start, end).  Calls need started_at, direction, reason and ticket_id."""
    inbound = count = unlinked = 0
    chased: Counter[int] = Counter()
    last: dict[int, datetime] = {}
    for call in calls:
        if call.direction != "in" or not start <= call.started_at < end:
            continue
        inbound += 1
        if not is_chaser(call, tickets_closed_at):
            continue
        count += 1
        if call.ticket_id is None:
            unlinked += 1
            continue
        chased[call.ticket_id] += 1
        last[call.ticket_id] = max(last.get(call.ticket_id, call.started_at), call.started_at)
    ids = tuple(sorted(chased, key=lambda ticket_id: (-chased[ticket_id], ticket_id)))
    return ChaserStats(count=count, inbound=inbound, share=count / inbound if inbound else 0.0, ticket_ids=ids,
                       tickets=tuple(ChasedTicket(tid, chased[tid], last[tid]) for tid in ids), unlinked=unlinked)
