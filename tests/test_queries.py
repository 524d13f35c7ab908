"""queries: finding callers, today's lists, the dashboard."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from frontdesk.domain import phones
from frontdesk.store import queries, writes

TZ = "America/New_York"
NOW_UTC = datetime(2026, 11, 25, 20, 0)


def _customer(name, *numbers, now):
    first = phones.parse(numbers[0], "US") if numbers else None
    customer_id = writes.create_customer(name, first, now)
    for raw in numbers[1:]:
        writes.add_phone(customer_id, phones.parse(raw, "US"))
    return customer_id


def _names(rows):
    return [r.name for r in rows]


# ------------------------------------------------------------ by phone
@pytest.fixture
def phonebook(db, now):
    return {
        "dana": _customer("Dana Scully", "(650) 253-0000", now=now),
        "fox": _customer("Fox Mulder", "212-555-0199", "+1 917 555 0123", now=now),
        "walter": _customer("Walter Skinner", "212-555-0100", now=now),  # shared office line
        "alvin": _customer("Alvin Kersh", "212-555-0100", now=now),
        "nobody": _customer("No Phone", now=now),
    }


@pytest.mark.parametrize("raw", ["(650) 253-0000", "+16502530000", "650.253.0000 x9", "1 650 253 0000"])
def test_by_phone_exact(phonebook, raw):
    assert [c.id for c in queries.customers_by_phone(raw, "US")] == [phonebook["dana"]]


def test_by_phone_last_four_and_last_seven(phonebook):
    assert _names(queries.customers_by_phone("0000", "US")) == ["Dana Scully"]
    assert _names(queries.customers_by_phone("253-0000", "US")) == ["Dana Scully"]
    assert _names(queries.customers_by_phone("2530000", "US")) == ["Dana Scully"]
    assert _names(queries.customers_by_phone("0123", "US")) == ["Fox Mulder"]


def test_by_phone_partial_ambiguous_returns_all(phonebook):
    # the shared line's two customers, not Fox (212-555-0199)
    assert _names(queries.customers_by_phone("0100", "US")) == ["Alvin Kersh", "Walter Skinner"]
    assert _names(queries.customers_by_phone("555-0100", "US")) == ["Alvin Kersh", "Walter Skinner"]


def test_by_phone_shared_office_line_returns_both(phonebook):
    found = queries.customers_by_phone("(212) 555-0100", "US")
    assert [c.id for c in found] == [phonebook["alvin"], phonebook["walter"]]  # both, by name
    assert all(c.phones == ("(212) 555-0100",) for c in found)


def test_by_phone_customer_with_two_numbers_found_by_either(phonebook):
    for raw in ("212-555-0199", "+1 917 555 0123", "0199", "555-0123"):
        found = queries.customers_by_phone(raw, "US")
        assert [c.id for c in found] == [phonebook["fox"]], raw
        assert found[0].phones == ("(212) 555-0199", "(917) 555-0123")


def test_by_phone_no_match(phonebook):
    assert queries.customers_by_phone("(415) 555-7777", "US") == []
    assert queries.customers_by_phone("9999", "US") == []
    assert queries.customers_by_phone("12", "US") == []  # too short to search
    assert queries.customers_by_phone("", "US") == []


def test_by_phone_partial_limit_caps_results(db, now):
    for i in range(5):
        _customer(f"C{i}", f"212-55{i}-7777", now=now)
    assert len(queries.customers_by_phone("7777", "US")) == 5
    assert len(queries.customers_by_phone("7777", "US", limit=3)) == 3


# ------------------------------------------------------------- by name
@pytest.fixture
def names(db, now):
    for name in ["Dana Scully", "Fox Mulder", "Danielle Fox", "50% Off Shop", "A_B Corp", "AxB Corp",
                 "Straße GmbH", "ÉCOLE Marie"]:
        _customer(name, now=now)


def test_by_name_prefix_before_infix(names):
    assert _names(queries.customers_by_name("dan")) == ["Dana Scully", "Danielle Fox"]
    assert _names(queries.customers_by_name("fox")) == ["Fox Mulder", "Danielle Fox"]  # prefix first


def test_by_name_case_insensitive(names):
    assert _names(queries.customers_by_name("SCULLY")) == ["Dana Scully"]
    assert _names(queries.customers_by_name("  mULder ")) == ["Fox Mulder"]
    assert _names(queries.customers_by_name("école")) == ["ÉCOLE Marie"]
    assert _names(queries.customers_by_name("STRASSE")) == ["Straße GmbH"]  # casefold


def test_by_name_like_metacharacters_are_literal(names):
    assert _names(queries.customers_by_name("%")) == ["50% Off Shop"]
    assert _names(queries.customers_by_name("0% off")) == ["50% Off Shop"]
    assert _names(queries.customers_by_name("_")) == ["A_B Corp"]
    assert _names(queries.customers_by_name("a_b")) == ["A_B Corp"]
    assert _names(queries.customers_by_name("_b corp")) == ["A_B Corp"]
    assert _names(queries.customers_by_name("\\")) == []


def test_by_name_empty_and_limit(names):
    assert queries.customers_by_name("") == []
    assert queries.customers_by_name("   ") == []
    assert len(queries.customers_by_name("o", limit=2)) == 2
    assert queries.customers_by_name("zzz") == []


def test_find_customers_dispatches(phonebook):
    assert _names(queries.find_customers("253-0000", "US")) == ["Dana Scully"]
    assert _names(queries.find_customers("Dana", "US")) == ["Dana Scully"]


# ---------------------------------------------------------- calls today
def _call(at, now, **kw):
    return writes.log_call(writes.CallDraft(started_at=at, **kw), now)


def test_calls_today_uses_the_local_day(db, now):
    yesterday_late = _call(datetime(2026, 11, 25, 4, 30), now)  # 23:30 local on the 24th
    first = _call(datetime(2026, 11, 25, 5, 0), now)  # 00:00 local
    last = _call(datetime(2026, 11, 26, 4, 59, 59), now)  # 23:59:59 local
    tomorrow = _call(datetime(2026, 11, 26, 5, 0), now)  # 00:00 local tomorrow
    assert [c.id for c in queries.calls_today(now, TZ)] == [last, first]  # newest first
    assert [c.id for c in queries.calls_today(now.shift(days=-1), TZ)] == [yesterday_late]
    assert [c.id for c in queries.calls_today(now.shift(days=1), TZ)] == [tomorrow]


def test_calls_today_row_fields(db, now):
    customer_id = _customer("Dana", "650-253-0000", now=now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    call_id = _call(NOW_UTC, now, customer_id=customer_id, ticket_id=ticket_id, phone_raw="650-253-0000",
                    phone=phones.parse("650-253-0000"), reason="status inquiry", duration_s=75, note="ok")
    [row] = queries.calls_today(now, TZ)
    assert row == queries.CallRow(
        id=call_id, started_at=NOW_UTC, direction="in", outcome="answered", channel="phone",
        reason="status inquiry", customer_id=customer_id, customer_name="Dana", phone_e164="+16502530000",
        phone_raw="650-253-0000", ticket_id=ticket_id, ticket_title="Laptop", visit_id=None, duration_s=75,
        note="ok", callback_by=None, callback_done_at=None, informed=False,
    )


def test_last_calls(db, now):
    customer_id = _customer("Dana", now=now)
    ids = [_call(NOW_UTC - timedelta(hours=h), now, customer_id=customer_id) for h in (5, 1, 3, 2)]
    assert [c.id for c in queries.last_calls(customer_id)] == [ids[1], ids[3], ids[2]]
    assert len(queries.last_calls(customer_id, limit=10)) == 4


# --------------------------------------------------------------- visits
def test_visits_today_local_day_and_order(db, now):
    customer_id = _customer("Dana", now=now)
    late = writes.create_visit(customer_id, datetime(2026, 11, 25, 21), datetime(2026, 11, 25, 23), now)
    early = writes.create_visit(customer_id, datetime(2026, 11, 25, 14), datetime(2026, 11, 25, 16), now)
    writes.create_visit(customer_id, datetime(2026, 11, 25, 4, 30), datetime(2026, 11, 25, 4, 45), now)  # yesterday
    writes.create_visit(customer_id, datetime(2026, 11, 26, 5), datetime(2026, 11, 26, 6), now)  # tomorrow
    assert [v.id for v in queries.visits_today(now, TZ)] == [early, late]
    assert [v.id for v in queries.customer_visits_today(customer_id, now, TZ)] == [early, late]


# ------------------------------------------------------------ dashboard
def test_dashboard_returns_all_four_lists(db, now):
    customer_id = _customer("Dana", now=now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    closed_id = writes.create_ticket(customer_id, "Old", now)
    writes.close_ticket(closed_id, now)
    visit_id = writes.create_visit(customer_id, NOW_UTC, NOW_UTC + timedelta(hours=2), now, ticket_id=ticket_id)
    answered = _call(NOW_UTC - timedelta(hours=2), now, customer_id=customer_id)
    missed = _call(NOW_UTC - timedelta(hours=1), now, customer_id=customer_id, outcome="missed")

    board = queries.dashboard(now, TZ)
    assert isinstance(board, queries.Dashboard)
    assert [c.id for c in board.calls] == [missed, answered]
    assert [c.id for c in board.scheduled] == [missed]
    assert [t.id for t in board.tickets] == [ticket_id]
    assert [v.id for v in board.visits] == [visit_id]
    assert board.visits[0].ticket_title == "Laptop"


def test_dashboard_empty(db, now):
    board = queries.dashboard(now, TZ)
    assert (board.calls, board.scheduled, board.tickets, board.visits) == ([], [], [], [])


def test_caller_card(db, now):
    customer_id = _customer("Dana", "650-253-0000", now=now)
    other = _customer("Fox", now=now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    writes.create_ticket(other, "Not hers", now)
    visit_id = writes.create_visit(customer_id, NOW_UTC, NOW_UTC + timedelta(hours=1), now)
    calls = [_call(NOW_UTC - timedelta(minutes=m), now, customer_id=customer_id) for m in (40, 30, 20, 10)]
    card = queries.caller_card(customer_id, now, TZ)
    assert card.customer.name == "Dana"
    assert card.customer.phones == ("(650) 253-0000",)
    assert [t.id for t in card.open_tickets] == [ticket_id]
    assert [v.id for v in card.visits_today] == [visit_id]
    assert [c.id for c in card.last_calls] == calls[::-1][:3]
    assert queries.caller_card(9999, now, TZ) is None


def test_find_tickets(db, now):
    customer_id = _customer("Dana", now=now)
    laptop = writes.create_ticket(customer_id, "Laptop screen", now)
    writes.create_ticket(customer_id, "Printer 100% broken", now)
    assert [t.id for t in queries.find_tickets(f"#{laptop}")] == [laptop]
    assert [t.title for t in queries.find_tickets("screen")] == ["Laptop screen"]
    assert [t.title for t in queries.find_tickets("100%")] == ["Printer 100% broken"]
    assert [t.title for t in queries.find_tickets("0% b")] == ["Printer 100% broken"]
    assert queries.find_tickets("") == []
    assert queries.find_tickets("#9999") == []


def test_get_missing_rows(db):
    assert queries.get_call(1) is None
    assert queries.get_ticket(1) is None
    assert queries.get_visit(1) is None
    assert queries.get_customer(1) is None


def test_data_version_changes_when_another_connection_commits(db, now, tmp_path):
    before = queries.data_version()
    other = sqlite3.connect(tmp_path / "fd.db")
    other.execute("INSERT INTO technician (name, phone, active) VALUES ('Ana', '', 1)")
    other.commit()
    other.close()
    assert queries.data_version() != before


# --------------------------------------------------------------- details
def test_technician_rows_active_first_then_name(db):
    bo = writes.save_technician("Bo")
    ana = writes.save_technician("Ana", "555-0100")
    cy = writes.save_technician("Cy", active=False)
    assert queries.technician_rows() == [
        queries.TechnicianRow(ana, "Ana", "555-0100", True),
        queries.TechnicianRow(bo, "Bo", "", True),
        queries.TechnicianRow(cy, "Cy", "", False),
    ]


def test_customer_tickets_ticket_visits_visit_calls(db, now):
    customer_id = _customer("Dana", now=now)
    open_id = writes.create_ticket(customer_id, "Open", now)
    closed_id = writes.create_ticket(customer_id, "Closed", now)
    writes.close_ticket(closed_id, now)
    writes.create_ticket(_customer("Fox", now=now), "Not hers", now)
    visit_id = writes.create_visit(customer_id, NOW_UTC, NOW_UTC + timedelta(hours=1), now, ticket_id=open_id)
    writes.create_visit(customer_id, NOW_UTC, NOW_UTC + timedelta(hours=1), now)  # no ticket
    first = writes.mark_informed(now, note="on the way", visit_id=visit_id)
    second = writes.mark_informed(now.shift(minutes=10), note="arrived", visit_id=visit_id)

    assert [(t.id, t.status) for t in queries.customer_tickets(customer_id)] == [(open_id, "open"), (closed_id, "closed")]
    assert [v.id for v in queries.ticket_visits(open_id)] == [visit_id]
    assert [c.id for c in queries.visit_calls(visit_id)] == [second, first]
    assert [c.note for c in queries.visit_calls(visit_id)] == ["arrived", "on the way"]
