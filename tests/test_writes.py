"""writes: every save is one transaction; callbacks owed and settled."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from frontdesk.domain import clock, phones, rules
from frontdesk.store import queries, writes
from frontdesk.domain.vocabulary import UPDATE_REASON
from frontdesk.store.models import Call, Customer, Phone, Ticket, Visit

TZ = "America/New_York"
NOW_UTC = datetime(2026, 11, 25, 20, 0)  # the `now` fixture, stored form


def _phone(raw: str = "(650) 253-0000") -> phones.ParsedPhone:
    parsed = phones.parse(raw, "US")
    assert parsed.valid
    return parsed


def _counts() -> tuple[int, int, int, int]:
    return Customer.select().count(), Phone.select().count(), Ticket.select().count(), Call.select().count()


# ---------------------------------------------------------------- log_call
def test_log_call_new_customer_and_ticket_in_one_save(db, now):
    draft = writes.CallDraft(
        started_at=NOW_UTC - timedelta(minutes=4),
        phone_raw="(650) 253-0000 x204",
        phone=_phone("(650) 253-0000 x204"),
        new_customer_name="  Dana Scully ",
        reason="new problem",
        new_ticket_title="Printer jams on every page",
        duration_s=240,
        note="Third time this month.",
    )
    call_id = writes.log_call(draft, now)

    customer = Customer.get()
    assert customer.name == "  Dana Scully "  # stored exactly as typed
    assert customer.name_key == "dana scully"
    assert customer.created_at == NOW_UTC
    phone = Phone.get()
    assert (phone.customer_id, phone.e164, phone.extension, phone.reversed_digits) == (
        customer.id, "+16502530000", "204", "0000352056")
    ticket = Ticket.get()
    assert (ticket.customer_id, ticket.title, ticket.status, ticket.opened_at) == (
        customer.id, "Printer jams on every page", "open", NOW_UTC)
    call = Call.get_by_id(call_id)
    assert call.customer_id == customer.id
    assert call.ticket_id == ticket.id
    assert call.phone_e164 == "+16502530000"
    assert call.phone_raw == "(650) 253-0000 x204"
    assert call.started_at == NOW_UTC - timedelta(minutes=4)
    assert call.duration_s == 240
    assert call.callback_by is None  # answered: nothing owed
    assert _counts() == (1, 1, 1, 1)


def test_log_call_is_atomic_when_the_call_insert_fails(db, now, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Call, "create", boom)
    draft = writes.CallDraft(started_at=NOW_UTC, phone_raw="650-253-0000", phone=_phone(),
                             new_customer_name="Dana", new_ticket_title="Printer")
    with pytest.raises(RuntimeError, match="disk full"):
        writes.log_call(draft, now)
    assert _counts() == (0, 0, 0, 0)


def test_log_call_new_ticket_without_customer_writes_nothing(db, now):
    draft = writes.CallDraft(started_at=NOW_UTC, phone_raw="650-253-0000", phone=_phone(),
                             new_ticket_title="Orphan ticket")
    with pytest.raises(ValueError, match="needs a customer"):
        writes.log_call(draft, now)
    assert _counts() == (0, 0, 0, 0)


def test_log_call_unknown_caller(db, now):
    draft = writes.CallDraft(started_at=NOW_UTC, phone_raw="650-253-0000", phone=_phone())
    call = Call.get_by_id(writes.log_call(draft, now))
    assert call.customer_id is None
    assert call.phone_e164 == "+16502530000"
    assert _counts() == (0, 0, 0, 1)


def test_log_call_invalid_phone_keeps_raw_only(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    bad = phones.parse("253-0000", "US")
    draft = writes.CallDraft(started_at=NOW_UTC, phone_raw="253-0000", phone=bad, customer_id=customer_id)
    call = Call.get_by_id(writes.log_call(draft, now))
    assert call.phone_raw == "253-0000"
    assert call.phone_e164 == ""
    assert Phone.select().count() == 0


def test_log_call_adds_a_new_number_to_a_known_customer_once(db, now):
    customer_id = writes.create_customer("Dana", _phone("650-253-0000"), now)
    for _ in range(2):
        writes.log_call(writes.CallDraft(started_at=NOW_UTC, phone=_phone("+1 212 555 0123"),
                                         customer_id=customer_id), now)
    assert sorted(p.e164 for p in Phone.select()) == ["+12125550123", "+16502530000"]


def test_log_call_on_existing_ticket(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    call_id = writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id,
                                               ticket_id=ticket_id, reason="status inquiry"), now)
    assert Call.get_by_id(call_id).ticket_id == ticket_id
    assert Ticket.select().count() == 1
    assert [c.id for c in queries.ticket_calls(ticket_id)] == [call_id]


# --------------------------------------------------------------- callbacks
def _missed(customer_id, at, now):
    return writes.log_call(writes.CallDraft(started_at=at, customer_id=customer_id, outcome="missed"), now)


def test_missed_inbound_call_owes_a_callback(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    call_id = _missed(customer_id, NOW_UTC - timedelta(minutes=10), now)
    call = Call.get_by_id(call_id)
    assert call.callback_by == NOW_UTC - timedelta(minutes=10)
    assert call.callback_done_at is None
    owed = queries.scheduled_calls(now, TZ)
    assert [c.id for c in owed] == [call_id]
    assert owed[0].customer_name == "Dana"
    assert rules.callback_overdue(owed[0], now)


def test_missed_outbound_call_owes_nothing(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    call_id = writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id,
                                               direction="out", outcome="missed"), now)
    assert Call.get_by_id(call_id).callback_by is None
    assert queries.scheduled_calls(now, TZ) == []


def test_answered_later_call_settles_the_callback(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    missed_id = _missed(customer_id, NOW_UTC - timedelta(hours=1), now)
    later = now.shift(minutes=5)
    answered_id = writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id,
                                                   direction="out"), later)
    assert Call.get_by_id(missed_id).callback_done_at == clock.utc_naive(later)
    assert Call.get_by_id(answered_id).callback_done_at is None
    assert queries.scheduled_calls(later, TZ) == []


def test_second_missed_call_does_not_settle(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    first = _missed(customer_id, NOW_UTC - timedelta(hours=1), now)
    second = _missed(customer_id, NOW_UTC, now)
    assert [c.id for c in queries.scheduled_calls(now, TZ)] == [first, second]


def test_answered_call_settles_only_that_customers_callbacks(db, now):
    dana = writes.create_customer("Dana", None, now)
    fox = writes.create_customer("Fox", None, now)
    dana_missed = _missed(dana, NOW_UTC - timedelta(hours=1), now)
    _missed(fox, NOW_UTC - timedelta(hours=1), now)
    writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=fox), now)
    assert [c.id for c in queries.scheduled_calls(now, TZ)] == [dana_missed]


def test_answered_call_with_promised_callback_stays_owed(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    promised = NOW_UTC + timedelta(hours=1)
    call_id = writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id,
                                               callback_by=promised), now)
    owed = queries.scheduled_calls(now, TZ)
    assert [(c.id, c.callback_by) for c in owed] == [(call_id, promised)]
    assert not rules.callback_overdue(owed[0], now)


def test_callbacks_due_tomorrow_are_not_listed_today(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id,
                                     callback_by=datetime(2026, 11, 26, 5, 0)), now)  # local midnight
    assert queries.scheduled_calls(now, TZ) == []
    assert len(queries.scheduled_calls(now.shift(days=1), TZ)) == 1


def test_overdue_callbacks_from_earlier_days_stay_listed(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    old = _missed(customer_id, NOW_UTC - timedelta(days=3), now)
    assert [c.id for c in queries.scheduled_calls(now, TZ)] == [old]


def test_complete_callback(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    call_id = _missed(customer_id, NOW_UTC - timedelta(hours=1), now)
    writes.complete_callback(call_id, now)
    assert Call.get_by_id(call_id).callback_done_at == NOW_UTC
    assert queries.scheduled_calls(now, TZ) == []


# ------------------------------------------------------------ mark_informed
def test_mark_informed_on_ticket(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now.shift(days=-1))
    assert queries.open_tickets()[0].last_informed is None
    later = now.shift(hours=1)
    call_id = writes.mark_informed(later, note="Part arrives Friday", ticket_id=ticket_id, channel="sms")

    call = Call.get_by_id(call_id)
    assert (call.direction, call.outcome, call.reason, call.channel, call.informed) == (
        "out", "answered", UPDATE_REASON, "sms", True)
    assert (call.customer_id, call.ticket_id, call.visit_id, call.note) == (
        customer_id, ticket_id, None, "Part arrives Friday")
    [row] = queries.open_tickets()
    assert row.last_informed == datetime(2026, 11, 25, 21, 0)
    assert rules.informed_text(row.last_informed, later) == "informed just now"
    assert rules.informed_text(row.last_informed, later.shift(hours=2)) == "informed 2 h ago"


def test_mark_informed_keeps_latest(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    writes.mark_informed(now.shift(hours=2), note="second", ticket_id=ticket_id)
    writes.mark_informed(now.shift(hours=1), note="first", ticket_id=ticket_id)
    assert queries.get_ticket(ticket_id).last_informed == datetime(2026, 11, 25, 22, 0)


def test_mark_informed_on_visit(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    ticket_id = writes.create_ticket(customer_id, "Server", now)
    visit_id = writes.create_visit(customer_id, NOW_UTC - timedelta(hours=2), NOW_UTC - timedelta(hours=1), now,
                                   ticket_id=ticket_id)
    assert queries.visits_today(now, TZ)[0].last_informed is None
    call_id = writes.mark_informed(now, note="Tech is 30 min late", visit_id=visit_id, choice="wait")

    call = Call.get_by_id(call_id)
    assert (call.visit_id, call.ticket_id, call.customer_id) == (visit_id, ticket_id, customer_id)
    [visit] = queries.visits_today(now, TZ)
    assert visit.last_informed == NOW_UTC
    assert visit.customer_choice == "wait"
    # the ticket sees the contact too
    assert queries.get_ticket(ticket_id).last_informed == NOW_UTC


def test_mark_informed_settles_callbacks(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    _missed(customer_id, NOW_UTC - timedelta(hours=1), now)
    writes.mark_informed(now, note="Ready", ticket_id=ticket_id)
    assert queries.scheduled_calls(now, TZ) == []


def test_mark_informed_needs_a_subject(db, now):
    with pytest.raises(ValueError, match="ticket or a visit"):
        writes.mark_informed(now, note="?")
    assert Call.select().count() == 0


def test_missed_contact_is_not_informing(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now)
    writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id, ticket_id=ticket_id,
                                     direction="out", outcome="missed"), now)
    assert queries.get_ticket(ticket_id).last_informed is None


# ----------------------------------------------------------------- tickets
def test_create_ticket_fields(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    tech_id = writes.save_technician("Ana")
    promised = NOW_UTC + timedelta(days=1)
    ticket_id = writes.create_ticket(customer_id, "Laptop", now, priority="urgent", promised_by=promised,
                                     needed_by=promised, technician_id=tech_id)
    row = queries.get_ticket(ticket_id)
    assert (row.title, row.priority, row.status, row.promised_by, row.needed_by, row.technician_name,
            row.customer_name, row.opened_at) == (
        "Laptop", "urgent", "open", promised, promised, "Ana", "Dana", NOW_UTC)


def test_close_ticket(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    keep = writes.create_ticket(customer_id, "Keep", now)
    close = writes.create_ticket(customer_id, "Close", now)
    later = now.shift(hours=3)
    assert writes.close_ticket(close, later) is True
    assert [t.id for t in queries.open_tickets()] == [keep]
    row = queries.get_ticket(close)
    assert row.status == "closed"
    assert row.closed_at == datetime(2026, 11, 25, 23, 0)
    # a second close changes nothing
    assert writes.close_ticket(close, later.shift(hours=1)) is False
    assert queries.get_ticket(close).closed_at == datetime(2026, 11, 25, 23, 0)
    assert writes.close_ticket(9999, later) is False


# ------------------------------------------------------------------ visits
def _visit(now, start_h=14, end_h=16):
    customer_id = writes.create_customer("Dana", None, now)
    start = datetime(2026, 11, 25, start_h + 5)
    end = datetime(2026, 11, 25, end_h + 5)
    return writes.create_visit(customer_id, start, end, now)


def test_mark_arrived(db, now):
    visit_id = _visit(now)
    assert writes.mark_arrived(visit_id, now) is True
    row = queries.get_visit(visit_id)
    assert (row.status, row.arrived_at) == ("on site", NOW_UTC)
    assert rules.visit_state(row, now).state == rules.ARRIVED
    # arriving twice keeps the first time
    assert writes.mark_arrived(visit_id, now.shift(hours=1)) is False
    assert queries.get_visit(visit_id).arrived_at == NOW_UTC


def test_mark_arrived_refused_for_cancelled(db, now):
    visit_id = _visit(now)
    writes.set_visit_status(visit_id, "cancelled")
    assert writes.mark_arrived(visit_id, now) is False
    row = queries.get_visit(visit_id)
    assert (row.status, row.arrived_at) == ("cancelled", None)


def test_set_visit_status_with_eta(db, now):
    visit_id = _visit(now)
    eta = NOW_UTC + timedelta(minutes=25)
    writes.set_visit_status(visit_id, "en route", eta=eta)
    row = queries.get_visit(visit_id)
    assert (row.status, row.eta) == ("en route", eta)
    writes.set_visit_status(visit_id, "on site")
    assert queries.get_visit(visit_id).eta == eta  # kept when not given


# --------------------------------------------------------------- customers
def test_create_customer_with_phone_and_duplicates(db, now):
    customer_id = writes.create_customer("Dana", _phone(), now, company="Acme", notes="Gate code 1234")
    writes.add_phone(customer_id, _phone("650.253.0000"))  # same number again
    writes.add_phone(customer_id, _phone("650-253-0000 x12"), label="desk")  # same line, other extension
    rows = list(Phone.select().order_by(Phone.id))
    assert [(p.e164, p.extension, p.label) for p in rows] == [
        ("+16502530000", "", ""), ("+16502530000", "12", "desk")]
    card = queries.get_customer(customer_id)
    assert (card.name, card.company, card.notes) == ("Dana", "Acme", "Gate code 1234")
    assert card.phones == ("(650) 253-0000", "(650) 253-0000 x12")


def test_create_customer_ignores_invalid_phone(db, now):
    writes.create_customer("Dana", phones.parse("abc"), now)
    assert (Customer.select().count(), Phone.select().count()) == (1, 0)


def test_update_customer_updates_search_key(db, now):
    customer_id = writes.create_customer("Dana", None, now)
    writes.update_customer(customer_id, "Scully Ltd", "X", "n")
    assert Customer.get_by_id(customer_id).name_key == "scully ltd"
    assert [c.id for c in queries.customers_by_name("scul")] == [customer_id]
    assert queries.customers_by_name("dana") == []


def test_save_technician(db):
    ana = writes.save_technician("Ana", "555-0100")
    bo = writes.save_technician("Bo")
    assert writes.save_technician("Ana B.", "555-0101", technician_id=ana) == ana
    writes.save_technician("Bo", technician_id=bo, active=False)
    assert queries.technicians() == [(ana, "Ana B.", "555-0101")]
    assert queries.technicians(active_only=False) == [(ana, "Ana B.", "555-0101"), (bo, "Bo", "")]


# ------------------------------------------------------- user text is data
HOSTILE = [
    "[bold]Bob[/bold]",
    "[/",
    "[link=https://example.com]x[/link] [red]",
    "Zoë 😀👩‍🔧 🇺🇸",
    "שלום עולם مرحبا",
    "e\u0301 a\u0308 \u0915\u094d\u0937",  # combining marks
    "\x1b[2J\x1b]52;c;aGVsbG8=\x07 bell\x07",
    "\u202eevil\u202c",
    "line1\nline2\r\n\ttab",
    "'; DROP TABLE customer; --",
    "%_\\",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_stored_byte_identical(db, now, text):
    customer_id = writes.create_customer(text, None, now, company=text, notes=text)
    ticket_id = writes.create_ticket(customer_id, text, now)
    call_id = writes.log_call(writes.CallDraft(started_at=NOW_UTC, customer_id=customer_id, ticket_id=ticket_id,
                                               note=text, phone_raw=text[:64]), now)
    customer = queries.get_customer(customer_id)
    assert (customer.name, customer.company, customer.notes) == (text, text, text)
    assert queries.get_ticket(ticket_id).title == text
    call = queries.get_call(call_id)
    assert (call.note, call.customer_name, call.ticket_title, call.phone_raw) == (text, text, text, text[:64])
    raw = db.execute_sql("SELECT name, notes FROM customer WHERE id = ?", (customer_id,)).fetchone()
    assert raw[0].encode("utf-8") == text.encode("utf-8")
    assert raw[1].encode("utf-8") == text.encode("utf-8")
    assert Customer.select().count() == 1  # the "DROP TABLE" line was only text


# ------------------------------------------------- new customer + first item
def test_create_ticket_for_new_customer(db, now):
    ticket_id = writes.create_ticket_for_new_customer("Dana", _phone(), "Laptop", now, priority="high")
    row = queries.get_ticket(ticket_id)
    assert (row.customer_name, row.title, row.priority) == ("Dana", "Laptop", "high")
    assert [p.e164 for p in Phone.select()] == ["+16502530000"]


def test_create_ticket_for_new_customer_is_atomic(db, now, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Ticket, "create", boom)
    with pytest.raises(RuntimeError):
        writes.create_ticket_for_new_customer("Dana", _phone(), "Laptop", now)
    assert _counts() == (0, 0, 0, 0)


def test_create_visit_for_new_customer_is_atomic(db, now, monkeypatch):
    start, end = NOW_UTC, NOW_UTC + timedelta(hours=2)
    visit_id = writes.create_visit_for_new_customer("Dana", _phone(), start, end, now)
    row = queries.get_visit(visit_id)
    assert (row.customer_name, row.window_start, row.window_end, row.status) == ("Dana", start, end, "scheduled")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Visit, "create", boom)
    with pytest.raises(RuntimeError):
        writes.create_visit_for_new_customer("Fox", _phone("212-555-0199"), start, end, now)
    assert [c.name for c in Customer.select()] == ["Dana"]
    assert Phone.select().count() == 1


def test_set_technician_active(db):
    ana = writes.save_technician("Ana")
    assert writes.set_technician_active(ana, False) is True
    assert queries.technicians() == []
    assert writes.set_technician_active(ana, True) is True
    assert queries.technicians() == [(ana, "Ana", "")]
    assert writes.set_technician_active(9999, False) is False


def test_answered_call_from_an_unnamed_number_settles_its_missed_call(db, now):
    number = phones.parse("(617) 253-1000")
    missed = writes.log_call(writes.CallDraft(started_at=NOW_UTC - timedelta(hours=1), phone=number,
                                              phone_raw="617 253 1000", outcome="missed"), now)
    other = writes.log_call(writes.CallDraft(started_at=NOW_UTC - timedelta(hours=1), phone=phones.parse("(212) 736-5000"),
                                             phone_raw="212 736 5000", outcome="missed"), now)
    writes.log_call(writes.CallDraft(started_at=NOW_UTC, phone=number, phone_raw="6172531000",
                                     new_customer_name="Now Named"), now)
    assert Call.get_by_id(missed).callback_done_at == NOW_UTC
    assert Call.get_by_id(other).callback_done_at is None


def test_mark_arrived_refused_for_done(db, now):
    visit_id = _visit(now)
    writes.set_visit_status(visit_id, "done")
    assert writes.mark_arrived(visit_id, now) is False
    assert queries.get_visit(visit_id).status == "done"
