"""Properties of the call-now queue over generated desks (hypothesis).

- a ticket item is only ever for an open ticket, a follow-up only for a closed one;
- no cancelled, finished, on-site or arrived visit is listed;
- keys are unique and the list is sorted by severity;
- informing (a contact at `now` on one ticket or visit) removes exactly that
  record's item and leaves every other item as it was.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import arrow
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.domain import call_now as cn
from frontdesk.domain.business_hours import Schedule
from frontdesk.domain.call_now import CadenceFacts, CallbackFacts, Thresholds, TicketFacts, VisitFacts, Wait

TZ = "America/New_York"
SCHEDULE = Schedule()
TICKET_REASONS = {cn.PROMISE_BROKEN, cn.PROMISE_AT_RISK, cn.GAP}
VISIT_REASONS = {cn.VISIT_LATE, cn.VISIT_AT_RISK}
# two weeks around each US clock change of 2026, in UTC
ANCHORS = (datetime(2026, 3, 2, 5), datetime(2026, 10, 26, 4))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

minutes = st.integers(min_value=0, max_value=9 * 24 * 60)


@st.composite
def moments(draw) -> datetime:
    return draw(st.sampled_from(ANCHORS)) + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))


def past(draw, now: datetime) -> datetime:
    return now - timedelta(minutes=draw(minutes))


def maybe_past(draw, now: datetime) -> datetime | None:
    return past(draw, now) if draw(st.booleans()) else None


def contacts(draw, now: datetime) -> tuple[datetime, ...]:
    return tuple(past(draw, now) for _ in range(draw(st.integers(0, 2))))


def a_visit(draw, id_: int, now: datetime) -> VisitFacts:
    start = now + timedelta(minutes=draw(st.integers(-600, 600)))
    status = draw(st.sampled_from(["scheduled", "en route", "on site", "done", "cancelled"]))
    eta = draw(st.none() | st.integers(-120, 360).map(lambda m: start + timedelta(minutes=m)))
    return VisitFacts(
        id=id_, customer_id=draw(st.integers(1, 4)), customer_name="c", ticket_id=draw(st.none() | st.integers(1, 6)),
        window_start=start, window_end=start + timedelta(minutes=draw(st.integers(30, 240))), status=status,
        arrived_at=maybe_past(draw, now),
        en_route_at=maybe_past(draw, now), eta=eta, eta_set_at=maybe_past(draw, now), contacts=contacts(draw, now),
    )


def a_ticket(draw, id_: int, now: datetime) -> TicketFacts:
    opened = past(draw, now)
    status = draw(st.sampled_from(["open", "closed"]))
    waits = []
    for _ in range(draw(st.integers(0, 2))):
        began = past(draw, now)
        ended = draw(st.none() | st.integers(0, 3000).map(lambda m: min(now, began + timedelta(minutes=m))))
        waits.append(Wait(draw(st.sampled_from(["customer", "parts"])), began, ended))
    promised = draw(st.none() | st.integers(-5 * 24 * 60, 5 * 24 * 60).map(lambda m: now + timedelta(minutes=m)))
    return TicketFacts(
        id=id_, customer_id=draw(st.integers(1, 4)), customer_name="c", title="t", status=status, opened_at=opened,
        promised_by=promised, promised_at=maybe_past(draw, now),
        closed_at=past(draw, now) if status == "closed" else None, contacts=contacts(draw, now), waits=tuple(waits),
        follow_up_due=draw(st.none() | st.integers(-3000, 3000).map(lambda m: now + timedelta(minutes=m))),
        follow_up_done_at=maybe_past(draw, now),
    )


def a_callback(draw, id_: int, now: datetime) -> CallbackFacts:
    return CallbackFacts(
        call_id=id_, customer_id=draw(st.none() | st.integers(1, 4)), customer_name="", phone_e164="+1",
        phone_raw="1", ticket_id=draw(st.none() | st.integers(1, 6)), started_at=past(draw, now),
        direction=draw(st.sampled_from(["in", "out"])), outcome=draw(st.sampled_from(["answered", "missed"])),
        callback_by=draw(st.none() | st.integers(-3000, 3000).map(lambda m: now + timedelta(minutes=m))),
        callback_done_at=maybe_past(draw, now),
    )


def a_cadence(draw, customer_id: int, now: datetime) -> CadenceFacts:
    return CadenceFacts(
        customer_id=customer_id, customer_name="c",
        cadence=draw(st.sampled_from(["", "daily", "twice a week", "weekly", "custom"])),
        every_days=draw(st.none() | st.integers(0, 10)), cadence_since=maybe_past(draw, now),
        last_check_in=maybe_past(draw, now),
    )


@st.composite
def desks(draw):
    now = draw(moments())
    th = Thresholds(
        visit_lead_minutes=draw(st.integers(0, 60)), visit_margin_minutes=draw(st.integers(0, 60)),
        promise_business_hours=draw(st.sampled_from([0, 1, 4, 8.5])), gap_days=draw(st.sampled_from([0, 0.5, 3])),
    )
    visits = [a_visit(draw, i, now) for i in range(draw(st.integers(0, 5)))]
    tickets = [a_ticket(draw, i, now) for i in range(1, draw(st.integers(1, 6)) + 1)]
    callbacks = [a_callback(draw, i, now) for i in range(draw(st.integers(0, 3)))]
    cadences = [a_cadence(draw, i, now) for i in range(1, draw(st.integers(0, 3)) + 1)]
    return now, th, visits, tickets, callbacks, cadences


def queue(now, th, visits, tickets, callbacks, cadences) -> list[cn.QueueItem]:
    return cn.build_queue(visits, tickets, callbacks, cadences, arrow.get(now, tzinfo="UTC"), th, SCHEDULE, TZ)


def check_queue(items: list[cn.QueueItem], visits: list[VisitFacts], tickets: list[TicketFacts]) -> None:
    """The invariants every queue keeps; raises AssertionError on the first broken one."""
    by_ticket = {t.id: t for t in tickets}
    by_visit = {v.id: v for v in visits}
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys)), f"duplicate keys {keys}"
    assert [item.severity for item in items] == sorted((item.severity for item in items), reverse=True)
    for item in items:
        if item.reason in TICKET_REASONS:
            assert item.key == f"ticket-{item.ticket_id}"
            assert by_ticket[item.ticket_id].status == "open", f"closed ticket listed: {item}"
        if item.reason == cn.FOLLOW_UP_DUE:
            assert by_ticket[item.ticket_id].status == "closed", f"follow-up for an open ticket: {item}"
        if item.reason in VISIT_REASONS:
            v = by_visit[item.visit_id]
            assert v.status in ("scheduled", "en route") and v.arrived_at is None, f"finished visit listed: {item}"


@SETTINGS
@given(desks())
def test_queue_invariants(desk):
    now, th, visits, tickets, callbacks, cadences = desk
    check_queue(queue(*desk), visits, tickets)


@SETTINGS
@given(desks(), st.data())
def test_informing_clears_exactly_the_informed_item(desk, data):
    now, th, visits, tickets, callbacks, cadences = desk
    before = queue(*desk)
    if visits and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(visits) - 1))
        informed = f"visit-{visits[index].id}"
        visits = [*visits]
        visits[index] = replace(visits[index], contacts=(*visits[index].contacts, now))
    else:
        index = data.draw(st.integers(0, len(tickets) - 1))
        informed = f"ticket-{tickets[index].id}"
        tickets = [*tickets]
        tickets[index] = replace(tickets[index], contacts=(*tickets[index].contacts, now))
    after = queue(now, th, visits, tickets, callbacks, cadences)
    assert after == [item for item in before if item.key != informed]


# ---------------------------------------------------------- the checks above can fail
NOW = datetime(2026, 3, 4, 20)  # Wednesday 15:00 New York


def _item(reason: str, key: str, severity: float, **ids) -> cn.QueueItem:
    return cn.QueueItem(reason, "", NOW, severity, 1, "c", key=key, **ids)


@pytest.mark.parametrize(
    "bad",
    [
        [_item(cn.PROMISE_BROKEN, "ticket-1", 5.0, ticket_id=1)],  # ticket 1 is closed
        [_item(cn.FOLLOW_UP_DUE, "followup-2", 1.0, ticket_id=2)],  # ticket 2 is open
        [_item(cn.VISIT_LATE, "visit-1", 8.0, visit_id=1)],  # visit 1 was cancelled
        [_item(cn.GAP, "ticket-2", 2.0, ticket_id=2), _item(cn.GAP, "ticket-2", 2.0, ticket_id=2)],
        [_item(cn.GAP, "ticket-2", 2.0, ticket_id=2), _item(cn.CALLBACK_OWED, "call-1", 5.0, call_id=1)],
    ],
)
def test_check_queue_rejects_a_broken_queue(bad):
    tickets = [TicketFacts(1, 1, "c", "t", "closed", NOW, closed_at=NOW), TicketFacts(2, 1, "c", "t", "open", NOW)]
    visits = [VisitFacts(1, 1, "c", None, NOW, NOW, "cancelled")]
    with pytest.raises(AssertionError):
        check_queue(bad, visits, tickets)
