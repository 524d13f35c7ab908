"""Normalising and matching phone numbers, on top of `phonenumbers`.

Every stored number keeps its E.164 form (exact match, indexed) and its
national digits reversed (so "the last 4-7 digits" is an indexed prefix
range).  Pure functions; no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

_EXTENSION = re.compile(r"(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
MIN_PARTIAL_DIGITS = 4


@dataclass(frozen=True)
class ParsedPhone:
    raw: str
    e164: str | None          # set when the number is valid
    national_digits: str      # digits of the national significant number
    extension: str = ""
    region_guessed: bool = False   # no '+' / '00': read in the default region
    error: str = ""
    warning: str = ""         # usable, but worth a second look

    @property
    def valid(self) -> bool:
        return self.e164 is not None

    @property
    def reversed_digits(self) -> str:
        return self.national_digits[::-1]


def looks_like_phone(text: str) -> bool:
    """True when the text is mostly digits (a number), False for a name."""
    stripped = _EXTENSION.sub("", text.strip())
    digits = sum(ch.isdigit() for ch in stripped)
    letters = sum(ch.isalpha() for ch in stripped)
    return digits >= 3 and letters == 0


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())


def parse(raw: str, region: str = "US") -> ParsedPhone:
    """Read any common way of writing a number; never raises."""
    text = raw.strip()
    if "\x00" in text or len(text) > 64:
        return ParsedPhone(raw, None, "", error="That is not a phone number (too long or contains control characters).")
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()].strip()
    compact = re.sub(r"[\s().\-/\[\]]", "", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    guessed = not compact.startswith("+")
    if not digits_of(compact):
        return ParsedPhone(raw, None, "", extension, guessed, "Type a phone number (digits) or a name.")
    if re.search(r"[^\d+]", compact):
        return ParsedPhone(raw, None, digits_of(compact), extension, guessed,
                           "A phone number may contain only digits, spaces and + ( ) [ ] . - /.")
    too_long = len(digits_of(compact)) > 15  # E.164 allows at most 15 digits
    try:
        number = phonenumbers.parse(compact, None if not guessed else region)
    except phonenumbers.NumberParseException:
        return ParsedPhone(raw, None, digits_of(compact), extension, guessed,
                           "Not a phone number: too many digits." if too_long else "Not a complete phone number.")
    national = str(number.national_number)
    where = f" in {region}" if guessed else ""
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        # e.g. 7 digits in the US: dialable locally, but no E.164 without the area code
        return ParsedPhone(raw, None, national, extension, guessed,
                           f"Not a complete phone number{where}: add the area code.")
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        reason = "too many digits" if too_long else "wrong number of digits"
        return ParsedPhone(raw, None, national, extension, guessed, f"Not a phone number{where}: {reason}.")
    warning = ""
    if not phonenumbers.is_valid_number(number):
        warning = f"No such number is in service{where}; check it."
    elif guessed and region != "US" and len(national) >= 10:
        warning = f"Read as a {region} number (no + given)."
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ParsedPhone(raw, e164, national, extension, guessed, warning=warning)


def display(e164: str | None, region: str = "US", extension: str = "") -> str:
    """National format for home-region numbers, international otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(number) == region
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    text = phonenumbers.format_number(number, fmt)
    return f"{text} x{extension}" if extension else text


def partial_key(raw: str) -> str | None:
    """Reversed digits for a suffix search ("last 4-7 digits"), or None."""
    digits = digits_of(_EXTENSION.sub("", raw))
    if len(digits) < MIN_PARTIAL_DIGITS:
        return None
    return digits[::-1]
