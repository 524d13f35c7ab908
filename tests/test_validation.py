"""validation: one clear message per field; values kept exactly as typed."""

from __future__ import annotations

from datetime import datetime

import arrow
import pytest

from frontdesk.domain import validation as v

TZ = "America/New_York"


def _error(fn, *args, **kwargs) -> v.FieldError:
    with pytest.raises(v.FieldError) as info:
        fn(*args, **kwargs)
    return info.value


# ------------------------------------------------------------- text fields
def test_name_good_is_unchanged():
    assert v.name("Dana Scully") == "Dana Scully"
    assert v.name("  Zoë 😀 ") == "  Zoë 😀 "  # stored exactly as typed
    assert v.name("[bold]x[/]") == "[bold]x[/]"
    assert v.name("x" * v.NAME_LIMIT) == "x" * v.NAME_LIMIT


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_name_empty(value):
    error = _error(v.name, value)
    assert (error.field, error.message) == ("name", "A name is required.")


def test_name_too_long():
    error = _error(v.name, "x" * (v.NAME_LIMIT + 1))
    assert error.message == "A name is 201 characters; the limit is 200."


def test_nul_refused_everywhere(now):
    for check, args in [(v.name, ("a\x00b",)), (v.title, ("a\x00b",)), (v.note, ("a\x00b",)),
                        (v.optional_when, ("today\x00", now, TZ, "when"))]:
        error = _error(check, *args)
        assert "NUL" in error.message
    assert _error(v.name, "\x00").message == "Contains a NUL character; remove it."


def test_title():
    assert v.title("Printer jams") == "Printer jams"
    assert _error(v.title, " ").message == "A title is required."
    assert _error(v.title, "t" * 301, field="new_ticket").field == "new_ticket"


def test_note():
    assert v.note("") == ""  # optional
    assert v.note("n" * v.NOTE_LIMIT) == "n" * v.NOTE_LIMIT
    error = _error(v.note, "n" * 10_000)
    assert error.field == "note"
    assert error.message == "The note is 10,000 characters; the limit is 4,000. Shorten it."
    assert str(error) == error.message


def test_field_error_is_value_error():
    assert isinstance(v.FieldError("f", "m"), ValueError)


def test_choice():
    assert v.choice("high", ("low", "high"), "priority") == "high"
    error = _error(v.choice, "HIGH", ("low", "high"), "priority")
    assert (error.field, error.message) == ("priority", "Choose one of: low, high.")


# ---------------------------------------------------------------- phones
def test_phone():
    assert v.phone("(650) 253-0000", "US").e164 == "+16502530000"
    error = _error(v.phone, "650-CALL-NOW", "US", field="caller")
    assert error.field == "caller"
    assert error.message == "A phone number may contain only digits, spaces and + ( ) [ ] . - /."
    assert "area code" in _error(v.phone, "253-0000", "US").message
    assert _error(v.phone, "", "US").message == "Type a phone number (digits) or a name."


# ------------------------------------------------------------------ when
def test_optional_when(now):
    assert v.optional_when("", now, TZ, "callback_by") is None
    assert v.optional_when("  ", now, TZ, "callback_by") is None
    assert v.optional_when("tomorrow 9", now, TZ, "callback_by") == datetime(2026, 11, 26, 14, 0)
    assert v.optional_when("fri", now, TZ, "x", default_hour=9) == datetime(2026, 11, 27, 14, 0)
    error = _error(v.optional_when, "someday", now, TZ, "callback_by")
    assert error.field == "callback_by"
    assert "not a date or time we know" in error.message
    assert "not a real date" in _error(v.optional_when, "2026-02-30", now, TZ, "due").message


# ---------------------------------------------------------------- window
def test_window_today(now):
    assert v.window("", "10", "12:30", now, TZ) == (datetime(2026, 11, 25, 15, 0), datetime(2026, 11, 25, 17, 30))
    assert v.window("today", "2pm", "4pm", now, TZ) == (datetime(2026, 11, 25, 19), datetime(2026, 11, 25, 21))


def test_window_other_days(now):
    assert v.window("tomorrow", "9", "11", now, TZ) == (datetime(2026, 11, 26, 14), datetime(2026, 11, 26, 16))
    assert v.window("fri", "9", "11", now, TZ) == (datetime(2026, 11, 27, 14), datetime(2026, 11, 27, 16))
    assert v.window("2026-12-01", "8", "9", now, TZ) == (datetime(2026, 12, 1, 13), datetime(2026, 12, 1, 14))


