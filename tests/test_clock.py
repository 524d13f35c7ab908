"""clock: natural date entry, local days across DST, humanised spans."""

from __future__ import annotations

from datetime import datetime, timedelta

import arrow
import pytest

from frontdesk.domain import clock

TZ = "America/New_York"


# ------------------------------------------------------------ parse_when
@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("now", datetime(2026, 11, 25, 20, 0)),
        ("NOW", datetime(2026, 11, 25, 20, 0)),
        ("today 17:00", datetime(2026, 11, 25, 22, 0)),
        ("today", datetime(2026, 11, 25, 22, 0)),  # a day alone means 17:00
        ("tomorrow 9", datetime(2026, 11, 26, 14, 0)),
        ("tmrw 9:30", datetime(2026, 11, 26, 14, 30)),
        ("yesterday 8", datetime(2026, 11, 24, 13, 0)),
        ("fri", datetime(2026, 11, 27, 22, 0)),
        ("friday", datetime(2026, 11, 27, 22, 0)),
        ("fri 2pm", datetime(2026, 11, 27, 19, 0)),
        ("Fri  2:15 PM", datetime(2026, 11, 27, 19, 15)),
        ("thu 1430", datetime(2026, 11, 26, 19, 30)),
        ("wed", datetime(2026, 12, 2, 22, 0)),  # today's weekday means next week
        ("mon 9", datetime(2026, 11, 30, 14, 0)),
        ("17:00", datetime(2026, 11, 25, 22, 0)),
        ("9", datetime(2026, 11, 25, 14, 0)),  # a bare time is today, even if past
        ("12am", datetime(2026, 11, 25, 5, 0)),
        ("12pm", datetime(2026, 11, 25, 17, 0)),
        ("in 2h", datetime(2026, 11, 25, 22, 0)),
        ("in 2 hours", datetime(2026, 11, 25, 22, 0)),
        ("+30m", datetime(2026, 11, 25, 20, 30)),
        ("in 45 min", datetime(2026, 11, 25, 20, 45)),
        ("+2d", datetime(2026, 11, 27, 20, 0)),
        ("2026-12-01", datetime(2026, 12, 1, 22, 0)),
        ("2026-12-01 14:00", datetime(2026, 12, 1, 19, 0)),
        ("2026-12-01T14:00", datetime(2026, 12, 1, 19, 0)),
        ("2026-7-4 9", datetime(2026, 7, 4, 13, 0)),  # summer: EDT, UTC-4
    ],
)
def test_parse_when_forms(text, expected_utc, now):
    assert clock.parse_when(text, now, TZ) == expected_utc


def test_parse_when_returns_naive_utc(now):
    result = clock.parse_when("tomorrow 9", now, TZ)
    assert result.tzinfo is None


def test_parse_when_default_hour(now):
    assert clock.parse_when("fri", now, TZ, default_hour=8) == datetime(2026, 11, 27, 13, 0)
    assert clock.parse_when("2026-12-01", now, TZ, default_hour=0) == datetime(2026, 12, 1, 5, 0)


def test_parse_when_in_hours_counts_real_hours_across_dst():
    # 01:30 EST on the spring-forward day; one hour later the clocks read 03:30 EDT.
    before = arrow.get("2026-03-08T01:30:00", tzinfo=TZ)
    assert clock.parse_when("in 1h", before, TZ) == datetime(2026, 3, 8, 7, 30)
    assert clock.parse_when("+60m", before, TZ) == datetime(2026, 3, 8, 7, 30)


