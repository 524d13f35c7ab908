"""cadence: check-in intervals, when the next one is due, stepping down."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import arrow
import pytest

from frontdesk.domain import cadence
from frontdesk.domain.business_hours import Schedule
from frontdesk.domain.call_now import CadenceFacts

TZ = "America/New_York"
WEEK = Schedule()


def L(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=ZoneInfo(TZ)).astimezone(timezone.utc).replace(tzinfo=None)


def facts(name: str, **changes) -> CadenceFacts:
    return CadenceFacts(customer_id=1, customer_name="Ada", cadence=name, **changes)


@pytest.mark.parametrize(
    ("name", "every", "days"),
    [("", None, None), ("daily", None, 1), ("twice a week", None, 3), ("weekly", None, 7),
     ("custom", 10, 10), ("custom", 1, 1), ("custom", 0, None), ("custom", None, None), ("fortnightly", None, None)],
)
def test_interval_days(name, every, days):
    assert cadence.interval_days(name, every) == days


def test_validate_cadence_explains():
    cadence.validate_cadence("weekly", None)
    cadence.validate_cadence("custom", 5)
    with pytest.raises(ValueError, match="not a cadence"):
        cadence.validate_cadence("hourly", None)
    with pytest.raises(ValueError, match="needs a number of days"):
        cadence.validate_cadence("custom", 0)


def test_describe():
    assert [cadence.describe(n, e) for n, e in [("weekly", None), ("custom", 10), ("custom", 1), ("", None)]] == [
        "weekly", "every 10 days", "daily", "",
    ]


@pytest.mark.parametrize(
    ("name", "last", "due"),
    [
        ("daily", L(2026, 11, 24, 15), L(2026, 11, 25, 8)),  # Tue -> Wed opening
        ("daily", L(2026, 11, 27, 9), L(2026, 11, 30, 8)),  # Fri -> Sat, moved to Monday
        ("weekly", L(2026, 11, 23, 16, 59), L(2026, 11, 30, 8)),
        ("twice a week", L(2026, 11, 23, 10), L(2026, 11, 26, 8)),  # Mon -> Thu
        ("twice a week", L(2026, 11, 26, 10), L(2026, 11, 30, 8)),  # Thu -> Sun, moved to Monday
        ("daily", L(2026, 11, 24, 23, 30), L(2026, 11, 25, 8)),  # 04:30 UTC Wed is still Tue locally
    ],
)
def test_next_check_in_after_a_check_in(name, last, due):
    assert cadence.next_check_in(facts(name, last_check_in=last), WEEK, TZ) == due


def test_next_check_in_custom_and_none():
    assert cadence.next_check_in(facts("custom", every_days=10, last_check_in=L(2026, 11, 20, 10)), WEEK, TZ) == L(2026, 11, 30, 8)
    assert cadence.next_check_in(facts("", last_check_in=L(2026, 11, 20, 10)), WEEK, TZ) is None


def test_never_checked_in_is_due_at_the_next_opening():
    assert cadence.next_check_in(facts("weekly", cadence_since=L(2026, 11, 27, 18)), WEEK, TZ) == L(2026, 11, 30, 8)
    assert cadence.next_check_in(facts("weekly", cadence_since=L(2026, 11, 25, 10)), WEEK, TZ) == L(2026, 11, 25, 10)
    now = arrow.get(L(2026, 11, 28, 12), tzinfo="UTC")
    assert cadence.next_check_in(facts("weekly"), WEEK, TZ, now) == L(2026, 11, 30, 8)
    assert cadence.next_check_in(facts("weekly"), WEEK, TZ) is None


def test_next_check_in_across_dst():
    # daily check-in Friday 2026-03-06; Monday 08:00 is EDT, 12:00 UTC
    assert cadence.next_check_in(facts("daily", last_check_in=L(2026, 3, 6, 10)), WEEK, TZ) == datetime(2026, 3, 9, 12)
    # weekly from Monday 2026-10-26 (EDT) to Monday 2026-11-02 08:00 EST = 13:00 UTC
    weekly = facts("weekly", last_check_in=L(2026, 10, 26, 9))
    assert cadence.next_check_in(weekly, WEEK, TZ) == datetime(2026, 11, 2, 13)
    assert cadence.next_check_in(weekly, WEEK, TZ) - L(2026, 10, 26, 8) == timedelta(days=7, hours=1)


@pytest.mark.parametrize(
    ("name", "recent", "needed", "suggested"),
    [
        ("daily", [True, True, True], 3, "twice a week"),
        ("twice a week", [True, True, True, False], 3, "weekly"),
        ("weekly", [True] * 5, 3, None),  # nothing below weekly
        ("daily", [True, True], 3, None),  # not enough check-ins yet
        ("daily", [True, False, True], 3, None),
        ("daily", [False, True, True, True], 3, None),  # the newest one was not well
        ("custom", [True] * 5, 3, None),
        ("", [True] * 5, 3, None),
        ("daily", [True], 0, None),
        ("daily", [True], 1, "twice a week"),
    ],
)
def test_suggest_step_down(name, recent, needed, suggested):
    assert cadence.suggest_step_down(name, recent, needed) == suggested
