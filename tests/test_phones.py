"""phones: one number, many spellings; clear refusals; suffix keys."""

from __future__ import annotations

import pytest

from frontdesk.domain import phones

E164 = "+16502530000"


@pytest.mark.parametrize(
    "raw",
    [
        "(650) 253-0000",
        "650.253.0000",
        "650-253-0000",
        "650/253/0000",
        "6502530000",
        "650 253 0000",
        "+1 650 253 0000",
        "+1 (650) 253-0000",
        "001 650 253 0000",
        "1-650-253-0000",
        "  650-253-0000  ",
        "[650] 253 0000",
    ],
)
def test_same_number_many_spellings(raw):
    parsed = phones.parse(raw, "US")
    assert parsed.valid
    assert parsed.e164 == E164
    assert parsed.national_digits == "6502530000"
    assert parsed.extension == ""
    assert parsed.error == ""
    assert parsed.warning == ""
    assert parsed.raw == raw


@pytest.mark.parametrize(
    "raw",
    ["(650) 253-0000 x204", "650-253-0000 ext. 204", "650-253-0000 ext 204", "650.253.0000 X204",
     "650-253-0000 extension 204", "650-253-0000 #204"],
)
def test_extension_captured(raw):
    parsed = phones.parse(raw, "US")
    assert parsed.e164 == E164
    assert parsed.extension == "204"


def test_region_guessed_flag():
    assert phones.parse("650-253-0000", "US").region_guessed is True
    assert phones.parse("+1 650 253 0000", "US").region_guessed is False
    assert phones.parse("001 650 253 0000", "US").region_guessed is False


def test_reversed_digits():
    assert phones.parse("650-253-0000").reversed_digits == "0000352056"


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        ("650-CALL-NOW", "only digits"),
        ("abc", "Type a phone number"),
        ("1" * 40, "too many digits"),
        ("1" * 16, "too many digits"),
        ("+", "Type a phone number"),
        ("650\x00253\x000000", "control characters"),
        ("", "Type a phone number"),
        ("   ", "Type a phone number"),
        ("650-253-000", "wrong number of digits"),
        ("253-0000", "add the area code"),  # dialable locally, but no E.164
        ("9" * 70, "too long"),
    ],
)
def test_invalid_inputs(raw, message_part):
    parsed = phones.parse(raw, "US")
    assert parsed.valid is False
    assert parsed.e164 is None
    assert message_part in parsed.error
    assert parsed.error.endswith(".")


def test_parse_never_raises_on_odd_text():
    for raw in ["+++", "()", "x204", "ext.", "+1", "00", "٦٥٠٢٥٣٠٠٠٠", "\u202e0000", "😀"]:
        parsed = phones.parse(raw, "US")
        assert isinstance(parsed, phones.ParsedPhone)


def test_possible_but_unassigned_number_is_usable_with_warning():
    parsed = phones.parse("555-555-5555", "US")
    assert parsed.valid
    assert parsed.e164 == "+15555555555"
    assert "check it" in parsed.warning


def test_other_region():
    parsed = phones.parse("020 7946 0958", "GB")
    assert parsed.e164 == "+442079460958"
    assert parsed.region_guessed
    assert "GB" in parsed.warning  # read in the configured region: say so
    explicit = phones.parse("+44 20 7946 0958", "US")
    assert explicit.e164 == "+442079460958"
    assert explicit.region_guessed is False
    assert explicit.warning == ""


def test_us_number_without_plus_in_another_region_is_read_there():
    # the documented trap: the same digits become a German number in DE
    parsed = phones.parse("650-253-0000", "DE")
    assert parsed.e164 is not None
    assert parsed.e164.startswith("+49")
    assert parsed.region_guessed


def test_national_format_with_trunk_zero_in_us_is_refused():
    parsed = phones.parse("020 7946 0958", "US")
    assert parsed.valid is False


@pytest.mark.parametrize(
    ("raw", "key"),
    [("0000", "0000"), ("253-0000", "0000352"), ("650-253-0000 x204", "0000352056"), ("(650) 253-0000", "0000352056")],
)
def test_partial_key(raw, key):
    assert phones.partial_key(raw) == key


@pytest.mark.parametrize("raw", ["", "123", "abc", "x1234", "1-2-3"])
def test_partial_key_too_short(raw):
    assert phones.partial_key(raw) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("650-253-0000", True),
        ("0000", True),
        ("253", True),
        ("+1 650 253 0000 x204", True),
        ("(650) 253-0000 ext. 12", True),
        ("12", False),
        ("Alice", False),
        ("Alice 2", False),
        ("Max", False),
        ("O'Brien", False),
        ("Unit 4B 1234", False),
        ("", False),
    ],
)
def test_looks_like_phone(text, expected):
    assert phones.looks_like_phone(text) is expected


def test_digits_of_ascii_only():
    assert phones.digits_of("a1b2 3٤") == "123"


def test_display():
    assert phones.display(E164, "US") == "(650) 253-0000"
    assert phones.display(E164, "US", extension="204") == "(650) 253-0000 x204"
    assert phones.display("+442079460958", "US") == "+44 20 7946 0958"
    assert phones.display(E164, "GB") == "+1 650-253-0000"
    assert phones.display(None) == ""
    assert phones.display("") == ""
    assert phones.display("not a number") == "not a number"
