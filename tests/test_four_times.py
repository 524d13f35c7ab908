"""four_times: expected-by from history, the early-promise warning, the detail rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from frontdesk.domain.four_times import (
    ALL_CUSTOMERS,
    THIS_CUSTOMER,
    Expected,
    expected_by,
    four_times,
    median_close_time,
    promise_warning,
)

TZ = "America/New_York"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
OPENED = datetime(2026, 11, 25, 15, 0)  # Wednesday 10:00 New York


@pytest.mark.parametrize(
    ("durations", "median"),
    [([], None), ([HOUR], HOUR), ([3 * HOUR, HOUR, 2 * HOUR], 2 * HOUR), ([HOUR, 2 * HOUR, 9 * HOUR, 3 * HOUR], 2.5 * HOUR)],
)
def test_median_close_time(durations, median):
    assert median_close_time(durations) == median


def test_expected_uses_own_history_from_three_tickets():
    own = [DAY, DAY, 3 * DAY]
    result = expected_by(OPENED, own, [5 * DAY] * 14)
    assert result == Expected(OPENED + DAY, 3, THIS_CUSTOMER, DAY)


def test_expected_falls_back_to_all_customers_below_three():
    result = expected_by(OPENED, [DAY, DAY], [2 * DAY] * 13 + [DAY])
    assert result == Expected(OPENED + 2 * DAY, 14, ALL_CUSTOMERS, 2 * DAY)
    assert expected_by(OPENED, [], [HOUR]) == Expected(OPENED + HOUR, 1, ALL_CUSTOMERS, HOUR)


def test_no_history_no_expectation():
    assert expected_by(OPENED, [], []) is None
    assert expected_by(OPENED, [DAY, DAY], []) is None


def test_promise_warning_says_by_how_much():
    expected = Expected(OPENED + 2 * DAY, 14, ALL_CUSTOMERS, 2 * DAY)
    assert promise_warning(OPENED + DAY, expected) == (
        "History says about 2 days (median of 14 tickets): this promise is 1 day earlier than expected."
    )
    own = Expected(OPENED + 5 * HOUR, 1, THIS_CUSTOMER, 5 * HOUR)
    assert promise_warning(OPENED + 2 * HOUR, own) == (
        "History says about 5 h (median of this customer's 1 ticket): this promise is 3 h earlier than expected."
    )


def test_no_warning_for_a_promise_at_or_after_expected():
    expected = Expected(OPENED + 2 * DAY, 14, ALL_CUSTOMERS, 2 * DAY)
    assert promise_warning(OPENED + 2 * DAY, expected) is None
    assert promise_warning(OPENED + 3 * DAY, expected) is None
    assert promise_warning(OPENED + 2 * DAY - timedelta(minutes=1), expected) is not None
    assert promise_warning(None, expected) is None
    assert promise_warning(OPENED, None) is None


@dataclass
class T:
    status: str = "open"
    needed_by: datetime | None = None
    promised_by: datetime | None = None
    closed_at: datetime | None = None
    follow_up_done_at: datetime | None = None
    satisfaction: str = ""


def test_four_times_rows_for_an_open_ticket():
    rows = four_times(T(needed_by=OPENED + DAY, promised_by=OPENED + 2 * DAY),
                      Expected(OPENED + 3 * DAY, 14, ALL_CUSTOMERS, 3 * DAY), TZ)
    assert rows == [
        ("needed by (customer)", "Thu 2026-11-26 10:00"),
        ("expected by", "Sat 2026-11-28 10:00 (history, n=14, all customers)"),
        ("promised by", "Fri 2026-11-27 10:00"),
        ("closed / satisfied", "open"),
    ]


@pytest.mark.parametrize(
    ("changes", "closed"),
    [
        ({}, "Mon 2026-11-30 09:00 · follow-up pending"),
        ({"follow_up_done_at": datetime(2026, 12, 1, 15)}, "Mon 2026-11-30 09:00 · follow-up made"),
        ({"satisfaction": "not satisfied"}, "Mon 2026-11-30 09:00 · not satisfied"),
    ],
)
def test_four_times_closed_rows(changes, closed):
    ticket = T(status="closed", closed_at=datetime(2026, 11, 30, 14), **changes)
    rows = dict(four_times(ticket, None, TZ))
    assert rows["closed / satisfied"] == closed
    assert rows["expected by"] == "— (no history yet)"
    assert rows["needed by (customer)"] == rows["promised by"] == "—"
