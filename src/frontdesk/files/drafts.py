"""Drafts: what was typed into a form, kept in a private file until it is saved.

If the desk closes with a call half typed (`q`, the terminal window closed,
a crash), the next start offers it back.  One file per database and kind
of form, in the user data dir, mode 0600, replaced atomically.  No Textual.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from frontdesk.files import config

VERSION = 1


def draft_dir() -> Path:
    return config.data_dir() / "drafts"


def draft_path(db_path: Path | str, kind: str) -> Path:
    key = hashlib.sha256(str(Path(db_path).expanduser().resolve()).encode()).hexdigest()[:16]
    return draft_dir() / f"{kind}-{key}.json"


def save(db_path: Path | str, kind: str, state: dict) -> Path | None:
    """Write the draft (replacing the last one); None when it could not be written."""
    path = draft_path(db_path, kind)
    document = {"version": VERSION, "kind": kind, "db": str(db_path), "state": state}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".draft-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return None  # a draft is a safety net; never break typing over it
    return path


def load(db_path: Path | str, kind: str) -> dict | None:
    """The kept state, or None (no draft, or an unreadable one)."""
    path = draft_path(db_path, kind)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("version") != VERSION or document.get("kind") != kind:
        return None
    state = document.get("state")
    return state if isinstance(state, dict) else None


def clear(db_path: Path | str, kind: str) -> None:
    try:
        draft_path(db_path, kind).unlink()
    except OSError:
        pass
