"""textsafe: user text shown literally, never as terminal control."""

from __future__ import annotations

import pytest

from frontdesk.domain.textsafe import visible


def test_plain_text_unchanged():
    for text in ["Dana Scully", "Zoë 😀👩‍🔧 🇺🇸", "שלום עולם", "e\u0301 \u0915\u094d\u0937", "café ☕", ""]:
        assert visible(text) == text


def test_markup_is_left_as_literal_text():
    assert visible("[bold]Bob[/bold]") == "[bold]Bob[/bold]"
    assert visible("[/") == "[/"
    assert visible("[link=https://x.test]y[/link]") == "[link=https://x.test]y[/link]"


def test_clear_screen_escape_becomes_visible():
    assert visible("\x1b[2J") == "\u241b[2J"  # ␛[2J


def test_osc52_clipboard_escape_becomes_visible():
    assert visible("\x1b]52;c;aGVsbG8=\x07") == "\u241b]52;c;aGVsbG8=\u2407"  # ␛ … ␇


def test_no_control_characters_survive():
    hostile = "".join(chr(i) for i in range(0x20)) + "\x7f" + "".join(chr(i) for i in range(0x80, 0xA0))
    shown = visible(hostile, one_line=False)
    assert all(ch.isprintable() or ch == "\n" for ch in shown)
    assert "\x1b" not in shown and "\x00" not in shown and "\x9b" not in shown  # 0x9b is the 8-bit CSI
    assert len(shown) == len(hostile)


def test_nul_and_delete():
    assert visible("a\x00b\x7f") == "a\u2400b\u2421"


def test_c1_and_private_use_replaced():
    assert visible("\x9b2J") == "\ufffd2J"
    assert visible("\ue000") == "\ufffd"


@pytest.mark.parametrize("override", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                      "\u2068", "\u2069"])
def test_bidi_overrides_become_visible(override):
    assert visible(f"invoice{override}fdp.exe") == "invoice\ufffdfdp.exe"


def test_newlines_and_tabs():
    assert visible("a\nb\tc") == "a b c"
    assert visible("a\nb\tc", one_line=False) == "a\nb\u2409c"
    assert visible("a\r\nb") == "a\u240d b"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Dana Scully", 20, "Dana Scully"),
        ("Dana Scully", 11, "Dana Scully"),
        ("Dana Scully", 10, "Dana Scul…"),
        ("Dana Scully", 1, "…"),
        ("\x1b[2J and more", 5, "\u241b[2J…"),
    ],
)
def test_limit_truncates_with_ellipsis(text, limit, expected):
    shown = visible(text, limit=limit)
    assert shown == expected
    assert len(shown) <= limit


def test_line_and_paragraph_separators_cannot_break_a_row():
    assert visible("a\u2028b\u2029c") == "a b c"
    assert visible("a\u2028b", one_line=False) == "a\nb"
