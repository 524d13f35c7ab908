"""The demo day: realistic, relative to now, deterministic, never in the future."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import arrow
import phonenumbers
import pytest

from frontdesk.domain import clock, phones, rules
from frontdesk.demo import day as demo
from frontdesk.store import queries
from frontdesk import store
from frontdesk.store.models import Call, Customer, Phone, Technician, Ticket, Visit
from frontdesk.domain import vocabulary
from frontdesk.store import models

TZ = "America/New_York"
TABLES = ("customer", "phone", "technician", "ticket", "visit", "call")
# (local time, zone): mid-morning, afternoon, early morning, late evening, DST days, a +05:30 zone
MOMENTS = [
    ("2026-05-12T10:30", TZ),
    ("2026-05-12T15:00", TZ),
    ("2026-05-12T06:00", TZ),
    ("2026-05-12T23:30", TZ),
    ("2026-03-08T10:30", TZ),  # 23-hour day
    ("2026-11-01T06:00", TZ),  # 25-hour day
    ("2026-05-12T14:10", "Asia/Kolkata"),
]


@pytest.fixture
def build(tmp_path):
    """build(now, tz, seed, name) -> counts, with the demo database left open."""

    def _build(now, tz=TZ, seed=7, name="demo.db"):
        store.close_database()
        store.open_database(tmp_path / name)
        return demo.build_demo(now, tz, seed)

    yield _build
    store.close_database()


def at(text: str, tz: str = TZ) -> arrow.Arrow:
    return arrow.get(text, tzinfo=tz)


def dump(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {table: con.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall() for table in TABLES}
    finally:
        con.close()


def test_counts_are_in_the_expected_ranges_and_match_the_rows(build):
    now = at("2026-05-12T10:30")
    counts = build(now)
    assert 35 <= counts["customers"] <= 45
    assert 5 <= counts["technicians"] <= 7
    assert 20 <= counts["open_tickets"] <= 30
    assert 35 <= counts["closed_tickets"] <= 45
    assert 10 <= counts["visits_today"] <= 14
    assert 25 <= counts["calls_today"] <= 35
    assert counts["calls"] - counts["calls_today"] >= 50  # a week of history
    assert counts["customers"] == Customer.select().count()
    assert counts["phones"] == Phone.select().count()
    assert counts["technicians"] == Technician.select().count()
    assert counts["open_tickets"] == Ticket.select().where(Ticket.status == "open").count()
    assert counts["closed_tickets"] == Ticket.select().where(Ticket.status == "closed").count()
    assert counts["visits"] == Visit.select().count()
    assert counts["visits_today"] == len(queries.visits_today(now, TZ))
    assert counts["calls"] == Call.select().count()
    assert counts["calls_today"] == len(queries.calls_today(now, TZ))


@pytest.mark.parametrize(("when", "tz"), MOMENTS)
def test_exactly_one_late_and_one_in_window_visit_today(build, when, tz):
    now = at(when, tz)
    build(now, tz)
    today = Counter(rules.visit_state(v, now).state for v in queries.visits_today(now, tz))
    everywhere = Counter(rules.visit_state(v, now).state for v in Visit.select())
    assert today[rules.LATE] == everywhere[rules.LATE] == 1
    assert today[rules.IN_WINDOW] == everywhere[rules.IN_WINDOW] == 1
    assert today[rules.CANCELLED] == 1
    assert today[rules.DONE] + today[rules.ARRIVED] >= 1
    assert sum(today.values()) >= 6


@pytest.mark.parametrize(("when", "tz"), MOMENTS)
def test_nothing_happened_in_the_future(build, when, tz):
    now = at(when, tz)
    build(now, tz)
    moment = clock.utc_naive(now)
    start, end = clock.day_bounds(now, tz)
    assert Call.select().where(Call.started_at > moment).count() == 0
    assert Call.select().where(Call.callback_done_at > moment).count() == 0
    assert Visit.select().where(Visit.arrived_at > moment).count() == 0
    assert Ticket.select().where((Ticket.opened_at > moment) | (Ticket.closed_at > moment)).count() == 0
    assert Customer.select().where(Customer.created_at > moment).count() == 0
    assert len(queries.calls_today(now, tz)) >= 25
    for visit in queries.visits_today(now, tz):
        assert start <= visit.window_start < visit.window_end <= end
        assert visit.window_end - visit.window_start <= timedelta(hours=4)


def test_windows_are_mostly_narrow_with_one_eight_to_noon(build):
    now = at("2026-05-12T10:30")
    build(now)
    visits = queries.visits_today(now, TZ)
    wide = [v for v in visits if rules.window_is_wide(v.window_start, v.window_end)]
    assert [rules.window_text(v, TZ) for v in wide] == ["08:00–12:00"]
    assert len(visits) - len(wide) >= 8


def test_callbacks_owed_overdue_and_later_today(build):
    now = at("2026-05-12T15:00")
    build(now)
    moment = clock.utc_naive(now)
    _, end = clock.day_bounds(now, TZ)
    owed = queries.scheduled_calls(now, TZ)
    missed = [c for c in owed if c.direction == "in" and c.outcome == "missed"]
    assert len(missed) >= 2
    assert any(c.customer_id is None for c in missed)  # an unknown number
    later = [c for c in owed if c.callback_by > moment]
    assert len(later) == 1 and later[0].callback_by < end
    overdue = [c for c in owed if c.outcome == "answered" and rules.callback_overdue(c, now)]
    assert len(overdue) == 1
    settled = Call.select().where(Call.callback_done_at.is_null(False) & (Call.started_at >= clock.day_bounds(now, TZ)[0]))
    assert settled.count() >= 1


def test_reasons_directions_and_informed_contacts(build):
    now = at("2026-05-12T15:00")
    build(now)
    calls = queries.calls_today(now, TZ)
    reasons = Counter(c.reason for c in calls)
    assert set(reasons) <= set(vocabulary.REASONS) | {vocabulary.UPDATE_REASON, vocabulary.FOLLOW_UP_REASON}
    assert reasons["status inquiry"] >= 3
    assert {c.direction for c in calls} == {"in", "out"}
    assert {c.outcome for c in calls} == {"answered", "missed"}
    assert sum(1 for c in calls if c.ticket_id) >= 5
    informed = Call.select().where(Call.informed == True)  # noqa: E712
    assert informed.count() >= 10
    assert all(c.direction == "out" and c.reason == vocabulary.UPDATE_REASON and c.outcome == "answered"
               for c in informed)


def test_promises_broken_at_risk_and_ahead(build):
    now = at("2026-05-12T10:30")
    build(now)
    moment = clock.utc_naive(now)
    tickets = queries.open_tickets()
    broken = [t for t in tickets if rules.promise_broken(t, now)]
    at_risk = [t for t in tickets if t.promised_by and moment < t.promised_by <= moment + timedelta(hours=4)]
    ahead = [t for t in tickets if t.promised_by and t.promised_by > moment + timedelta(hours=4)]
    assert 2 <= len(broken) <= 3
    assert len(at_risk) >= 2
    assert len(ahead) >= 3
    assert any(t.promised_by is None for t in tickets)
    assert any(t.needed_by for t in tickets)
    assert all(t.promised_by > t.opened_at for t in tickets if t.promised_by)
    assert len({t.priority for t in tickets}) >= 3


def test_last_informed_is_a_mix_of_times_and_never(build):
    now = at("2026-05-12T15:00")
    build(now)
    start, _ = clock.day_bounds(now, TZ)
    informed = [t.last_informed for t in queries.open_tickets()]
    assert sum(1 for x in informed if x is None) >= 3
    assert sum(1 for x in informed if x is not None and x >= start) >= 3
    assert sum(1 for x in informed if x is not None and x < start) >= 3


def test_phone_numbers_are_valid_us_numbers_with_one_shared_line(build):
    build(at("2026-05-12T10:30"))
    rows = list(Phone.select())
    for row in rows:
        number = phonenumbers.parse(row.e164, None)
        assert phonenumbers.is_valid_number(number), row.e164
        assert phonenumbers.region_code_for_number(number) == "US"
        assert row.e164[5:8] != "555"
        assert phones.parse(row.e164).reversed_digits == row.reversed_digits
    owners = Counter(row.e164 for row in rows)
    assert sorted(n for n in owners.values() if n > 1) == [2]
    per_customer = Counter(row.customer_id for row in rows)
    assert sum(1 for n in per_customer.values() if n >= 2) >= 4
    for call in Call.select().where(Call.phone_e164 != ""):
        assert phonenumbers.is_valid_number(phonenumbers.parse(call.phone_e164, None))


def test_times_are_stored_as_naive_utc(tmp_path):
    path = tmp_path / "demo.db"
    demo.write_demo(path, at("2026-05-12T10:30"), TZ)
    con = sqlite3.connect(path)
    values = []
    try:
        for table in TABLES:
            for column in [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[2] == "DATETIME"]:
                values += [v for (v,) in con.execute(f'SELECT "{column}" FROM "{table}"') if v is not None]
    finally:
        con.close()
    assert len(values) > 400
    assert [v for v in values if not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", v)] == []


def test_the_same_seed_and_now_give_the_same_day(tmp_path):
    now = at("2026-05-12T10:30")
    demo.write_demo(tmp_path / "a.db", now, TZ)
    demo.write_demo(tmp_path / "b.db", now, TZ)
    demo.write_demo(tmp_path / "c.db", now, TZ, seed=8)
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")
    assert dump(tmp_path / "a.db")["customer"] != dump(tmp_path / "c.db")["customer"]


def test_the_day_moves_with_now(tmp_path):
    demo.write_demo(tmp_path / "a.db", at("2026-05-12T10:30"), TZ)
    demo.write_demo(tmp_path / "b.db", at("2026-05-13T10:30"), TZ)
    first, second = dump(tmp_path / "a.db")["visit"], dump(tmp_path / "b.db")["visit"]
    assert [row[4][11:] for row in first] == [row[4][11:] for row in second]  # same local times...
    assert [row[4][:10] for row in first] != [row[4][:10] for row in second]  # ...on the next day


def test_write_demo_makes_a_private_file_and_refuses_to_clobber(tmp_path):
    path = tmp_path / "demo.db"
    counts = demo.write_demo(path, at("2026-05-12T10:30"), TZ)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert models.db.obj.is_closed()
    with pytest.raises(store.StoreError, match="not empty"):
        demo.write_demo(path, at("2026-05-12T10:30"), TZ)
    again = demo.write_demo(path, at("2026-05-12T10:30"), TZ, overwrite=True)
    assert again == counts  # replaced, not appended
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o644)
    demo.write_demo(empty, at("2026-05-12T10:30"), TZ)
    assert stat.S_IMODE(os.stat(empty).st_mode) == 0o600


def test_build_demo_adds_to_a_database_that_has_rows(build):
    now = at("2026-05-12T10:30")
    first = build(now)
    second = demo.build_demo(now, TZ, seed=9)
    assert Customer.select().count() == first["customers"] + second["customers"]
    assert models.db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_the_lists_ship_inside_the_package():
    folder = Path(demo.__file__).parent / "data"
    for name, least in (("first_names", 60), ("last_names", 60), ("companies", 40), ("ticket_titles", 40),
                        ("technicians", 6), ("call_notes", 40)):
        assert (folder / f"{name}.txt").is_file()
        items = demo.load_list(name)
        assert len(items) >= least and len(set(items)) == len(items)
        assert not any(item.startswith("#") for item in items)


def test_it_is_fast(build):
    started = time.perf_counter()
    build(at("2026-05-12T10:30"))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("when", ["2026-05-12T10:30", "2026-05-12T15:00", "2026-11-25T14:20"])
def test_the_demo_shows_every_call_now_reason_in_business_hours(build, when):
    """`frontdesk --demo` opens on a populated queue: one of each reason at least."""
    from frontdesk.domain import call_now
    from frontdesk.store import queue_reads as queue_facts
    from frontdesk.files.config import Settings

    now = at(when)
    build(now)
    settings = Settings(timezone=TZ)
    facts = queue_facts.load(now, TZ)
    items = call_now.build_queue(facts.visits, facts.tickets, facts.callbacks, facts.cadences, now,
                                 settings.thresholds, settings.schedule, TZ)
    assert {item.reason for item in items} == set(call_now.ORDER)
    assert len(items) <= 20  # a day's work, not a flood
    assert Ticket.select().where(Ticket.status == "closed", Ticket.follow_up_due.is_null()).count() == 0
    redone = [t for t in queries.open_tickets() if t.promise_count == 3]
    assert len(redone) == 1 and rules.promise_broken(redone[0], now)
    assert {t.waiting_on for t in queries.open_tickets()} >= {"parts", "customer"}
