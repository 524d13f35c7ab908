"""business_hours: opening schedule, business-time arithmetic, DST days."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from frontdesk.domain.business_hours import (
    Schedule,
    add_business_hours,
    business_seconds_between,
    is_open,
    next_business_day_at,
    next_opening,
    opening_hours_on,
    parse_schedule,
    previous_closing,
)

TZ = "America/New_York"
WEEK = Schedule()  # Mon-Fri 08:00-17:00
EVERY_DAY = Schedule(days=(0, 1, 2, 3, 4, 5, 6))
MINUTE = timedelta(minutes=1)
HOUR = 3600.0


def L(y: int, m: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> datetime:
    """A New York wall-clock time as the naive UTC the records hold."""
    local = datetime(y, m, d, h, mi, tzinfo=ZoneInfo(TZ), fold=fold)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


# 2026-11-27 is a Friday, 2026-11-30 a Monday
FRI_18 = L(2026, 11, 27, 18)
MON_09 = L(2026, 11, 30, 9)


# ---------------------------------------------------------- parse_schedule
@pytest.mark.parametrize(
    ("days", "hours", "expected"),
    [
        ("mon-fri", "08:00-17:00", Schedule()),
        ("mon,tue,thu", "9:30-18:15", Schedule((0, 1, 3), time(9, 30), time(18, 15))),
        ("Mon-Wed, Fri", "8-17", Schedule((0, 1, 2, 4))),
        ("sat-mon", "10:00 - 14:00", Schedule((0, 5, 6), time(10), time(14))),
        ("monday,saturday", "07:00–12:00", Schedule((0, 5), time(7), time(12))),
    ],
)
def test_parse_schedule_accepts(days, hours, expected):
    assert parse_schedule(days, hours) == expected


@pytest.mark.parametrize(
    ("days", "hours", "fragment"),
    [
        ("", "08:00-17:00", "should look like 'mon-fri'"),
        ("mon,,fri", "08:00-17:00", "should look like 'mon-fri'"),
        ("mon-fry", "08:00-17:00", "'fry' is not a day of the week"),
        ("mo", "08:00-17:00", "'mo' is not a day of the week"),
        ("mon-fri", "8am to 5pm", "should look like '08:00-17:00'"),
        ("mon-fri", "17:00-08:00", "closing must be after opening"),
        ("mon-fri", "09:00-09:00", "closing must be after opening"),
        ("mon-fri", "08:00-25:00", "not times of day"),
        ("mon-fri", "08:61-17:00", "not times of day"),
    ],
)
def test_parse_schedule_rejects_with_one_sentence(days, hours, fragment):
    with pytest.raises(ValueError, match=fragment) as caught:
        parse_schedule(days, hours)
    message = str(caught.value)
    assert message.endswith(".") and message.count(". ") == 0


def test_schedule_itself_refuses_nonsense():
    with pytest.raises(ValueError):
        Schedule(days=())
    with pytest.raises(ValueError):
        Schedule(days=(7,))
    with pytest.raises(ValueError):
        Schedule(opens=time(17), closes=time(8))


# ---------------------------------------------------------- is_open
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (L(2026, 11, 25, 8) - MINUTE, False),
        (L(2026, 11, 25, 8), True),  # opening time is open
        (L(2026, 11, 25, 8) + MINUTE, True),
        (L(2026, 11, 25, 17) - MINUTE, True),
        (L(2026, 11, 25, 17), False),  # closing time is closed
        (L(2026, 11, 28, 12), False),  # Saturday
        (L(2026, 11, 29, 12), False),  # Sunday
        (FRI_18, False),
    ],
)
def test_is_open(moment, expected):
    assert is_open(moment, WEEK, TZ) is expected


def test_is_open_uses_the_local_date_not_the_utc_date():
    # Friday 20:00 New York is already Saturday 01:00 UTC; a Saturday-only shop is closed then
    saturday_only = Schedule(days=(5,), opens=time(0), closes=time(23, 59))
    assert not is_open(L(2026, 11, 27, 20), saturday_only, TZ)
    assert is_open(L(2026, 11, 28, 0, 30), saturday_only, TZ)


# ---------------------------------------------------------- the Friday evening example
def test_friday_evening_is_one_business_hour_before_monday_nine():
    assert business_seconds_between(FRI_18, MON_09, WEEK, TZ) == 1 * HOUR


def test_four_business_hours_before_monday_nine_is_friday_fourteen():
    assert add_business_hours(MON_09, -4, WEEK, TZ) == L(2026, 11, 27, 14)


# ---------------------------------------------------------- business_seconds_between
@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (L(2026, 11, 25, 7), L(2026, 11, 25, 9), 1),  # before opening does not count
        (L(2026, 11, 25, 16), L(2026, 11, 25, 19), 1),  # after closing does not count
        (L(2026, 11, 25, 8), L(2026, 11, 25, 17), 9),
        (L(2026, 11, 25, 12), L(2026, 11, 26, 12), 9),
        (L(2026, 11, 27, 12), L(2026, 11, 30, 12), 9),  # the weekend is free
        (L(2026, 11, 28, 9), L(2026, 11, 29, 16), 0),
        (L(2026, 11, 23, 8), L(2026, 11, 30, 8), 45),  # a whole week
        (L(2026, 11, 25, 10), L(2026, 11, 25, 10), 0),
    ],
)
def test_business_seconds_between(start, end, hours):
    assert business_seconds_between(start, end, WEEK, TZ) == hours * HOUR


def test_business_seconds_between_is_negative_backwards():
    assert business_seconds_between(MON_09, FRI_18, WEEK, TZ) == -1 * HOUR


# ---------------------------------------------------------- add_business_hours
@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (L(2026, 11, 25, 10), 2, L(2026, 11, 25, 12)),
        (L(2026, 11, 25, 15), 2, L(2026, 11, 25, 17)),  # landing on closing stays there
        (L(2026, 11, 25, 15), 3, L(2026, 11, 26, 9)),
        (L(2026, 11, 25, 6), 1, L(2026, 11, 25, 9)),  # early: counting starts at opening
        (FRI_18, 1, MON_09),  # outside hours: counting starts Monday 08:00
        (L(2026, 11, 28, 12), 0.5, L(2026, 11, 30, 8, 30)),
        (FRI_18, 0, L(2026, 11, 30, 8)),  # zero hours: the next opening
        (L(2026, 11, 25, 10), 0, L(2026, 11, 25, 10)),
        (L(2026, 11, 25, 10), -1, L(2026, 11, 25, 9)),
        (L(2026, 11, 25, 9), -2, L(2026, 11, 24, 16)),
        (FRI_18, -1, L(2026, 11, 27, 16)),  # backwards from outside hours: from the last closing
        (L(2026, 11, 30, 7), -9, L(2026, 11, 27, 8)),
        (L(2026, 11, 25, 12), 45, L(2026, 12, 2, 12)),  # a week of business time
    ],
)
def test_add_business_hours(start, hours, expected):
    assert add_business_hours(start, hours, WEEK, TZ) == expected


@pytest.mark.parametrize("hours", [0.25, 1, 4, 9, 13.5, 40])
def test_add_then_measure_round_trips(hours):
    start = L(2026, 11, 25, 10, 15)
    end = add_business_hours(start, hours, WEEK, TZ)
    assert business_seconds_between(start, end, WEEK, TZ) == hours * HOUR
    assert add_business_hours(end, -hours, WEEK, TZ) == start


# ---------------------------------------------------------- openings and closings
def test_next_opening_and_previous_closing():
    assert next_opening(FRI_18, WEEK, TZ) == L(2026, 11, 30, 8)
    assert next_opening(L(2026, 11, 25, 10), WEEK, TZ) == L(2026, 11, 25, 10)
    assert next_opening(L(2026, 11, 25, 17), WEEK, TZ) == L(2026, 11, 26, 8)
    assert previous_closing(FRI_18, WEEK, TZ) == L(2026, 11, 27, 17)
    assert previous_closing(L(2026, 11, 30, 7), WEEK, TZ) == L(2026, 11, 27, 17)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (L(2026, 11, 23, 16), L(2026, 11, 24, 10)),  # Monday -> Tuesday
        (L(2026, 11, 27, 16, 30), L(2026, 11, 30, 10)),  # closing on Friday -> Monday
        (L(2026, 11, 28, 11), L(2026, 11, 30, 10)),  # closed on Saturday -> Monday
        (L(2026, 11, 29, 23, 59), L(2026, 11, 30, 10)),  # Sunday night -> Monday
        (L(2026, 11, 30, 0, 1), L(2026, 12, 1, 10)),  # Monday just after midnight -> Tuesday
    ],
)
def test_next_business_day_at(moment, expected):
    assert next_business_day_at(moment, time(10), WEEK, TZ) == expected


# ---------------------------------------------------------- DST change days (US: 2026-03-08, 2026-11-01)
def test_spring_forward_weekend_opening_times_in_utc():
    # Friday closes 17:00 EST = 22:00 UTC; Monday opens 08:00 EDT = 12:00 UTC
    assert opening_hours_on(L(2026, 3, 6, 12).date(), WEEK, TZ) == (datetime(2026, 3, 6, 13), datetime(2026, 3, 6, 22))
    assert next_opening(L(2026, 3, 7, 12), WEEK, TZ) == datetime(2026, 3, 9, 12)
    assert add_business_hours(L(2026, 3, 6, 15), 4, WEEK, TZ) == L(2026, 3, 9, 10) == datetime(2026, 3, 9, 14)
    assert next_business_day_at(L(2026, 3, 6, 16), time(10), WEEK, TZ) == datetime(2026, 3, 9, 14)


def test_fall_back_weekend_opening_times_in_utc():
    # Friday closes 17:00 EDT = 21:00 UTC; Monday opens 08:00 EST = 13:00 UTC
    assert previous_closing(datetime(2026, 11, 2, 12), WEEK, TZ) == datetime(2026, 10, 30, 21)
    assert next_opening(datetime(2026, 10, 31, 12), WEEK, TZ) == datetime(2026, 11, 2, 13)
    assert add_business_hours(datetime(2026, 11, 2, 13), -4, WEEK, TZ) == L(2026, 10, 30, 13) == datetime(2026, 10, 30, 17)


def test_spring_forward_day_is_an_hour_shorter_when_open_across_the_change():
    night = Schedule(days=tuple(range(7)), opens=time(1), closes=time(4))
    assert business_seconds_between(datetime(2026, 3, 8), datetime(2026, 3, 9), night, TZ) == 2 * HOUR
    assert business_seconds_between(datetime(2026, 3, 7), datetime(2026, 3, 8), night, TZ) == 3 * HOUR
    # 01:30 EST + 1 business hour = 03:30 EDT (02:xx does not exist that night)
    assert add_business_hours(L(2026, 3, 8, 1, 30), 1, night, TZ) == L(2026, 3, 8, 3, 30)
    assert add_business_hours(L(2026, 3, 8, 1, 30), 1, night, TZ) - L(2026, 3, 8, 1, 30) == timedelta(hours=1)


def test_fall_back_day_is_an_hour_longer_when_open_across_the_change():
    night = Schedule(days=tuple(range(7)), opens=time(1), closes=time(4))
    assert business_seconds_between(datetime(2026, 11, 1), datetime(2026, 11, 2), night, TZ) == 4 * HOUR
    assert is_open(L(2026, 11, 1, 1, 30, fold=1), night, TZ)  # the second 01:30 (EST) is open too


def test_ordinary_hours_on_dst_sundays_are_nine_real_hours():
    for day in (8, 7):
        assert business_seconds_between(datetime(2026, 3, day), datetime(2026, 3, day + 1), EVERY_DAY, TZ) == 9 * HOUR
    assert opening_hours_on(L(2026, 3, 8, 12).date(), EVERY_DAY, TZ) == (datetime(2026, 3, 8, 12), datetime(2026, 3, 8, 21))
    assert opening_hours_on(L(2026, 11, 1, 12).date(), EVERY_DAY, TZ) == (datetime(2026, 11, 1, 13), datetime(2026, 11, 1, 22))
    # 4 business hours before Sunday 09:00 EDT is Saturday 14:00 EST
    assert add_business_hours(L(2026, 3, 8, 9), -4, EVERY_DAY, TZ) == L(2026, 3, 7, 14)
