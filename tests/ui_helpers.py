"""Helpers for Pilot tests of the real app: a frozen clock, a seeded database,
and small ways to read what a screen shows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import arrow
import pytest

from frontdesk.domain import phones
from frontdesk.store import writes
from frontdesk.files.config import Settings

TZ = "America/New_York"
# Wednesday 25 November 2026, 15:00 in New York (20:00 UTC)
FROZEN = arrow.get("2026-11-25T15:00:00", tzinfo=TZ)

ALICE_PHONE = "(212) 736-5000"
BOB_PHONE = "+1 415 555 2671"

HOSTILE = ["[bold]Bob[/bold]", "[/", "Zoë 🔧🚀", "שלום עולם", "a\x1b[2Jb", "[red]x[/red] $var"]


def make_app(db_path: Path, now: arrow.Arrow = FROZEN):
    from frontdesk.ui.app import FrontDeskApp

    return FrontDeskApp(Settings(db_path=db_path, timezone=TZ, region="US"), now=lambda: now)


def utc(local_text: str) -> datetime:
    """'2026-11-25 10:00' in New York -> naive UTC."""
    return arrow.get(local_text, tzinfo=TZ).to("UTC").naive


def seed(now: arrow.Arrow = FROZEN) -> dict[str, int]:
    """Two technicians, two customers, two open tickets, two visits today, a call."""
    ids: dict[str, int] = {}
    ids["bob_tech"] = writes.save_technician("Bob Tech", "555-0101")
    ids["ana_tech"] = writes.save_technician("Ana Tech", "")
    ids["alice"] = writes.create_customer("Alice Jones", phones.parse(ALICE_PHONE, "US"), now.shift(days=-30))
    ids["bob"] = writes.create_customer("Bob Brown", phones.parse(BOB_PHONE, "US"), now.shift(days=-30))
    ids["printer"] = writes.create_ticket(ids["alice"], "Printer jams on every page", now.shift(days=-2),
                                          priority="high", promised_by=utc("2026-11-24 17:00"),
                                          technician_id=ids["bob_tech"])
    ids["laptop"] = writes.create_ticket(ids["bob"], "Laptop slow", now.shift(hours=-3))
    ids["late_visit"] = writes.create_visit(ids["alice"], utc("2026-11-25 10:00"), utc("2026-11-25 12:00"),
                                            now.shift(days=-1), ticket_id=ids["printer"],
                                            technician_id=ids["bob_tech"])
    ids["later_visit"] = writes.create_visit(ids["bob"], utc("2026-11-25 16:00"), utc("2026-11-25 17:00"),
                                             now.shift(days=-1), technician_id=ids["ana_tech"])
    ids["call"] = writes.log_call(
        writes.CallDraft(started_at=utc("2026-11-25 14:10"), phone_raw=ALICE_PHONE,
                         phone=phones.parse(ALICE_PHONE, "US"), customer_id=ids["alice"],
                         reason="status inquiry", ticket_id=ids["printer"], duration_s=200,
                         note="Asked when the printer is fixed.\nSecond line of the note."),
        now,
    )
    return ids


async def settle(app, pilot, rounds: int = 3) -> None:
    """Let workers (and the workers they start) finish and their results land."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


def text_of(widget) -> str:
    """What a Static shows, as plain text (markup never interpreted)."""
    rendered = widget.render()
    plain = getattr(rendered, "plain", None)
    return plain if plain is not None else str(rendered)


def static_text(screen, selector: str) -> str:
    return text_of(screen.query_one(selector))


def error_at(screen, field: str) -> str:
    """The message shown at a form field — asserting it is really on screen."""
    widget = screen.query_one(f"#err-{field}")
    assert widget.display and widget.region.height > 0, f"no error visible at {field!r}"
    return text_of(widget)


def shown(widget) -> str:
    """The lines a widget actually paints, as text (what the receptionist sees)."""
    from textual.geometry import Region

    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def row_texts(pane, key: str) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in pane.get_row(key)]


@pytest.fixture
def desk(db, tmp_path):
    """(app, ids): the real app on a seeded database file, at the frozen time."""
    ids = seed()
    return make_app(tmp_path / "fd.db"), ids
