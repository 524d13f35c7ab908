"""Time: storage in naive UTC, display in the business zone, natural entry.

Pure functions; `now` is always an argument (an aware Arrow or datetime).
"""

from __future__ import annotations

import re
from datetime import datetime

import arrow

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def utc_naive(moment: arrow.Arrow | datetime) -> datetime:
    """The form the database stores: a naive datetime in UTC."""
    return arrow.get(moment).to("UTC").naive


def local(stored: datetime | None, tz: str) -> arrow.Arrow | None:
    """A stored naive-UTC value shown in the business zone."""
    if stored is None:
        return None
    if isinstance(stored, str):  # SQLite aggregates come back as text
        stored = arrow.get(stored).naive
    return arrow.get(stored, tzinfo="UTC").to(tz)


def day_bounds(now: arrow.Arrow, tz: str, days: int = 0) -> tuple[datetime, datetime]:
    """Half-open [start, end) of the local day (shifted by `days`), in naive UTC."""
    start = arrow.get(now).to(tz).floor("day").shift(days=days)
    end = start.shift(days=1)
    return utc_naive(start), utc_naive(end)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def span(seconds: float) -> str:
    """A short duration: '45 s', '12 min', '3 h', '3 h 20 min', '2 days'."""
    seconds = abs(int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest} min" if rest and hours < 3 else f"{hours} h"
    return _plural(hours // 24, "day")


def ago(stored: datetime | None, now: arrow.Arrow, never: str = "never") -> str:
    if stored is None:
        return never
    delta = (arrow.get(now) - arrow.get(stored, tzinfo="UTC")).total_seconds()
    if delta < 60:
        return "just now"
    return f"{span(delta)} ago"


def until(stored: datetime | None, now: arrow.Arrow, late_word: str = "late") -> str:
    """'in 3 h' for the future, '2 days late' for the past, '—' for none."""
    if stored is None:
        return "—"
    delta = (arrow.get(stored, tzinfo="UTC") - arrow.get(now)).total_seconds()
    if -60 < delta < 60:
        return "now"
    if delta > 0:
        return f"in {span(delta)}"
    return f"{span(delta)} {late_word}"


def hhmm(stored: datetime | None, tz: str) -> str:
    shown = local(stored, tz)
    return shown.format("HH:mm") if shown else ""


def short_when(stored: datetime | None, now: arrow.Arrow, tz: str) -> str:
    """'14:05' today, 'Tue 14:05' within a week, '2026-11-03 14:05' otherwise."""
    shown = local(stored, tz)
    if shown is None:
        return ""
    today = arrow.get(now).to(tz).floor("day")
    if shown.floor("day") == today:
        return shown.format("HH:mm")
    if abs((shown.floor("day") - today).days) < 7:
        return shown.format("ddd HH:mm")
    return shown.format("YYYY-MM-DD HH:mm")


class WhenError(ValueError):
    """Text that is not a date or time we understand; the message says why."""


_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a|p)?$")
_IN = re.compile(r"^(?:in\s+|\+)(\d+)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)$")


def parse_time_of_day(text: str) -> tuple[int, int]:
    """'9', '9:30', '17:00', '2pm', '2:15 pm', '1430' -> (hour, minute)."""
    raw = text.strip().lower().replace(" ", "")
    if raw in ("noon", "midday"):
        return 12, 0
    if re.fullmatch(r"\d{3,4}", raw):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    match = _TIME.match(raw)
    if not match:
        raise WhenError(f"{text.strip()!r} is not a time of day (try 9, 14:30 or 2pm).")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise WhenError(f"{text.strip()!r}: with am/pm the hour must be 1-12.")
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise WhenError(f"{text.strip()!r} is not a time of day: hours 0-23, minutes 0-59.")
    return hour, minute


def parse_when(text: str, now: arrow.Arrow, tz: str, default_hour: int = 17) -> datetime:
    """Natural entry to naive UTC.

    Accepts 'now', 'today 17:00', 'tomorrow 9', 'fri', 'fri 2pm', '17:00'
    (today), 'in 2h' / '+30m', ISO dates '2026-12-01' and '2026-12-01 14:00'.
    A day without a time means `default_hour`:00 local.
    """
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise WhenError("Enter a date or time, e.g. 'today 17:00', 'tomorrow 9' or 'fri'.")
    base = arrow.get(now).to(tz)
    if raw == "now":
        return utc_naive(base)
    match = _IN.match(raw)
    if match:
        amount, unit = int(match.group(1)), match.group(2)[0]
        if amount > 10_000:
            raise WhenError(f"{text.strip()!r} is too far away.")
        shift = {"m": "minutes", "h": "hours", "d": "days"}[unit]
        return utc_naive(base.shift(**{shift: amount}))
    day_word, _, rest = raw.partition(" ")
    day = _day(day_word, base)
    if day is None:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}([t ].*)?", raw):
            return _iso(text.strip(), raw, tz, default_hour)
        if not re.match(r"^\d", raw) and raw not in ("noon", "midday"):
            raise WhenError(f"{text.strip()!r} is not a date or time we know: try 'today 17:00', "
                            "'tomorrow 9', 'fri', 'in 2h' or 2026-12-04.")
        # a bare time ('17:00', 'noon') means today
        hour, minute = parse_time_of_day(raw)
        return utc_naive(base.replace(hour=hour, minute=minute, second=0, microsecond=0))
    if rest:
        hour, minute = parse_time_of_day(rest)
    else:
        hour, minute = default_hour, 0
    return utc_naive(_at(day, hour, minute, tz))


def _at(day: arrow.Arrow, hour: int, minute: int, tz: str) -> arrow.Arrow:
    return arrow.Arrow(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _day(word: str, base: arrow.Arrow) -> arrow.Arrow | None:
    today = base.floor("day")
    if word in ("today", "tod"):
        return today
    if word in ("tomorrow", "tmrw", "tom", "tmr"):
        return today.shift(days=1)
    if word == "yesterday":
        return today.shift(days=-1)
    for index, name in enumerate(WEEKDAYS):
        full = arrow.locales.EnglishLocale.day_names[index + 1].lower()
        if word == name or (len(word) >= 3 and full.startswith(word)):
            ahead = (index - today.weekday()) % 7 or 7  # 'fri' on a Friday is next week
            return today.shift(days=ahead)
    return None


def _iso(original: str, raw: str, tz: str, default_hour: int) -> datetime:
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
            day = arrow.get(raw, "YYYY-M-D", tzinfo=tz)
            return utc_naive(_at(day, default_hour, 0, tz))
        date_part, _, time_part = raw.replace("t", " ", 1).partition(" ")
        day = arrow.get(date_part, "YYYY-M-D", tzinfo=tz)
        hour, minute = parse_time_of_day(time_part)
        return utc_naive(_at(day, hour, minute, tz))
    except (arrow.parser.ParserError, ValueError) as exc:
        if isinstance(exc, WhenError):
            raise
        raise WhenError(f"{original!r} is not a real date (use YYYY-MM-DD).") from None
