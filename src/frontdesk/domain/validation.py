"""Checking what was typed into a form: pure functions, one message per field.

Each checker returns a cleaned value or raises FieldError whose message is
shown next to the field.  Nothing typed is changed: values are stored
exactly as typed, or refused.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import arrow

from frontdesk.domain import clock, phones

NAME_LIMIT = 200
TITLE_LIMIT = 300
NOTE_LIMIT = 4000
MAX_WINDOW = timedelta(hours=12)


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _no_nul(field: str, value: str) -> None:
    if "\x00" in value:
        raise FieldError(field, "Contains a NUL character; remove it.")


def required_text(field: str, value: str, what: str, limit: int) -> str:
    _no_nul(field, value)
    if not value.strip():
        raise FieldError(field, f"{what} is required.")
    return optional_text(value, field, what, limit)


def name(value: str, field: str = "name") -> str:
    return required_text(field, value, "A name", NAME_LIMIT)


def title(value: str, field: str = "title") -> str:
    return required_text(field, value, "A title", TITLE_LIMIT)


def note(value: str, field: str = "note") -> str:
    _no_nul(field, value)
    if len(value) > NOTE_LIMIT:
        raise FieldError(field, f"The note is {len(value):,} characters; the limit is {NOTE_LIMIT:,}. Shorten it.")
    return value


def phone(value: str, region: str, field: str = "phone") -> phones.ParsedPhone:
    parsed = phones.parse(value, region)
    if not parsed.valid:
        raise FieldError(field, parsed.error or "Not a phone number.")
    return parsed


def optional_when(value: str, now, tz: str, field: str, default_hour: int = 17) -> datetime | None:
    if not value.strip():
        return None
    _no_nul(field, value)
    try:
        return clock.parse_when(value, now, tz, default_hour=default_hour)
    except clock.WhenError as exc:
        raise FieldError(field, str(exc)) from None


def window(day_text: str, start_text: str, end_text: str, now, tz: str) -> tuple[datetime, datetime]:
    """A visit window on one local day: (start, end) in naive UTC."""
    base = arrow.get(now).to(tz)
    day_raw = day_text.strip() or "today"
    _no_nul("day", day_raw)
    try:
        day_moment = clock.parse_when(day_raw, now, tz, default_hour=0)
    except clock.WhenError as exc:
        raise FieldError("day", str(exc)) from None
    day = clock.local(day_moment, tz).floor("day")
    if day < base.floor("day"):
        raise FieldError("day", "That day has passed; book a visit for today or later.")
    times = []
    for field, text in (("start", start_text), ("end", end_text)):
        if not text.strip():
            raise FieldError(field, "Enter a time, e.g. 10 or 10:30.")
        try:
            hour, minute = clock.parse_time_of_day(text)
        except clock.WhenError as exc:
            raise FieldError(field, str(exc)) from None
        times.append(clock.utc_naive(arrow.Arrow(day.year, day.month, day.day, hour, minute, tzinfo=tz)))
    start, end = times
    if end == start:
        raise FieldError("end", "The window is empty: it must end later than it starts (e.g. 10 to 12).")
    if end < start:
        raise FieldError("end", "The window must end after it starts (windows cannot cross midnight).")
    if end - start > MAX_WINDOW:
        raise FieldError("end", "A window longer than 12 hours is not a window.")
    return start, end


def choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise FieldError(field, f"Choose one of: {', '.join(allowed)}.")
    return value


def duration(value: str, field: str = "duration") -> int:
    """'90', '1:30', '2m' -> seconds."""
    raw = value.strip().lower()
    if not raw:
        return 0
    # ASCII digits only: int() alone would take '1:-30' as 30 s and '1:75' as 2:15
    if match := re.fullmatch(r"([0-9]+):([0-5][0-9])", raw):
        total = int(match[1]) * 60 + int(match[2])
    elif match := re.fullmatch(r"([0-9]+)\s*m", raw):
        total = int(match[1]) * 60
    elif match := re.fullmatch(r"([0-9]+)\s*s?", raw):
        total = int(match[1])
    else:
        raise FieldError(field, "Talk time is minutes:seconds (e.g. 3:20) or seconds.")
    if not 0 <= total <= 24 * 3600:
        raise FieldError(field, "Talk time must be between 0 and 24 hours.")
    return total


TECH_NAME_LIMIT = 120
TECH_PHONE_LIMIT = 40


def required_note(value: str, field: str = "note", what: str = "what the customer was told") -> str:
    """A note that must say something (e.g. what the customer was told)."""
    if not value.strip():
        raise FieldError(field, f"Write {what} — it is what the next person at the desk will read.")
    return note(value, field)


def optional_text(value: str, field: str, what: str, limit: int) -> str:
    """Free text that may be empty: no NUL, at most `limit` characters."""
    _no_nul(field, value)
    if len(value) > limit:
        raise FieldError(field, f"{what} is {len(value):,} characters; the limit is {limit:,}.")
    return value


def technician_name(value: str, field: str = "name") -> str:
    return required_text(field, value, "A name", TECH_NAME_LIMIT)


def technician_phone(value: str, field: str = "phone") -> str:
    """Free text (a number, 'ask dispatch', an extension); short."""
    return optional_text(value, field, "The phone", TECH_PHONE_LIMIT)
