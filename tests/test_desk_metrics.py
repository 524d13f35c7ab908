"""desk_metrics: on-time rate, late visits and whether we warned, status chasers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import arrow

from frontdesk.domain.call_now import VisitFacts
from frontdesk.domain.desk_metrics import ChasedTicket, ChaserStats, chasers, late_visits, on_time

END = datetime(2026, 11, 25, 16)  # window 09:00-11:00 New York
MIN = timedelta(minutes=1)
NOW = arrow.get(datetime(2026, 11, 25, 18), tzinfo="UTC")


def visit(id_: int, **changes) -> VisitFacts:
    base = VisitFacts(id=id_, customer_id=1, customer_name="Ada", ticket_id=None,
                      window_start=END - timedelta(hours=2), window_end=END, status="scheduled")
    return replace(base, **changes)


VISITS = [
    visit(1, status="on site", arrived_at=END - MIN),  # on time
    visit(2, status="done", arrived_at=END),  # on time, at the very end
    visit(3, status="on site", arrived_at=END + MIN, contacts=(END,)),  # late, warned at the end
    visit(4, contacts=(END + MIN,)),  # late now, told only afterwards
    visit(5, status="cancelled"),  # never counts
    visit(6, window_start=datetime(2026, 11, 25, 19), window_end=datetime(2026, 11, 25, 21)),  # not due yet
    visit(7, window_start=datetime(2026, 11, 25, 19), window_end=datetime(2026, 11, 25, 21),
          status="on site", arrived_at=datetime(2026, 11, 25, 17, 30)),  # arrived early: due and on time
    visit(8, status="en route", window_end=NOW.naive),  # window ends exactly now: due, not on time, not late
]


def test_on_time():
    assert on_time(VISITS, NOW) == (3, 6)
    assert on_time([], NOW) == (0, 0)


def test_late_visits_and_whether_we_warned():
    assert [(v.id, warned) for v, warned in late_visits(VISITS, NOW)] == [(3, True), (4, False)]


@dataclass
class Call:
    started_at: datetime
    direction: str = "in"
    reason: str = "status inquiry"
    ticket_id: int | None = None


START, STOP = datetime(2026, 11, 25, 5), datetime(2026, 11, 26, 5)


def test_chasers():
    calls = [
        Call(datetime(2026, 11, 25, 14), ticket_id=1),  # open ticket
        Call(datetime(2026, 11, 25, 15), ticket_id=1),
        Call(datetime(2026, 11, 25, 15), ticket_id=2),  # closed before the call: not a chaser
        Call(datetime(2026, 11, 25, 16), ticket_id=3),  # closed after the call: still a chaser
        Call(datetime(2026, 11, 25, 17)),  # not linked: counts
        Call(datetime(2026, 11, 25, 17), reason="billing"),
        Call(datetime(2026, 11, 25, 18), direction="out"),  # ours, not inbound
        Call(START - MIN),  # outside the range
        Call(STOP),  # the range is half-open
        Call(START, ticket_id=4),  # unknown ticket counts as open
    ]
    closed = {1: None, 2: datetime(2026, 11, 25, 12), 3: datetime(2026, 11, 25, 20)}
    stats = chasers(calls, closed, START, STOP)
    assert (stats.count, stats.inbound, stats.share, stats.ticket_ids, stats.unlinked) == (5, 7, 5 / 7, (1, 3, 4), 1)
    assert stats.tickets == (ChasedTicket(1, 2, datetime(2026, 11, 25, 15)), ChasedTicket(3, 1, datetime(2026, 11, 25, 16)),
                             ChasedTicket(4, 1, START))


def test_chasers_without_inbound_calls():
    assert chasers([Call(datetime(2026, 11, 25, 18), direction="out")], {}, START, STOP) == ChaserStats(0, 0, 0.0, (), (), 0)
