"""Saves and reads behind the call-now queue: promises, waits, en route,
follow-ups, check-ins, and the facts the rules are fed."""

from __future__ import annotations

from datetime import timedelta

import arrow
import pytest

from frontdesk.store import follow_up_writes as followups, queries, queue_reads as queue_facts, writes
from frontdesk.domain import phones
from frontdesk.store.models import Call, Promise, Ticket, TicketWait, Visit

TZ = "America/New_York"


def local(text: str):
    return arrow.get(text, tzinfo=TZ).to("UTC").naive


@pytest.fixture
def people(db, now):
    ann = writes.create_customer("Ann Lee", phones.parse("(650) 253-0000"), now.shift(days=-30))
    bob = writes.create_customer("Bob Roe", None, now.shift(days=-30))
    return {"ann": ann, "bob": bob}


def test_promises_keep_their_history_and_the_count_shows(people, now):
    ticket = writes.create_ticket(people["ann"], "Server", now.shift(days=-2), promised_by=local("2026-11-25 12:00"))
    assert writes.set_promise(ticket, local("2026-11-26 17:00"), now, note="parts late") == 2
    assert writes.set_promise(ticket, local("2026-11-27 12:00"), now.shift(hours=1)) == 3
    rows = list(Promise.select().where(Promise.ticket == ticket).order_by(Promise.id))
    assert [r.promised_by for r in rows] == [local("2026-11-25 12:00"), local("2026-11-26 17:00"),
                                             local("2026-11-27 12:00")]
    assert rows[1].note == "parts late"
    saved = Ticket.get_by_id(ticket)
    assert (saved.promised_by, saved.promised_at) == (local("2026-11-27 12:00"), now.shift(hours=1).to("UTC").naive)
    assert queries.get_ticket(ticket).promise_count == 3
    history = queue_facts.ticket_history(ticket)
    assert [p[1] for p in history.promises] == [r.promised_by for r in rows]


def test_a_closed_ticket_cannot_be_re_promised(people, now):
    ticket = writes.create_ticket(people["ann"], "Server", now.shift(days=-2))
    writes.close_ticket(ticket, now, follow_up_due=local("2026-11-26 10:00"))
    with pytest.raises(ValueError, match="closed"):
        writes.set_promise(ticket, local("2026-11-27 12:00"), now)
    assert Promise.select().count() == 0


def test_waiting_opens_and_closes_periods(people, now):
    ticket = writes.create_ticket(people["bob"], "Laptop", now.shift(days=-3))
    writes.set_waiting(ticket, "parts", now.shift(hours=-5))
    writes.set_waiting(ticket, "parts", now.shift(hours=-4))  # the same: no second period
    writes.set_waiting(ticket, "customer", now.shift(hours=-2))
    row = queries.get_ticket(ticket)
    assert (row.waiting_on, row.waiting_since) == ("customer", now.shift(hours=-2).to("UTC").naive)
    writes.set_waiting(ticket, "", now)
    waits = list(TicketWait.select().order_by(TicketWait.id))
    assert [(w.on, w.ended_at is not None) for w in waits] == [("parts", True), ("customer", True)]
    assert queries.get_ticket(ticket).waiting_on == ""
    facts = {t.id: t for t in queue_facts.ticket_facts()}[ticket]
    assert [w.on for w in facts.waits] == ["parts", "customer"]


def test_closing_ends_the_wait_and_schedules_one_follow_up(people, now):
    ticket = writes.create_ticket(people["bob"], "Laptop", now.shift(days=-3))
    writes.set_waiting(ticket, "customer", now.shift(hours=-1))
    due = local("2026-11-26 10:00")
    assert writes.close_ticket(ticket, now, follow_up_due=due) is True
    assert writes.close_ticket(ticket, now.shift(minutes=5), follow_up_due=local("2026-11-30 10:00")) is False
    saved = Ticket.get_by_id(ticket)
    assert (saved.status, saved.waiting_on, saved.follow_up_due) == ("closed", "", due)
    assert TicketWait.get().ended_at == now.to("UTC").naive
    facts = [t for t in queue_facts.ticket_facts() if t.id == ticket]
    assert len(facts) == 1 and facts[0].follow_up_due == due


def test_follow_up_answered_satisfied_is_done(people, now):
    ticket = writes.create_ticket(people["ann"], "Server", now.shift(days=-3))
    writes.close_ticket(ticket, now.shift(days=-1), follow_up_due=now.shift(hours=-1).to("UTC").naive)
    call_id, linked = followups.record_follow_up(ticket, True, "All good", now)
    assert linked is None
    saved = Ticket.get_by_id(ticket)
    assert (saved.satisfaction, saved.follow_up_done_at) == ("satisfied", now.to("UTC").naive)
    call = Call.get_by_id(call_id)
    assert (call.reason, call.direction, call.satisfaction, call.ticket_id) == ("satisfaction", "out", "satisfied", ticket)
    assert ticket not in [t.id for t in queue_facts.ticket_facts()]


