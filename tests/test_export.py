"""Export: documented columns, local ISO times, --since, text that round-trips."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import arrow
import pytest

from frontdesk.domain import clock, phones
from frontdesk.demo import day as demo
from frontdesk.files import export
from frontdesk.store import queries, writes
from frontdesk import store
from frontdesk.store.models import Call, Customer, Ticket, Visit

TZ = "America/New_York"
NOW = arrow.get("2026-11-25T15:00:00", tzinfo=TZ)  # EST, UTC-05:00
NAME = "O'Brien, \"Bob\""
COMPANY = "Acme, Inc."
NOTES = "Line 1\nLine 2 [bold]not markup[/bold]"
TITLE = 'Printer "HP, 4th floor"\nnot printing'
NOTE = 'Said "call me", then: [red]urgent[/red], really;\r\nsecond line'


@pytest.fixture
def sample(tmp_path):
    """A few hand-made records with awkward text, at known times."""
    store.open_database(tmp_path / "export.db")
    alice = writes.create_customer(NAME, phones.parse("+12124581234"), NOW.shift(days=-10), company=COMPANY,
                                   notes=NOTES)
    writes.add_phone(alice, phones.parse("+1 617 234 5678 x214"), label="office")
    zoe = writes.create_customer("Zoë Ünal", None, NOW.shift(hours=-20))
    tech = writes.save_technician("Marcus Webb")
    first = writes.create_ticket(alice, TITLE, NOW.shift(days=-3), priority="high",
                                 promised_by=clock.utc_naive(NOW.shift(days=1)), technician_id=tech)
    second = writes.create_ticket(zoe, "Wi-Fi drops", NOW.shift(hours=-2))
    visit = writes.create_visit(alice, clock.utc_naive(NOW.shift(days=1, hours=-6)),
                                clock.utc_naive(NOW.shift(days=1, hours=-4)), NOW.shift(days=-1),
                                ticket_id=first, technician_id=tech)
    old_call = writes.log_call(writes.CallDraft(
        started_at=clock.utc_naive(NOW.shift(days=-3)), phone_raw="(212) 458-1234",
        phone=phones.parse("(212) 458-1234"), customer_id=alice, reason="new problem", ticket_id=first,
        duration_s=95, note=NOTE), NOW.shift(days=-3))
    writes.log_call(writes.CallDraft(started_at=clock.utc_naive(NOW.shift(hours=-1)), customer_id=zoe,
                                     direction="out", outcome="missed", reason="scheduling"), NOW.shift(hours=-1))
    writes.mark_informed(NOW.shift(minutes=-30), note="Parts arrive tomorrow.", ticket_id=first)
    yield {"alice": alice, "zoe": zoe, "tech": tech, "first": first, "second": second, "visit": visit,
           "old_call": old_call}
    store.close_database()


def run(kind: str, fmt: str = "csv", since=None, tz: str = TZ) -> tuple[int, str]:
    out = io.StringIO()
    count = export.export(kind, out, since=since, fmt=fmt, tz=tz)
    return count, out.getvalue()


def csv_rows(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def jsonl_rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("kind", export.KINDS)
def test_csv_header_and_json_keys_are_the_documented_columns(sample, kind):
    count, text = run(kind)
    header, rows = csv_rows(text)
    assert header == list(export.COLUMNS[kind])
    assert len(rows) == count > 0
    _, text = run(kind, "jsonl")
    assert all(list(row) == list(export.COLUMNS[kind]) for row in jsonl_rows(text))


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_user_text_round_trips_exactly(sample, fmt):
    _, text = run("calls", fmt)
    calls = csv_rows(text)[1] if fmt == "csv" else jsonl_rows(text)
    assert [c["note"] for c in calls if str(c["id"]) == str(sample["old_call"])] == [NOTE]
    assert calls[0]["ticket_title"] == TITLE and calls[0]["customer_name"] == NAME
    _, text = run("customers", fmt)
    customers = csv_rows(text)[1] if fmt == "csv" else jsonl_rows(text)
    assert (customers[0]["name"], customers[0]["company"], customers[0]["notes"]) == (NAME, COMPANY, NOTES)
    assert customers[1]["name"] == "Zoë Ünal"


def test_csv_keeps_one_record_per_row_despite_newlines(sample):
    _, text = run("calls")
    assert len(text.splitlines()) > 4  # the note's newline is inside quotes...
    assert len(csv_rows(text)[1]) == 3  # ...and still one record


def test_times_are_local_iso_8601_with_the_offset(sample):
    _, text = run("calls")
    first = csv_rows(text)[1][0]
    assert first["started_at"] == "2026-11-22T15:00:00-05:00"
    assert datetime.fromisoformat(first["started_at"]) == datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    _, text = run("visits", "jsonl", tz="Europe/Berlin")
    visit = jsonl_rows(text)[0]
    assert (visit["window_start"], visit["window_end"]) == ("2026-11-26T15:00:00+01:00", "2026-11-26T17:00:00+01:00")


def test_ids_and_readable_names_side_by_side(sample):
    _, text = run("tickets", "jsonl")
    first = jsonl_rows(text)[0]
    assert (first["id"], first["customer_id"], first["technician_id"]) == (sample["first"], sample["alice"],
                                                                           sample["tech"])
    assert (first["customer_name"], first["technician_name"], first["priority"]) == (NAME, "Marcus Webb", "high")
    assert first["last_informed"] == "2026-11-25T14:30:00-05:00"
    assert first["promised_by"] == "2026-11-26T15:00:00-05:00"
    _, text = run("visits", "jsonl")
    assert jsonl_rows(text)[0]["ticket_title"] == TITLE


def test_customers_list_their_numbers_in_e164(sample):
    _, text = run("customers")
    rows = csv_rows(text)[1]
    assert rows[0]["phones"] == "+12124581234; +16172345678 x214"
    assert rows[1]["phones"] == ""
    assert [phones.parse(p).e164 for p in rows[0]["phones"].split("; ")] == ["+12124581234", "+16172345678"]


def test_missing_values_and_booleans(sample):
    _, text = run("calls")
    rows = csv_rows(text)[1]
    missed = next(r for r in rows if r["outcome"] == "missed")
    assert (missed["ticket_id"], missed["callback_by"], missed["phone_e164"]) == ("", "", "")
    assert [r["informed"] for r in rows] == ["false", "false", "true"]
    _, text = run("calls", "jsonl")
    rows = jsonl_rows(text)
    assert rows[1]["ticket_id"] is None and rows[1]["callback_by"] is None
    assert [r["informed"] for r in rows] == [False, False, True]
    assert rows[0]["duration_s"] == 95


@pytest.mark.parametrize(("kind", "expected"), [("calls", 2), ("tickets", 1), ("visits", 1), ("customers", 1)])
def test_since_filters_on_the_documented_column(sample, kind, expected):
    since = clock.utc_naive(NOW.shift(days=-1))
    count, _ = run(kind, since=since)
    assert count == expected
    assert run(kind, since=clock.utc_naive(NOW.shift(days=-30)))[0] > 0
    assert run(kind, since=clock.utc_naive(NOW.shift(days=2)))[0] == 0


def test_since_may_be_aware(sample):
    aware = NOW.shift(days=-1).datetime  # 15:00-05:00 == 20:00 UTC
    assert run("calls", since=aware)[0] == run("calls", since=clock.utc_naive(NOW.shift(days=-1)))[0] == 2
    assert run("calls", since=(NOW.shift(minutes=-45)).to("Asia/Tokyo").datetime)[0] == 1


@pytest.mark.parametrize(("text", "expected_local"), [
    ("yesterday", "2026-11-24T00:00"),
    ("today", "2026-11-25T00:00"),
    ("2026-11-01", "2026-11-01T00:00"),
    ("2026-11-01 09:30", "2026-11-01T09:30"),
    ("2026-11-01T09:30:00", "2026-11-01T09:30"),
    ("2026-11-01T14:30:00+00:00", "2026-11-01T09:30"),
    ("2026-11-01T14:30:00Z", "2026-11-01T09:30"),
])
def test_parse_since(text, expected_local):
    parsed = export.parse_since(text, NOW, TZ)
    assert parsed.tzinfo is None
    assert clock.local(parsed, TZ).format("YYYY-MM-DDTHH:mm") == expected_local


@pytest.mark.parametrize("text", ["garbage", "2026-13-01", "", "2026-11-01T25:00"])
def test_parse_since_refuses_with_one_sentence(text):
    with pytest.raises(ValueError, match="is not a|Enter a date"):
        export.parse_since(text, NOW, TZ)


def test_unknown_kind_or_format(sample):
    with pytest.raises(ValueError, match="Unknown kind"):
        run("invoices")
    with pytest.raises(ValueError, match="Unknown format"):
        run("calls", "xml")


def test_rows_are_streamed_not_listed(sample):
    rows = export.records("calls", since=None, tz=TZ)
    assert iter(rows) is rows  # a generator, consumed row by row
    assert next(rows)["id"] == sample["old_call"]


def test_demo_database_exports_every_record(tmp_path):
    now = arrow.get("2026-05-12T10:30", tzinfo=TZ)
    demo.write_demo(tmp_path / "demo.db", now, TZ)
    store.open_database(tmp_path / "demo.db")
    try:
        for kind, model in (("calls", Call), ("tickets", Ticket), ("visits", Visit), ("customers", Customer)):
            count, text = run(kind)
            assert count == model.select().count() == len(csv_rows(text)[1])
        start, _ = clock.day_bounds(now, TZ)
        assert run("calls", since=start)[0] == len(queries.calls_today(now, TZ))
        _, text = run("tickets", "jsonl")
        by_id = {row["id"]: row for row in jsonl_rows(text)}
        for ticket in queries.open_tickets():
            shown = by_id[ticket.id]["last_informed"]
            expected = clock.local(ticket.last_informed, TZ)
            assert shown == (expected.isoformat() if expected else None)
            assert by_id[ticket.id]["customer_name"] == ticket.customer_name
    finally:
        store.close_database()


def test_since_boundary_is_inclusive(sample):
    exact = clock.utc_naive(NOW.shift(hours=-1))
    assert run("calls", since=exact)[0] == 2
    assert run("calls", since=exact + timedelta(seconds=1))[0] == 1
