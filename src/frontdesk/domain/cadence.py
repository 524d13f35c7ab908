"""Check-in cadence: how often we call a key client just to ask how things are.

A customer can have a cadence: none, daily, twice a week, weekly, or custom
(every N days).  A check-in is due when the business opens on the day it
falls on: the day of the last check-in plus the interval, moved to the next
business day when that day is a closed day.  A customer never checked in is
due as soon as the business is open after the cadence was set.

"Twice a week" is a fixed rule: 3 days after the last check-in.  With a
Monday-to-Friday week that gives Monday and Thursday (Thursday + 3 days is
Sunday, which moves to Monday), i.e. exactly twice a week.

After a number of check-ins in a row where the customer said all is well,
the desk suggests calling less often: daily -> twice a week -> weekly.

Pure functions: times are naive UTC datetimes, `now` an aware Arrow.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import arrow

from frontdesk.domain import clock
from frontdesk.domain.business_hours import (
    Schedule,
    business_day_on_or_after,
    local_date,
    next_opening,
    opening_hours_on,
)

CADENCES = ("", "daily", "twice a week", "weekly", "custom")  # "" = none
STEP_DOWN = {"daily": "twice a week", "twice a week": "weekly"}
_FIXED_DAYS = {"daily": 1, "twice a week": 3, "weekly": 7}


def validate_cadence(cadence: str, every_days: int | None) -> None:
    """For forms: raise ValueError with one sentence when the cadence is unusable."""
    if cadence not in CADENCES:
        raise ValueError(f"{cadence!r} is not a cadence: choose none, daily, twice a week, weekly or custom.")
    if cadence == "custom" and (every_days is None or every_days < 1):
        raise ValueError("A custom cadence needs a number of days, 1 or more.")


def interval_days(cadence: str, every_days: int | None) -> int | None:
    """Days between check-ins, or None for no cadence.

    daily 1, twice a week 3 (see the module note), weekly 7, custom
    `every_days`.  Stored data that makes no sense (an unknown name, a custom
    cadence without a day count of at least 1) counts as no cadence, so one
    bad row cannot break the desk; forms check with `validate_cadence`.
    """
    if cadence == "custom":
        return every_days if every_days is not None and every_days >= 1 else None
    return _FIXED_DAYS.get(cadence)


def describe(cadence: str, every_days: int | None) -> str:
    """'weekly', 'every 10 days', or '' for none."""
    if cadence == "custom":
        days = interval_days(cadence, every_days)
        if days is None:
            return ""
        return "daily" if days == 1 else f"every {days} days"
    return cadence if cadence in _FIXED_DAYS else ""


def next_check_in(
    facts, schedule: Schedule, tz: str, now: arrow.Arrow | datetime | None = None
) -> datetime | None:
    """When the next check-in call is due (naive UTC), or None without a cadence.

    `facts` is a CadenceFacts (anything with cadence, every_days,
    cadence_since, last_check_in).  Due at the business opening of the day
    of the last check-in (local date) plus the interval, moved forward to a
    business day.  Never checked in: due at the first opening from
    `cadence_since`, or from `now` when that is unknown too (None when both
    are missing and no `now` is given).
    """
    days = interval_days(facts.cadence, facts.every_days)
    if days is None:
        return None
    if facts.last_check_in is not None:
        day = business_day_on_or_after(local_date(facts.last_check_in, tz) + timedelta(days=days), schedule)
        hours = opening_hours_on(day, schedule, tz)
        assert hours is not None  # a business day always has hours
        return hours[0]
    start = facts.cadence_since
    if start is None and now is not None:
        start = clock.utc_naive(now)
    if start is None:
        return None
    return next_opening(start, schedule, tz)


def suggest_step_down(cadence: str, recent_all_well: list[bool], needed: int) -> str | None:
    """The less frequent cadence to suggest, or None.

    `recent_all_well` holds, newest first, whether the customer said all is
    well on each check-in.  When the newest `needed` check-ins were all well
    and a step down exists (daily -> twice a week -> weekly), suggest it.
    A `needed` below 1 turns suggestions off.
    """
    if needed < 1 or cadence not in STEP_DOWN or len(recent_all_well) < needed:
        return None
    if all(recent_all_well[:needed]):
        return STEP_DOWN[cadence]
    return None
