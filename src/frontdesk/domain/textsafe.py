"""User text is data: make it safe to show, literally, in one cell or line.

Control characters (escape sequences, NUL, bells, C1 codes) are replaced by
visible symbols so they can never move the cursor or restyle the terminal;
markup is never interpreted because the UI wraps results in `Text`.
"""

from __future__ import annotations

import unicodedata

_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)}  # ␀ … ␟
_PICTURES[0x7F] = "\u2421"  # ␡


def visible(value: str, *, one_line: bool = True, limit: int | None = None) -> str:
    out = []
    for ch in value:
        code = ord(ch)
        if ch == "\n" and not one_line:
            out.append(ch)
        elif ch in "\n\t\u2028\u2029" and one_line:
            out.append(" ")
        elif ch in "\u2028\u2029":
            out.append("\n")
        elif code in _PICTURES:
            out.append(_PICTURES[code])
        elif 0x80 <= code <= 0x9F or unicodedata.category(ch) in ("Cs", "Co"):
            out.append("\ufffd")
        elif ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            out.append("\ufffd")  # bidi overrides could reorder the rest of the row
        else:
            out.append(ch)
    text = "".join(out)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return text
