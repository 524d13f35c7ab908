"""Business hours: when the desk is open, and clocks that only tick while it is.

Some of our promises are measured in *business* hours: "a promise is at risk
when it is due within 4 business hours" means 4 hours the shop is open, so a
promise due Monday 09:00 is only 1 business hour away on Friday at 18:00
(Monday to Friday, 08:00-17:00), not 15 hours.

The opening schedule is in the business's own time zone (an IANA name such as
"America/New_York").  Each business day is open from `opens` to `closes`
local time; on the days the clocks change the day is simply an hour shorter
or longer in real time, exactly as the staff experience it.  Opening hours
that cross midnight are not supported.

Pure functions: every moment here is a naive UTC datetime, as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOURS = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?$")
_MAX_DAYS = 366 * 30  # a search that finds no opening within 30 years is a bad schedule


@dataclass(frozen=True)
class Schedule:
    """The days the business is open (Monday = 0) and its local opening hours."""

    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    opens: time = time(8, 0)
    closes: time = time(17, 0)

    def __post_init__(self) -> None:
        if not self.days or any(not 0 <= day <= 6 for day in self.days):
            raise ValueError("A schedule needs at least one day, numbered 0 (Monday) to 6 (Sunday).")
        if self.opens >= self.closes:
            raise ValueError("Closing time must be after opening time on the same day.")


def _day_number(word: str) -> int:
    word = word.strip().lower()
    for index, (short, full) in enumerate(zip(DAY_NAMES, _FULL_NAMES, strict=True)):
        if word == short or (len(word) >= 3 and full.startswith(word)):
            return index
    raise ValueError(f"{word!r} is not a day of the week: use mon, tue, wed, thu, fri, sat or sun.")


def parse_schedule(days: str, hours: str) -> Schedule:
    """Read the configured opening schedule.

    `days` is a list of days and ranges: "mon-fri", "mon,tue,thu",
    "mon-wed,fri" or "sat-mon" (a range may wrap past Sunday).  `hours` is
    "08:00-17:00" (also "8-17").  Bad input raises ValueError with one
    sentence saying what is wrong.
    """
    chosen: list[int] = []
    parts = [part.strip() for part in days.split(",")]
    if not days.strip() or any(not part for part in parts):
        raise ValueError(f"Opening days {days!r} should look like 'mon-fri' or 'mon,tue,thu'.")
    for part in parts:
        first, dash, last = part.partition("-")
        if dash:
            start, stop = _day_number(first), _day_number(last)
            span = (stop - start) % 7
            chosen.extend((start + step) % 7 for step in range(span + 1))
        else:
            chosen.append(_day_number(part))
    match = _HOURS.match(hours.strip())
    if not match:
        raise ValueError(f"Opening hours {hours!r} should look like '08:00-17:00'.")
    oh, om, ch, cm = (int(group or 0) for group in match.groups())
    if oh > 23 or ch > 23 or om > 59 or cm > 59:
        raise ValueError(f"Opening hours {hours!r} are not times of day (00:00 to 23:59).")
    opens, closes = time(oh, om), time(ch, cm)
    if opens >= closes:
        raise ValueError(f"Opening hours {hours!r}: closing must be after opening on the same day.")
    return Schedule(tuple(sorted(set(chosen))), opens, closes)


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def local_date(moment: datetime, tz: str) -> date:
    """The business's calendar date at a naive-UTC moment."""
    return moment.replace(tzinfo=timezone.utc).astimezone(_zone(tz)).date()


def _utc_at(day: date, at: time, tz: str) -> datetime:
    """Local wall-clock `at` on `day`, as naive UTC (a time skipped by a DST
    change is read with the offset before the change, i.e. an hour later)."""
    local = datetime.combine(day, at, tzinfo=_zone(tz))
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def opening_hours_on(day: date, schedule: Schedule, tz: str) -> tuple[datetime, datetime] | None:
    """[opening, closing) of a local calendar day in naive UTC, or None if closed all day."""
    if day.weekday() not in schedule.days:
        return None
    return _utc_at(day, schedule.opens, tz), _utc_at(day, schedule.closes, tz)


def _periods(moment: datetime, schedule: Schedule, tz: str, step: int) -> Iterator[tuple[datetime, datetime]]:
    """Opening periods from the local day of `moment`, forwards (step 1) or backwards (-1)."""
    day = local_date(moment, tz)
    for offset in range(_MAX_DAYS):
        period = opening_hours_on(day + timedelta(days=offset * step), schedule, tz)
        if period is not None:
            yield period
    raise ValueError("The opening schedule has no opening hours.")  # pragma: no cover


def is_open(moment: datetime, schedule: Schedule, tz: str) -> bool:
    """Is the business open at this moment (opening time included, closing time not)?"""
    period = opening_hours_on(local_date(moment, tz), schedule, tz)
    return period is not None and period[0] <= moment < period[1]


def next_opening(moment: datetime, schedule: Schedule, tz: str) -> datetime:
    """`moment` itself when open, else the next time the business opens."""
    for opens, closes in _periods(moment, schedule, tz, 1):
        if closes > moment:
            return max(opens, moment)
    raise AssertionError("unreachable")  # pragma: no cover


def previous_closing(moment: datetime, schedule: Schedule, tz: str) -> datetime:
    """`moment` itself when open, else the last time the business closed."""
    for opens, closes in _periods(moment, schedule, tz, -1):
        if opens < moment:
            return min(closes, moment)
    raise AssertionError("unreachable")  # pragma: no cover


def business_seconds_between(start: datetime, end: datetime, schedule: Schedule, tz: str) -> float:
    """Seconds the business is open in [start, end); negative when end is before start."""
    if end < start:
        return -business_seconds_between(end, start, schedule, tz)
    total = 0.0
    day = local_date(start, tz)
    last = local_date(end, tz)
    while day <= last:
        period = opening_hours_on(day, schedule, tz)
        if period is not None:
            lo, hi = max(period[0], start), min(period[1], end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total


def add_business_hours(start: datetime, hours: float, schedule: Schedule, tz: str) -> datetime:
    """The moment `hours` business hours after `start` (before it when negative).

    Counting only runs while the business is open: from outside opening hours
    it starts at the next opening (going forward) or at the last closing
    (going back).  Zero hours gives the next opening.  Landing exactly on a
    closing time returns that closing time, not the next morning.
    """
    remaining = timedelta(hours=abs(hours))
    if hours >= 0:
        for opens, closes in _periods(start, schedule, tz, 1):
            lo = max(opens, start)
            if lo >= closes:
                continue
            if remaining <= closes - lo:
                return lo + remaining
            remaining -= closes - lo
    else:
        for opens, closes in _periods(start, schedule, tz, -1):
            hi = min(closes, start)
            if hi <= opens:
                continue
            if remaining <= hi - opens:
                return hi - remaining
            remaining -= hi - opens
    raise AssertionError("unreachable")  # pragma: no cover


def next_business_day_at(moment: datetime, at: time, schedule: Schedule, tz: str) -> datetime:
    """Local time `at` on the first business day after `moment`'s local date.

    This is when the satisfaction follow-up is due: a ticket closed on
    Friday (or on Saturday) is followed up on Monday at 10:00.
    """
    day = local_date(moment, tz) + timedelta(days=1)
    while day.weekday() not in schedule.days:
        day += timedelta(days=1)
    return _utc_at(day, at, tz)


def business_day_on_or_after(day: date, schedule: Schedule) -> date:
    """`day` itself when it is a business day, else the next one."""
    while day.weekday() not in schedule.days:
        day += timedelta(days=1)
    return day
