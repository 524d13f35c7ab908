"""rules: pure functions of records and an explicit `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import arrow
import pytest

from frontdesk.domain import rules

TZ = "America/New_York"
START = datetime(2026, 11, 25, 19, 0)  # 14:00 local
END = datetime(2026, 11, 25, 21, 0)  # 16:00 local
SECOND = timedelta(seconds=1)


def at(moment: datetime) -> arrow.Arrow:
    """A frozen local `now` for a naive-UTC moment."""
    return arrow.get(moment, tzinfo="UTC").to(TZ)


@dataclass
class V:
    window_start: datetime = START
    window_end: datetime = END
    status: str = "scheduled"
    arrived_at: datetime | None = None


@dataclass
class T:
    promised_by: datetime | None = None
    closed_at: datetime | None = None
    priority: str = "normal"
    opened_at: datetime = datetime(2026, 11, 20, 15, 0)


@dataclass
class C:
    callback_by: datetime | None = None
    callback_done_at: datetime | None = None


# ---------------------------------------------------------- visit_state
@pytest.mark.parametrize(
    ("moment", "state", "late_by"),
    [
        (START - timedelta(hours=3), rules.UPCOMING, timedelta(0)),
        (START - SECOND, rules.UPCOMING, timedelta(0)),
        (START, rules.IN_WINDOW, timedelta(0)),
        (START + SECOND, rules.IN_WINDOW, timedelta(0)),
        (END - SECOND, rules.IN_WINDOW, timedelta(0)),
        (END, rules.IN_WINDOW, timedelta(0)),  # the end has not passed yet
        (END + SECOND, rules.LATE, SECOND),
        (END + timedelta(minutes=45), rules.LATE, timedelta(minutes=45)),
    ],
)
def test_visit_state_by_clock(moment, state, late_by):
    result = rules.visit_state(V(), at(moment))
    assert result.state == state
    assert result.late_by == late_by
    assert result.is_late is (state == rules.LATE)


def test_visit_state_en_route_is_still_judged_by_the_clock():
    assert rules.visit_state(V(status="en route"), at(END + timedelta(minutes=5))).state == rules.LATE


@pytest.mark.parametrize(
    ("arrived", "late_by"),
    [
        (START - timedelta(minutes=10), timedelta(0)),  # early counts as on time
        (START, timedelta(0)),
        (END, timedelta(0)),
        (END + SECOND, SECOND),
        (END + timedelta(minutes=20), timedelta(minutes=20)),
    ],
)
def test_visit_state_arrived(arrived, late_by):
    # whatever the clock says later, arrival settles the state
    result = rules.visit_state(V(status="on site", arrived_at=arrived), at(END + timedelta(hours=5)))
    assert result.state == rules.ARRIVED
    assert result.late_by == late_by
    assert not result.is_late


def test_visit_state_arrived_at_without_status_change():
    result = rules.visit_state(V(arrived_at=START), at(END + timedelta(hours=1)))
    assert result.state == rules.ARRIVED


def test_visit_state_done():
    result = rules.visit_state(V(status="done", arrived_at=END + timedelta(minutes=5)), at(END + timedelta(hours=2)))
    assert (result.state, result.late_by) == (rules.DONE, timedelta(minutes=5))
    assert rules.visit_state(V(status="done"), at(END + timedelta(hours=2))) == rules.VisitState(rules.DONE)


@pytest.mark.parametrize("moment", [START - SECOND, START, END, END + SECOND, END + timedelta(days=1)])
def test_visit_state_cancelled_at_every_edge(moment):
    assert rules.visit_state(V(status="cancelled"), at(moment)) == rules.VisitState(rules.CANCELLED)
    # even with an arrival recorded
    assert rules.visit_state(V(status="cancelled", arrived_at=START), at(moment)).state == rules.CANCELLED


def test_visit_state_accepts_utc_now_and_naive_now():
    assert rules.visit_state(V(), arrow.get(END + SECOND, tzinfo="UTC")).state == rules.LATE
    assert rules.visit_state(V(), END + SECOND).state == rules.LATE  # naive means UTC


@pytest.mark.parametrize(
    ("state", "text"),
    [
        (rules.VisitState(rules.LATE, timedelta(minutes=45)), "LATE 45 min"),
        (rules.VisitState(rules.LATE, timedelta(hours=2)), "LATE 2 h"),
        (rules.VisitState(rules.ARRIVED, timedelta(minutes=20)), "arrived 20 min late"),
        (rules.VisitState(rules.ARRIVED), "arrived on time"),
        (rules.VisitState(rules.UPCOMING), "upcoming"),
        (rules.VisitState(rules.IN_WINDOW), "in window"),
        (rules.VisitState(rules.CANCELLED), "cancelled"),
        (rules.VisitState(rules.DONE), "done"),
    ],
)
def test_describe(state, text):
    assert state.describe() == text


def test_window_text_and_width():
    assert rules.window_text(V(), TZ) == "14:00–16:00"
    assert rules.window_is_wide(START, START + timedelta(hours=2)) is False
    assert rules.window_is_wide(START, START + timedelta(hours=2, seconds=1)) is True


# -------------------------------------------------------------- promises
NOW = datetime(2026, 11, 25, 20, 0)


@pytest.mark.parametrize(
    ("ticket", "text"),
    [
        (T(), "—"),
        (T(promised_by=NOW + timedelta(hours=3)), "in 3 h"),
        (T(promised_by=NOW - timedelta(hours=2)), "2 h late"),
        (T(promised_by=NOW - timedelta(days=2)), "2 days late"),
        (T(promised_by=NOW), "now"),
        (T(promised_by=NOW - timedelta(hours=1), closed_at=NOW - timedelta(hours=2)), "kept"),
        (T(promised_by=NOW - timedelta(hours=1), closed_at=NOW - timedelta(hours=1)), "kept"),
        (T(promised_by=NOW - timedelta(hours=2), closed_at=NOW - timedelta(hours=2) + SECOND), "closed late"),
        (T(closed_at=NOW), "—"),
    ],
)
def test_promise_text(ticket, text):
    assert rules.promise_text(ticket, at(NOW)) == text


def test_promise_text_without_closed_at_attribute():
    @dataclass
    class Bare:
        promised_by: datetime | None

    assert rules.promise_text(Bare(NOW + timedelta(hours=3)), at(NOW)) == "in 3 h"
    assert rules.promise_broken(Bare(NOW - SECOND), at(NOW)) is True


@pytest.mark.parametrize(
    ("ticket", "broken"),
    [
        (T(), False),
        (T(promised_by=NOW + SECOND), False),
        (T(promised_by=NOW), False),  # closing right now would still keep it
        (T(promised_by=NOW - SECOND), True),
        (T(promised_by=NOW - timedelta(days=3)), True),
        (T(promised_by=NOW - timedelta(days=3), closed_at=NOW), False),  # closed late: history, not a risk
    ],
)
def test_promise_broken(ticket, broken):
    assert rules.promise_broken(ticket, at(NOW)) is broken


def test_informed_text():
    assert rules.informed_text(None, at(NOW)) == "never"
    assert rules.informed_text(NOW, at(NOW)) == "informed just now"
    assert rules.informed_text(NOW - timedelta(minutes=30), at(NOW)) == "informed 30 min ago"
    assert rules.informed_text(NOW - timedelta(days=1), at(NOW)) == "informed 1 day ago"


def test_age_text():
    assert rules.age_text(NOW - timedelta(hours=5), at(NOW)) == "5 h"
    assert rules.age_text(NOW - timedelta(days=3, hours=4), at(NOW)) == "3 days"


# ------------------------------------------------------------- callbacks
@pytest.mark.parametrize(
    ("call", "overdue"),
    [
        (C(), False),
        (C(callback_by=NOW + SECOND), False),
        (C(callback_by=NOW), True),  # a missed call's callback is owed from the moment it rang
        (C(callback_by=NOW - timedelta(hours=1)), True),
        (C(callback_by=NOW - timedelta(hours=1), callback_done_at=NOW - timedelta(minutes=5)), False),
    ],
)
def test_callback_overdue(call, overdue):
    assert rules.callback_overdue(call, at(NOW)) is overdue


@pytest.mark.parametrize(
    ("direction", "outcome", "owed"),
    [("in", "missed", True), ("in", "answered", False), ("out", "missed", False), ("out", "answered", False)],
)
def test_owes_callback(direction, outcome, owed):
    assert rules.owes_callback(direction, outcome) is owed


def test_talk_seconds():
    opened = at(NOW)
    assert rules.talk_seconds(opened, opened.shift(minutes=3, seconds=20)) == 200
    assert rules.talk_seconds(opened, opened.shift(seconds=-5)) == 0  # never negative
    assert rules.talk_seconds(NOW, NOW + timedelta(seconds=7)) == 7


# --------------------------------------------------------------- ordering
def test_ticket_sort_key_orders_the_queue():
    tickets = {
        "no promise, low": T(priority="low"),
        "no promise, urgent": T(priority="urgent"),
        "no promise, urgent, older": T(priority="urgent", opened_at=datetime(2026, 11, 1)),
        "promised tomorrow": T(promised_by=NOW + timedelta(days=1), priority="low"),
        "promised in 1 h": T(promised_by=NOW + timedelta(hours=1)),
        "broken 1 h": T(promised_by=NOW - timedelta(hours=1), priority="low"),
        "broken 2 days": T(promised_by=NOW - timedelta(days=2)),
        "unknown priority": T(priority="whatever"),
    }
    order = sorted(tickets, key=lambda k: rules.ticket_sort_key(tickets[k], at(NOW)))
    assert order == [
        "broken 2 days",
        "broken 1 h",
        "promised in 1 h",
        "promised tomorrow",
        "no promise, urgent, older",
        "no promise, urgent",
        "no promise, low",
        "unknown priority",
    ]


def test_ticket_sort_key_same_promise_by_priority():
    promise = NOW + timedelta(hours=4)
    high, normal = T(promised_by=promise, priority="high"), T(promised_by=promise, priority="normal")
    assert rules.ticket_sort_key(high, at(NOW)) < rules.ticket_sort_key(normal, at(NOW))


def test_rules_do_not_read_the_clock():
    import time_machine

    with time_machine.travel(datetime(2030, 1, 1), tick=False):
        assert rules.visit_state(V(), at(START - SECOND)).state == rules.UPCOMING
        assert rules.promise_text(T(promised_by=NOW + timedelta(hours=3)), at(NOW)) == "in 3 h"


def test_only_an_answered_inbound_new_caller_must_be_named():
    assert rules.new_caller_needs_name("in", "answered")
    assert not rules.new_caller_needs_name("in", "missed")
    assert not rules.new_caller_needs_name("out", "answered")
    assert not rules.new_caller_needs_name("out", "missed")