def test_window_on_dst_day():
    # spring forward: 01:00 EST to 03:00 EDT is one real hour
    saturday = arrow.get("2026-03-07T12:00:00", tzinfo=TZ)
    assert v.window("tomorrow", "1", "3", saturday, TZ) == (datetime(2026, 3, 8, 6), datetime(2026, 3, 8, 7))


def test_window_end_before_start(now):
    error = _error(v.window, "today", "14", "12", now, TZ)
    assert error.field == "end"
    assert "end after it starts" in error.message


def test_window_zero_length(now):
    assert _error(v.window, "today", "14:00", "14", now, TZ).field == "end"


def test_window_across_midnight_refused(now):
    error = _error(v.window, "tomorrow", "22", "2", now, TZ)
    assert error.message == "The window must end after it starts (windows cannot cross midnight)."


def test_window_too_long(now):
    assert v.window("tomorrow", "6", "18", now, TZ)[1] == datetime(2026, 11, 26, 23)  # exactly 12 h is allowed
    error = _error(v.window, "tomorrow", "6", "18:01", now, TZ)
    assert (error.field, error.message) == ("end", "A window longer than 12 hours is not a window.")


def test_window_unparseable_day(now):
    error = _error(v.window, "someday", "9", "10", now, TZ)
    assert error.field == "day"
    assert _error(v.window, "2026-02-30", "9", "10", now, TZ).message == "'2026-02-30' is not a real date (use YYYY-MM-DD)."


def test_window_day_in_the_past(now):
    for day in ("yesterday", "2026-11-24", "2020-01-01"):
        error = _error(v.window, day, "9", "10", now, TZ)
        assert (error.field, error.message) == ("day", "That day has passed; book a visit for today or later.")


def test_window_bad_times(now):
    assert _error(v.window, "today", "", "10", now, TZ).field == "start"
    assert _error(v.window, "today", "9", " ", now, TZ).message == "Enter a time, e.g. 10 or 10:30."
    assert _error(v.window, "today", "25", "26", now, TZ).field == "start"
    assert _error(v.window, "today", "9", "13pm", now, TZ).field == "end"


def test_window_nul_in_day(now):
    assert _error(v.window, "today\x00", "9", "10", now, TZ).field == "day"


# -------------------------------------------------------------- duration
@pytest.mark.parametrize(
    ("text", "seconds"),
    [("", 0), ("  ", 0), ("0", 0), ("90", 90), ("45s", 45), ("45 s", 45), ("1:30", 90), ("3:05", 185),
     ("0:59", 59), ("2m", 120), ("2 M", 120), ("120:00", 7200), ("1440m", 86400), ("86400", 86400)],
)
def test_duration_good(text, seconds):
    assert v.duration(text) == seconds


@pytest.mark.parametrize("text", ["abc", "1.5", "1.5m", "-5", "1:-30", "1:75", "0:60", "1:2:3", "2 min", "1_000",
                                  "\u0663", ":30", "5:"])
def test_duration_bad_format(text):
    error = _error(v.duration, text)
    assert (error.field, error.message) == ("duration", "Talk time is minutes:seconds (e.g. 3:20) or seconds.")


@pytest.mark.parametrize("text", ["86401", "1441m", "1441:00"])
def test_duration_out_of_range(text):
    assert _error(v.duration, text).message == "Talk time must be between 0 and 24 hours."


# ----------------------------------------------------------- technicians
def test_required_note():
    assert v.required_note("Told her Friday") == "Told her Friday"
    error = _error(v.required_note, "  ")
    assert error.field == "note"
    assert "what the customer was told" in error.message
    assert "NUL" in _error(v.required_note, "a\x00").message
    assert "4,000" in _error(v.required_note, "n" * 5000).message


def test_technician_fields():
    assert v.technician_name("Ana") == "Ana"
    assert _error(v.technician_name, "").message == "A name is required."
    assert _error(v.technician_name, "a" * 121).message == "A name is 121 characters; the limit is 120."
    assert v.technician_phone("") == ""
    assert v.technician_phone("ask dispatch") == "ask dispatch"
    assert _error(v.technician_phone, "5" * 41).message == "The phone is 41 characters; the limit is 40."
    assert _error(v.technician_phone, "5\x00").field == "phone"