def test_follow_up_not_satisfied_opens_one_linked_ticket(people, now):
    ticket = writes.create_ticket(people["ann"], "Server [bold]", now.shift(days=-3), priority="normal")
    writes.close_ticket(ticket, now.shift(days=-1), follow_up_due=now.shift(hours=-1).to("UTC").naive)
    _, linked = followups.record_follow_up(ticket, False, "Still slow", now)
    new = Ticket.get_by_id(linked)
    assert (new.title, new.priority, new.status, new.reopened_from_id) == (
        "Not satisfied: Server [bold]", "high", "open", ticket)
    assert Ticket.get_by_id(ticket).satisfaction == "not satisfied"
    assert Ticket.select().count() == 2


def test_follow_up_unanswered_stays_due_and_open_tickets_are_refused(people, now):
    ticket = writes.create_ticket(people["ann"], "Server", now.shift(days=-3))
    with pytest.raises(ValueError, match="still open"):
        followups.record_follow_up(ticket, True, "", now)
    assert Call.select().count() == 0
    writes.close_ticket(ticket, now.shift(days=-1), follow_up_due=now.shift(hours=-1).to("UTC").naive)
    followups.record_follow_up(ticket, True, "", now, outcome="missed")
    assert Ticket.get_by_id(ticket).follow_up_done_at is None
    assert ticket in [t.id for t in queue_facts.ticket_facts()]


def test_en_route_records_when_and_the_eta(people, now):
    visit = writes.create_visit(people["ann"], local("2026-11-25 16:00"), local("2026-11-25 17:00"), now)
    assert writes.mark_en_route(visit, now, local("2026-11-25 17:20")) is True
    saved = Visit.get_by_id(visit)
    assert (saved.status, saved.en_route_at, saved.eta, saved.eta_set_at) == (
        "en route", now.to("UTC").naive, local("2026-11-25 17:20"), now.to("UTC").naive)
    writes.mark_arrived(visit, now.shift(minutes=50))
    assert writes.mark_en_route(visit, now.shift(minutes=55)) is False


def test_visit_facts_keep_customer_ids_contacts_and_yesterdays_awaited(people, now):
    today = writes.create_visit(people["ann"], local("2026-11-25 09:00"), local("2026-11-25 10:00"), now)
    awaited = writes.create_visit(people["bob"], local("2026-11-24 19:00"), local("2026-11-24 20:00"), now)
    done = writes.create_visit(people["bob"], local("2026-11-24 09:00"), local("2026-11-24 10:00"), now)
    writes.mark_arrived(done, now.shift(days=-1))
    writes.mark_informed(now.shift(hours=-5), note="told", visit_id=today)
    facts = {v.id: v for v in queue_facts.visit_facts(now, TZ)}
    assert set(facts) == {today, awaited}
    assert (facts[today].customer_id, facts[awaited].customer_id) == (people["ann"], people["bob"])
    assert facts[today].contacts == (now.shift(hours=-5).to("UTC").naive,)


def test_callback_facts_name_the_customer(people, now):
    writes.log_call(writes.CallDraft(started_at=now.shift(hours=-1).to("UTC").naive, customer_id=people["ann"],
                                     outcome="missed"), now)
    [owed] = queue_facts.callback_facts()
    assert (owed.customer_id, owed.customer_name, owed.outcome) == (people["ann"], "Ann Lee", "missed")


def test_cadences_and_check_ins(people, now):
    followups.set_cadence(people["ann"], "daily", now.shift(days=-10))
    followups.set_cadence(people["bob"], "custom", now.shift(days=-10), every_days=10)
    for days, ok in ((3, True), (2, False), (1, True)):
        followups.log_check_in(people["ann"], ok, "walked through", now.shift(days=-days))
    followups.log_check_in(people["ann"], True, "", now, outcome="missed")  # no answer: not a check-in
    facts = {c.customer_id: c for c in queue_facts.cadence_facts()}
    assert facts[people["ann"]].cadence == "daily"
    assert facts[people["ann"]].last_check_in == now.shift(days=-1).to("UTC").naive
    assert (facts[people["bob"]].cadence, facts[people["bob"]].every_days) == ("custom", 10)
    assert queue_facts.recent_check_ins(people["ann"]) == [True, False, True]
    followups.set_cadence(people["bob"], "", now)
    assert [c.customer_id for c in queue_facts.cadence_facts()] == [people["ann"]]


def test_chaser_facts_cover_the_week_and_name_the_tickets(people, now):
    ticket = writes.create_ticket(people["ann"], "Server", now.shift(days=-9))
    for days, reason in ((0, "status inquiry"), (3, "status inquiry"), (8, "status inquiry"), (0, "billing")):
        writes.log_call(writes.CallDraft(started_at=now.shift(days=-days).to("UTC").naive, customer_id=people["ann"],
                                         reason=reason, ticket_id=ticket if reason != "billing" else None), now)
    facts = queue_facts.chaser_facts(now, TZ)
    assert len(facts.calls) == 3  # the 8-day-old one is outside the week
    assert facts.titles[ticket] == ("Ann Lee", "Server")
    assert facts.closed_at == {ticket: None}


def test_close_durations_are_per_priority_and_customer(people, now):
    for days, who, priority in ((2, "ann", "high"), (4, "bob", "high"), (6, "ann", "low")):
        ticket = writes.create_ticket(people[who], "t", now.shift(days=-30), priority=priority)
        writes.close_ticket(ticket, now.shift(days=-30 + days))
    own, everyone = queue_facts.close_durations(people["ann"], "high")
    assert own == [timedelta(days=2)]
    assert sorted(everyone) == [timedelta(days=2), timedelta(days=4)]
