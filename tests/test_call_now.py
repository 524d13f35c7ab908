"""call_now: each reason's edges at frozen times, and the queue's order."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import arrow
import pytest

from frontdesk.domain import call_now as cn
from frontdesk.domain.business_hours import Schedule
from frontdesk.domain.call_now import CadenceFacts, CallbackFacts, Thresholds, TicketFacts, VisitFacts, Wait

TZ = "America/New_York"
TH = Thresholds()
WEEK = Schedule()
MIN = timedelta(minutes=1)


def L(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """New York wall-clock time as naive UTC."""
    return datetime(y, m, d, h, mi, tzinfo=ZoneInfo(TZ)).astimezone(timezone.utc).replace(tzinfo=None)


def at(moment: datetime) -> arrow.Arrow:
    """A frozen aware `now` (shown in New York) for a naive-UTC moment."""
    return arrow.get(moment, tzinfo="UTC").to(TZ)


# Wednesday 2026-11-25, window 09:00-11:00 New York
W_START, W_END = L(2026, 11, 25, 9), L(2026, 11, 25, 11)


def visit(**changes) -> VisitFacts:
    base = VisitFacts(id=7, customer_id=1, customer_name="Ada", ticket_id=3,
                      window_start=W_START, window_end=W_END, status="scheduled")
    return replace(base, **changes)


def risk(v: VisitFacts, moment: datetime):
    return cn.visit_risk(v, at(moment), TH, TZ)


# ---------------------------------------------------------- visits: (a) lead time, not en route
def test_visit_lead_time_edges():
    assert risk(visit(), L(2026, 11, 25, 8, 29)) is None
    item = risk(visit(), L(2026, 11, 25, 8, 30))
    assert item.reason == cn.VISIT_AT_RISK and item.since == L(2026, 11, 25, 8, 30)
    assert item.text == "window 09:00–11:00 starts in 30 min, tech not en route"
    assert item.key == "visit-7" and item.visit_id == 7 and item.ticket_id == 3
    later = risk(visit(), L(2026, 11, 25, 9, 20))
    assert later.text == "window 09:00–11:00 started 20 min ago, tech not en route"
    assert later.since == item.since


def test_en_route_without_eta_is_quiet_until_the_margin():
    en_route = visit(status="en route", en_route_at=L(2026, 11, 25, 8, 20))
    assert risk(en_route, L(2026, 11, 25, 8, 45)) is None
    assert risk(en_route, L(2026, 11, 25, 10, 44)) is None
    item = risk(en_route, L(2026, 11, 25, 10, 48))
    assert item.since == L(2026, 11, 25, 10, 45)
    assert item.text == "window 09:00–11:00 ends in 12 min, tech not on site"


# ---------------------------------------------------------- visits: (b) ETA after the window
def test_eta_after_window_is_a_risk_from_when_it_was_given():
    late_eta = visit(status="en route", en_route_at=L(2026, 11, 25, 8), eta=L(2026, 11, 25, 11, 40),
                     eta_set_at=L(2026, 11, 25, 8, 5))
    item = risk(late_eta, L(2026, 11, 25, 8, 10))
    assert item.since == L(2026, 11, 25, 8, 5)
    assert item.text == "tech ETA 11:40, after the window (ends 11:00)"
    on_time_eta = replace(late_eta, eta=W_END)  # arriving exactly at the end is on time
    assert risk(on_time_eta, L(2026, 11, 25, 8, 10)) is None


def test_eta_without_a_recorded_time_uses_a_stable_since():
    late_eta = visit(status="en route", eta=L(2026, 11, 25, 11, 40))
    first = risk(late_eta, L(2026, 11, 25, 9, 0))
    again = risk(late_eta, L(2026, 11, 25, 9, 5))
    assert first.since == again.since == L(2026, 11, 25, 8, 30)


# ---------------------------------------------------------- visits: (c) margin, and late
def test_window_end_edges():
    assert risk(visit(status="en route"), L(2026, 11, 25, 10, 44)) is None
    assert risk(visit(status="en route"), L(2026, 11, 25, 10, 45)).reason == cn.VISIT_AT_RISK
    at_end = risk(visit(status="en route"), W_END)
    assert at_end.reason == cn.VISIT_AT_RISK and at_end.text.endswith("ends now, tech not on site")
    late = risk(visit(status="en route"), W_END + MIN)
    assert late.reason == cn.VISIT_LATE and late.since == W_END
    assert late.text == "window 09:00–11:00 ended 1 min ago"
    assert risk(visit(), L(2026, 11, 25, 11, 40)).text == "window 09:00–11:00 ended 40 min ago"


def test_earliest_trigger_is_the_since():
    # not en route: lead time (08:30) is earlier than the margin (10:45)
    assert risk(visit(), L(2026, 11, 25, 10, 50)).since == L(2026, 11, 25, 8, 30)


def test_severity_grows_with_lateness_and_late_beats_may_be_late():
    five = risk(visit(), W_END + 5 * MIN)
    hour = risk(visit(), W_END + 60 * MIN)
    may_be = risk(visit(eta=L(2026, 11, 25, 14), eta_set_at=L(2026, 11, 25, 6)), L(2026, 11, 25, 10, 59))
    assert hour.severity > five.severity > may_be.severity


@pytest.mark.parametrize("status", ["on site", "done", "cancelled"])
def test_finished_visits_never_appear(status):
    assert risk(visit(status=status), W_END + 60 * MIN) is None


def test_arrived_visit_never_appears():
    assert risk(visit(arrived_at=W_END + 5 * MIN), W_END + 60 * MIN) is None


# ---------------------------------------------------------- visits: informing
def test_informing_before_the_risk_began_does_not_count():
    told_early = visit(contacts=(L(2026, 11, 25, 8, 29),))
    assert risk(told_early, L(2026, 11, 25, 8, 45)) is not None
    told_after = visit(contacts=(L(2026, 11, 25, 8, 30),))
    assert risk(told_after, L(2026, 11, 25, 8, 45)) is None


def test_informing_during_may_be_late_clears_until_it_becomes_late():
    told = visit(contacts=(L(2026, 11, 25, 10, 50),))
    assert risk(told, L(2026, 11, 25, 10, 59)) is None
    assert risk(told, W_END) is None
    late = risk(told, W_END + MIN)
    assert late is not None and late.reason == cn.VISIT_LATE
    assert risk(replace(told, contacts=(*told.contacts, W_END + 2 * MIN)), W_END + 30 * MIN) is None


def test_a_new_late_eta_is_news_again():
    told = visit(status="en route", en_route_at=L(2026, 11, 25, 8, 20), contacts=(L(2026, 11, 25, 8, 35),))
    assert risk(told, L(2026, 11, 25, 9)) is None
    news = replace(told, eta=L(2026, 11, 25, 11, 30), eta_set_at=L(2026, 11, 25, 9, 30))
    assert risk(news, L(2026, 11, 25, 9, 31)).since == L(2026, 11, 25, 9, 30)


# ---------------------------------------------------------- promises
# Friday 2026-11-27 / Monday 2026-11-30; the promise is Monday 09:00
PROMISE = L(2026, 11, 30, 9)


def ticket(**changes) -> TicketFacts:
    base = TicketFacts(id=3, customer_id=1, customer_name="Ada", title="Printer", status="open",
                       opened_at=L(2026, 11, 26, 10), promised_by=PROMISE, promised_at=L(2026, 11, 26, 10),
                       contacts=(L(2026, 11, 27, 9),))
    return replace(base, **changes)


def promise(t: TicketFacts, moment: datetime, th: Thresholds = TH):
    return cn.promise_risk(t, at(moment), th, WEEK, TZ)


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (L(2026, 11, 27, 13, 59), None),
        (L(2026, 11, 27, 14), cn.PROMISE_AT_RISK),  # 4 business hours before Monday 09:00
        (L(2026, 11, 27, 16, 59), cn.PROMISE_AT_RISK),
        (L(2026, 11, 27, 17), None),  # closed: nobody calls about it tonight
        (L(2026, 11, 27, 18), None),  # the Friday-evening example
        (L(2026, 11, 28, 11), None),  # Saturday
        (L(2026, 11, 30, 7, 59), None),
        (L(2026, 11, 30, 8), cn.PROMISE_AT_RISK),
        (L(2026, 11, 30, 9), cn.PROMISE_AT_RISK),  # due now is not yet broken
        (L(2026, 11, 30, 9, 1), cn.PROMISE_BROKEN),
        (L(2026, 11, 30, 22), cn.PROMISE_BROKEN),  # broken shows at any hour
    ],
)
def test_promise_friday_evening_example(moment, reason):
    item = promise(ticket(), moment)
    assert (item.reason if item else None) == reason
    if reason == cn.PROMISE_AT_RISK:
        assert item.since == L(2026, 11, 27, 14) and item.key == "ticket-3"
    if reason == cn.PROMISE_BROKEN:
        assert item.since == PROMISE


def test_promise_texts():
    assert promise(ticket(), L(2026, 11, 27, 15)).text == "due Mon 09:00, 3 h of business time left"
    assert promise(ticket(), L(2026, 11, 30, 11)).text == "promised 09:00, 2 h late"


def test_broken_promise_severity_grows():
    assert promise(ticket(), L(2026, 12, 1, 9)).severity > promise(ticket(), L(2026, 11, 30, 10)).severity


def test_promise_informed_before_vs_after_risk_began():
    early = ticket(contacts=(L(2026, 11, 27, 13, 59),))
    assert promise(early, L(2026, 11, 27, 15)) is not None
    told = ticket(contacts=(L(2026, 11, 27, 14, 5),))
    assert promise(told, L(2026, 11, 27, 15)) is None
    assert promise(told, L(2026, 11, 30, 8, 30)) is None  # still the same stage on Monday
    assert promise(told, PROMISE + MIN).reason == cn.PROMISE_BROKEN  # broken is a new stage


def test_no_promise_or_closed_ticket_has_no_promise_item():
    assert promise(ticket(promised_by=None), PROMISE + MIN) is None
    assert promise(ticket(status="closed", closed_at=L(2026, 11, 27, 12)), PROMISE + MIN) is None


def test_waiting_pauses_the_promise():
    waiting = ticket(waits=(Wait("parts", L(2026, 11, 27, 10)),))
    assert promise(waiting, PROMISE + timedelta(days=2)) is None
    assert cn.gap(waiting, at(PROMISE + timedelta(days=10)), TH, WEEK, TZ) is None


def test_a_finished_wait_moves_the_promise_later():
    # waited on the customer Thursday 12:00 -> Friday 12:00: the promise moves to Tuesday 09:00
    waited = ticket(waits=(Wait("customer", L(2026, 11, 26, 12), L(2026, 11, 27, 12)),))
    assert cn.effective_promise(waited, at(L(2026, 11, 30, 9))) == L(2026, 12, 1, 9)
    assert promise(waited, L(2026, 11, 30, 9, 30)) is None  # the original promise would be broken now
    assert promise(waited, L(2026, 11, 30, 13, 59)) is None
    assert promise(waited, L(2026, 11, 30, 14)).since == L(2026, 11, 30, 14)  # Tue 09:00 less 4 business hours
    item = promise(waited, L(2026, 12, 1, 9, 1))
    assert item.reason == cn.PROMISE_BROKEN and item.since == L(2026, 12, 1, 9)
    assert "moved 1 day for waiting" in item.text


def test_waits_before_the_promise_was_made_do_not_move_it():
    old_wait = ticket(promised_at=L(2026, 11, 26, 15), waits=(Wait("parts", L(2026, 11, 26, 10), L(2026, 11, 26, 14)),))
    assert cn.effective_promise(old_wait, at(L(2026, 11, 30, 12))) == PROMISE


def test_overlapping_waits_count_once():
    both = ticket(waits=(Wait("parts", L(2026, 11, 26, 12), L(2026, 11, 26, 18)),
                         Wait("customer", L(2026, 11, 26, 14), L(2026, 11, 26, 16))))
    assert cn.effective_promise(both, at(L(2026, 11, 30, 12))) == PROMISE + timedelta(hours=6)


# ---------------------------------------------------------- gap of inattention
def quiet_ticket(**changes) -> TicketFacts:
    # opened Monday 2026-11-23 10:00, never contacted, no promise
    fields = {"opened_at": L(2026, 11, 23, 10), "promised_by": None, "promised_at": None, "contacts": ()}
    return ticket(**{**fields, **changes})


def quiet(t: TicketFacts, moment: datetime):
    return cn.gap(t, at(moment), TH, WEEK, TZ)


def test_gap_edges():
    assert quiet(quiet_ticket(), L(2026, 11, 26, 10)) is None  # exactly 3 days is not more than 3
    item = quiet(quiet_ticket(), L(2026, 11, 26, 10, 1))
    assert item.reason == cn.GAP and item.since == L(2026, 11, 26, 10) and item.text == "no contact for 3 days"
    assert quiet(quiet_ticket(), L(2026, 11, 27, 12)).text == "no contact for 4 days"


def test_gap_is_only_listed_while_open():
    assert quiet(quiet_ticket(), L(2026, 11, 26, 18)) is None
    assert quiet(quiet_ticket(), L(2026, 11, 28, 12)) is None


def test_a_contact_either_way_restarts_the_gap():
    t = quiet_ticket(contacts=(L(2026, 11, 24, 16),))
    assert quiet(t, L(2026, 11, 27, 16)) is None
    assert quiet(t, L(2026, 11, 27, 16, 1)).since == L(2026, 11, 27, 16)


def test_waiting_time_does_not_count_as_quiet():
    t = quiet_ticket(waits=(Wait("customer", L(2026, 11, 24, 10), L(2026, 11, 25, 10)),))
    assert quiet(t, L(2026, 11, 27, 10)) is None
    item = quiet(t, L(2026, 11, 27, 10, 1))
    assert item.since == L(2026, 11, 27, 10) and item.text == "no contact for 3 days"


def test_one_item_per_ticket_the_most_urgent():
    t = quiet_ticket(promised_by=L(2026, 11, 25, 12))
    item = cn.ticket_item(t, at(L(2026, 11, 27, 12)), TH, WEEK, TZ)
    assert item.reason == cn.PROMISE_BROKEN
    informed = replace(t, contacts=(L(2026, 11, 26, 9),))  # told after it broke
    assert cn.ticket_item(informed, at(L(2026, 11, 27, 12)), TH, WEEK, TZ) is None
    later = cn.ticket_item(informed, at(L(2026, 11, 30, 12)), TH, WEEK, TZ)
    assert later.reason == cn.GAP  # quiet again for more than 3 days


# ---------------------------------------------------------- callbacks
def callback(**changes) -> CallbackFacts:
    base = CallbackFacts(call_id=9, customer_id=1, customer_name="Ada", phone_e164="+16502530000",
                         phone_raw="650-253-0000", ticket_id=None, started_at=L(2026, 11, 25, 9),
                         direction="in", outcome="answered", callback_by=L(2026, 11, 25, 14))
    return replace(base, **changes)


def test_callback_by_edges():
    assert cn.callback_due(callback(), at(L(2026, 11, 25, 13, 59)), TZ) is None
    item = cn.callback_due(callback(), at(L(2026, 11, 25, 14)), TZ)
    assert item.reason == cn.CALLBACK_OWED and item.key == "call-9" and item.since == L(2026, 11, 25, 14)
    assert cn.callback_due(callback(), at(L(2026, 11, 25, 14, 40)), TZ).text == "call back by 14:00 (40 min ago)"
    assert cn.callback_due(callback(callback_done_at=L(2026, 11, 25, 14)), at(L(2026, 11, 25, 15)), TZ) is None
    # callbacks owed show out of hours too
    assert cn.callback_due(callback(), at(L(2026, 11, 25, 22)), TZ) is not None


def test_missed_inbound_call_is_owed_from_when_it_rang():
    missed = callback(callback_by=None, outcome="missed", customer_name="")
    item = cn.callback_due(missed, at(L(2026, 11, 25, 9, 30)), TZ)
    assert item.since == L(2026, 11, 25, 9) and item.customer_name == "650-253-0000"
    assert item.text == "missed call at 09:00, not called back"
    assert cn.callback_due(replace(missed, callback_done_at=L(2026, 11, 25, 9, 20)), at(L(2026, 11, 25, 9, 30)), TZ) is None
    assert cn.callback_due(replace(missed, direction="out"), at(L(2026, 11, 25, 9, 30)), TZ) is None
    assert cn.callback_due(replace(missed, outcome="answered"), at(L(2026, 11, 25, 9, 30)), TZ) is None


# ---------------------------------------------------------- check-ins
def test_check_in_edges():
    weekly = CadenceFacts(customer_id=4, customer_name="Bo", cadence="weekly", last_check_in=L(2026, 11, 23, 10))
    assert cn.check_in_due(weekly, at(L(2026, 11, 30, 7, 59)), WEEK, TZ) is None
    item = cn.check_in_due(weekly, at(L(2026, 11, 30, 8)), WEEK, TZ)
    assert item.reason == cn.CHECK_IN_DUE and item.key == "checkin-4" and item.text == "weekly check-in due since 08:00"
    assert cn.check_in_due(weekly, at(L(2026, 11, 30, 17)), WEEK, TZ) is None  # closed
    assert cn.check_in_due(replace(weekly, cadence=""), at(L(2026, 11, 30, 9)), WEEK, TZ) is None


# ---------------------------------------------------------- follow-ups
def test_follow_up_only_for_closed_tickets():
    closed = ticket(status="closed", closed_at=L(2026, 11, 27, 16), follow_up_due=L(2026, 11, 30, 10))
    assert cn.follow_up_due(closed, at(L(2026, 11, 30, 9, 59)), TZ) is None
    item = cn.follow_up_due(closed, at(L(2026, 11, 30, 10)), TZ)
    assert item.key == "followup-3" and item.reason == cn.FOLLOW_UP_DUE
    assert item.text == "closed Fri 16:00: ask whether they are satisfied"
    assert cn.follow_up_due(replace(closed, follow_up_done_at=L(2026, 11, 30, 10)), at(L(2026, 11, 30, 11)), TZ) is None
    reopened = replace(closed, status="open")
    assert cn.follow_up_due(reopened, at(L(2026, 11, 30, 11)), TZ) is None


# ---------------------------------------------------------- the queue
def test_queue_order_between_kinds():
    now = L(2026, 11, 30, 11, 30)  # Monday, open
    items = cn.build_queue(
        visits=[
            visit(id=1, window_start=L(2026, 11, 30, 8), window_end=L(2026, 11, 30, 11)),  # late
            visit(id=2, window_start=L(2026, 11, 30, 10), window_end=L(2026, 11, 30, 12)),  # may be late
        ],
        tickets=[
            ticket(id=10, promised_by=L(2026, 11, 30, 10), contacts=(L(2026, 11, 30, 8),)),  # broken
            ticket(id=11, promised_by=L(2026, 11, 30, 14), contacts=(L(2026, 11, 30, 8),)),  # at risk
            quiet_ticket(id=12),  # gone quiet
            ticket(id=13, status="closed", closed_at=L(2026, 11, 27, 16), follow_up_due=L(2026, 11, 30, 10)),
        ],
        callbacks=[callback(started_at=L(2026, 11, 30, 9), callback_by=L(2026, 11, 30, 11))],
        cadences=[CadenceFacts(customer_id=4, customer_name="Bo", cadence="daily", last_check_in=L(2026, 11, 27, 9))],
        now=at(now), th=TH, schedule=WEEK, tz=TZ,
    )
    assert [item.reason for item in items] == list(cn.ORDER)
    assert [item.key for item in items] == [
        "visit-1", "visit-2", "ticket-10", "call-9", "ticket-11", "checkin-4", "ticket-12", "followup-13",
    ]
    assert items == sorted(items, key=lambda item: -item.severity)


def test_within_a_kind_the_older_comes_first_and_duplicates_count_once():
    now = at(L(2026, 11, 25, 15))
    one = callback(call_id=1, callback_by=L(2026, 11, 25, 14))
    two = callback(call_id=2, callback_by=L(2026, 11, 25, 10))
    items = cn.build_queue([], [], [one, two, two], [], now, TH, WEEK, TZ)
    assert [item.key for item in items] == ["call-2", "call-1"]


def test_informing_clears_exactly_the_informed_item():
    now = L(2026, 11, 30, 11, 30)
    visits = [visit(id=1, window_start=L(2026, 11, 30, 8), window_end=L(2026, 11, 30, 11)),
              visit(id=2, window_start=L(2026, 11, 30, 8), window_end=L(2026, 11, 30, 11))]
    tickets = [ticket(id=10, promised_by=L(2026, 11, 30, 10)), ticket(id=11, promised_by=L(2026, 11, 30, 10))]
    before = cn.build_queue(visits, tickets, [], [], at(now), TH, WEEK, TZ)
    assert {item.key for item in before} == {"visit-1", "visit-2", "ticket-10", "ticket-11"}
    visits[0] = replace(visits[0], contacts=(now,))
    tickets[1] = replace(tickets[1], contacts=(now,))
    after = cn.build_queue(visits, tickets, [], [], at(now), TH, WEEK, TZ)
    assert after == [item for item in before if item.key not in ("visit-1", "ticket-11")]


def test_the_queue_on_dst_monday_2026_03_09():
    # the promise is Monday 09:00 EDT; 4 business hours earlier is Friday 14:00 EST
    t = ticket(promised_by=L(2026, 3, 9, 9), opened_at=L(2026, 3, 2, 9), promised_at=L(2026, 3, 2, 9),
               contacts=(L(2026, 3, 5, 9),))
    assert promise(t, L(2026, 3, 6, 13, 59)) is None
    assert promise(t, L(2026, 3, 6, 14)).since == L(2026, 3, 6, 14) == datetime(2026, 3, 6, 19)
    assert promise(t, L(2026, 3, 9, 8)).reason == cn.PROMISE_AT_RISK
    assert promise(t, datetime(2026, 3, 9, 13, 1)).reason == cn.PROMISE_BROKEN  # 09:01 EDT


def test_visit_window_text_on_fall_back_day():
    # Sunday 2026-11-01: window 09:00-11:00 EST is 14:00-16:00 UTC
    v = visit(window_start=datetime(2026, 11, 1, 14), window_end=datetime(2026, 11, 1, 16))
    assert risk(v, datetime(2026, 11, 1, 16, 10)).text == "window 09:00–11:00 ended 10 min ago"
    assert risk(v, datetime(2026, 11, 1, 13, 29)) is None
    assert risk(v, datetime(2026, 11, 1, 13, 30)).since == datetime(2026, 11, 1, 13, 30)


def test_queue_rules_import_no_ui_and_no_database():
    code = (
        "import sys\n"
        "import frontdesk.domain.call_now, frontdesk.domain.business_hours, frontdesk.domain.cadence\n"
        "import frontdesk.domain.four_times, frontdesk.domain.desk_metrics\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'peewee', 'playhouse')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