def test_parse_when_tomorrow_keeps_local_hour_across_dst():
    saturday = arrow.get("2026-03-07T12:00:00", tzinfo=TZ)
    # Sunday 9:00 is EDT (UTC-4) although Saturday was EST (UTC-5)
    assert clock.parse_when("tomorrow 9", saturday, TZ) == datetime(2026, 3, 8, 13, 0)


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "Enter a date or time"),
        ("   ", "Enter a date or time"),
        ("25:00", "hours 0-23"),
        ("12:60", "minutes 0-59"),
        ("2026-02-30", "not a real date"),
        ("2026-13-01", "not a real date"),
        ("blah", "not a date or time we know"),
        ("13pm", "hour must be 1-12"),
        ("0am", "hour must be 1-12"),
        ("fri 25:00", "hours 0-23"),
        ("tomorrow soon", "not a time of day"),
        ("in 99999h", "too far away"),
        ("2026-12-01 25:00", "hours 0-23"),
    ],
)
def test_parse_when_errors(text, message_part, now):
    with pytest.raises(clock.WhenError) as info:
        clock.parse_when(text, now, TZ)
    assert message_part in str(info.value)


def test_when_error_is_a_value_error():
    assert issubclass(clock.WhenError, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9", (9, 0)), ("9:30", (9, 30)), ("09.30", (9, 30)), ("17h00", (17, 0)), ("1430", (14, 30)),
     ("930", (9, 30)), ("2pm", (14, 0)), ("2:15 pm", (14, 15)), ("12am", (0, 0)), ("12 PM", (12, 0)),
     ("11a", (11, 0)), ("0", (0, 0)), ("23:59", (23, 59))],
)
def test_parse_time_of_day(text, expected):
    assert clock.parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["24", "24:00", "9:5", "9:300", "", "-1", "2 pm pm"])
def test_parse_time_of_day_rejects(text):
    with pytest.raises(clock.WhenError):
        clock.parse_time_of_day(text)


# ------------------------------------------------------------ day bounds
def test_day_bounds_ordinary_day(now):
    start, end = clock.day_bounds(now, TZ)
    assert (start, end) == (datetime(2026, 11, 25, 5, 0), datetime(2026, 11, 26, 5, 0))
    assert start.tzinfo is None and end.tzinfo is None


def test_day_bounds_shifted(now):
    assert clock.day_bounds(now, TZ, days=-1) == (datetime(2026, 11, 24, 5, 0), datetime(2026, 11, 25, 5, 0))
    assert clock.day_bounds(now, TZ, days=1) == (datetime(2026, 11, 26, 5, 0), datetime(2026, 11, 27, 5, 0))


def test_day_bounds_spring_forward_day_is_23_hours():
    noon = arrow.get("2026-03-08T12:00:00", tzinfo=TZ)
    start, end = clock.day_bounds(noon, TZ)
    assert start == datetime(2026, 3, 8, 5, 0)  # midnight EST
    assert end == datetime(2026, 3, 9, 4, 0)  # midnight EDT
    assert end - start == timedelta(hours=23)


def test_day_bounds_fall_back_day_is_25_hours():
    noon = arrow.get("2026-11-01T12:00:00", tzinfo=TZ)
    start, end = clock.day_bounds(noon, TZ)
    assert start == datetime(2026, 11, 1, 4, 0)  # midnight EDT
    assert end == datetime(2026, 11, 2, 5, 0)  # midnight EST
    assert end - start == timedelta(hours=25)


def test_day_bounds_uses_local_day_not_utc_day():
    # 23:30 local on the 24th is already the 25th in UTC
    late_evening = arrow.get("2026-11-24T23:30:00", tzinfo=TZ)
    assert clock.day_bounds(late_evening, TZ) == (datetime(2026, 11, 24, 5, 0), datetime(2026, 11, 25, 5, 0))


def test_day_bounds_accepts_utc_now():
    utc_now = arrow.get("2026-11-25T03:00:00+00:00")  # still the 24th in New York
    assert clock.day_bounds(utc_now, TZ)[0] == datetime(2026, 11, 24, 5, 0)


# --------------------------------------------------------------- storage
def test_utc_naive_and_local_round_trip(now):
    stored = clock.utc_naive(now)
    assert stored == datetime(2026, 11, 25, 20, 0)
    assert stored.tzinfo is None
    shown = clock.local(stored, TZ)
    assert shown.format("YYYY-MM-DD HH:mm ZZ") == "2026-11-25 15:00 -05:00"


def test_local_none_and_text():
    assert clock.local(None, TZ) is None
    # SQLite aggregates come back as text
    assert clock.local("2026-11-25 20:00:00", TZ).format("HH:mm") == "15:00"


