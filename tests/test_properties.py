"""Property tests: whatever is typed, the pure layers answer calmly."""

from __future__ import annotations

import unicodedata

import arrow
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.domain import clock, phones, validation
from frontdesk.domain.textsafe import visible

TZ = "America/New_York"
NOW = arrow.get("2026-11-25T15:00:00", tzinfo=TZ)

any_text = st.text(max_size=80)
phoneish = st.text(alphabet="0123456789 +-().x/[]#extEXT", max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, phoneish))
def test_phone_parse_never_raises_and_valid_means_e164(raw):
    parsed = phones.parse(raw, "US")
    if parsed.valid:
        assert parsed.e164.startswith("+") and parsed.e164[1:].isdigit()
        assert not parsed.error
        # the same number written as E.164 is the same number
        assert phones.parse(parsed.e164, "US").e164 == parsed.e164
    else:
        assert parsed.error


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_visible_text_has_no_control_characters(raw):
    shown = visible(raw)
    assert not any(unicodedata.category(ch) == "Cc" for ch in shown)
    assert "\u202e" not in shown and "\u2066" not in shown


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, st.from_regex(r"(today|tomorrow|fri|mon)? ?\d{1,2}(:\d{2})? ?(am|pm)?", fullmatch=True)))
def test_parse_when_returns_a_time_or_a_clear_message(raw):
    try:
        value = clock.parse_when(raw, NOW, TZ)
    except clock.WhenError as error:
        assert str(error)
    else:
        assert value.tzinfo is None  # stored form: naive UTC


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_notes_are_kept_exactly_or_refused_with_a_message(raw):
    try:
        assert validation.note(raw) == raw
    except validation.FieldError as error:
        assert error.field == "note" and error.message