def test_hhmm():
    assert clock.hhmm(datetime(2026, 11, 25, 20, 5), TZ) == "15:05"
    assert clock.hhmm(None, TZ) == ""


# ------------------------------------------------------------- humanising
@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (45, "45 s"), (59, "59 s"), (60, "1 min"), (12 * 60, "12 min"), (3599, "59 min"),
     (3600, "1 h"), (80 * 60, "1 h 20 min"), (3 * 3600, "3 h"), (3 * 3600 + 20 * 60, "3 h"),
     (23 * 3600 + 59 * 60, "23 h"), (24 * 3600, "1 day"), (2 * 86400 + 5, "2 days"), (-3600, "1 h")],
)
def test_span(seconds, text):
    assert clock.span(seconds) == text


def test_until(now):
    base = clock.utc_naive(now)
    assert clock.until(base + timedelta(hours=3), now) == "in 3 h"
    assert clock.until(base + timedelta(minutes=20), now) == "in 20 min"
    assert clock.until(base - timedelta(days=2), now) == "2 days late"
    assert clock.until(base - timedelta(hours=2), now, late_word="overdue") == "2 h overdue"
    assert clock.until(base + timedelta(seconds=30), now) == "now"
    assert clock.until(base - timedelta(seconds=59), now) == "now"
    assert clock.until(base - timedelta(seconds=60), now) == "1 min late"
    assert clock.until(None, now) == "—"


def test_ago(now):
    base = clock.utc_naive(now)
    assert clock.ago(None, now) == "never"
    assert clock.ago(None, now, never="no calls") == "no calls"
    assert clock.ago(base, now) == "just now"
    assert clock.ago(base - timedelta(seconds=59), now) == "just now"
    assert clock.ago(base - timedelta(minutes=5), now) == "5 min ago"
    assert clock.ago(base - timedelta(hours=3), now) == "3 h ago"
    assert clock.ago(base - timedelta(days=2, hours=1), now) == "2 days ago"


def test_short_when(now):
    assert clock.short_when(datetime(2026, 11, 25, 19, 5), now, TZ) == "14:05"  # today
    assert clock.short_when(datetime(2026, 11, 25, 4, 59), now, TZ) == "Tue 23:59"  # local yesterday
    assert clock.short_when(datetime(2026, 11, 27, 15, 0), now, TZ) == "Fri 10:00"
    assert clock.short_when(datetime(2026, 11, 19, 15, 0), now, TZ) == "Thu 10:00"  # 6 days ago
    assert clock.short_when(datetime(2026, 11, 18, 15, 0), now, TZ) == "2026-11-18 10:00"  # a week ago
    assert clock.short_when(datetime(2026, 12, 2, 15, 0), now, TZ) == "2026-12-02 10:00"  # a week ahead
    assert clock.short_when(None, now, TZ) == ""


def test_short_when_week_limit_across_dst():
    # Saturday before spring-forward; next Saturday is exactly a week away (minus the lost hour)
    saturday = arrow.get("2026-03-07T12:00:00", tzinfo=TZ)
    assert clock.short_when(datetime(2026, 3, 14, 17, 0), saturday, TZ) == "2026-03-14 13:00"
    assert clock.short_when(datetime(2026, 3, 13, 17, 0), saturday, TZ) == "Fri 13:00"
    # the Saturday after fall-back, six days after the 25-hour day
    saturday = arrow.get("2026-11-07T12:00:00", tzinfo=TZ)
    assert clock.short_when(datetime(2026, 11, 1, 17, 0), saturday, TZ) == "Sun 12:00"
    assert clock.short_when(datetime(2026, 10, 31, 16, 0), saturday, TZ) == "2026-10-31 12:00"


def test_noon_is_a_time_of_day(now):
    assert clock.parse_time_of_day("noon") == (12, 0)
    assert clock.local(clock.parse_when("tomorrow noon", now, TZ), TZ).format("YYYY-MM-DD HH:mm") == "2026-11-26 12:00"
