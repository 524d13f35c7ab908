"""Regenerate the SVG screenshots in screenshots/ from the demo data at a
frozen time.  The snapshot tests use the same scenes.

    python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import arrow

from frontdesk.ui.app import FrontDeskApp
from frontdesk.files.config import Settings
from frontdesk.demo.day import write_demo

TZ = "America/New_York"
FROZEN = arrow.get("2026-11-25T14:20:00", tzinfo=TZ).to("UTC")  # a Wednesday afternoon
SIZE = (120, 40)
OUT = Path(__file__).resolve().parent.parent / "screenshots"


def demo_app(db_path: Path) -> FrontDeskApp:
    """The app on a fresh demo database, its clock frozen at FROZEN."""
    write_demo(db_path, FROZEN, TZ, overwrite=True)
    return FrontDeskApp(Settings(db_path=db_path, timezone=TZ, region="US"), now=lambda: FROZEN)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def _press(app, pilot, *keys: str) -> None:
    await settle(app, pilot)
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


async def call_form_known_caller(app, pilot) -> None:
    from frontdesk.store.models import Phone, db

    with db.connection_context():
        number = Phone.select().order_by(Phone.id).first().e164
    await _press(app, pilot, "c", *number[2:], "tab", "s")


async def late_visit_informed(app, pilot) -> None:
    from frontdesk.domain import rules

    await _press(app, pilot, "3")
    pane = app.screen.query_one("#visits")
    late = [key for key, visit in pane.row_refs.items() if rules.visit_state(visit, app.now()).is_late]
    pane.select_key(late[0])
    await _press(app, pilot, "i")
    await pilot.press(*"Tech stuck in traffic, there by 3:15; they will wait")
    await _press(app, pilot, "tab", "tab", "w")


async def select_in(app, pilot, pane_key: str, row_key_prefix: str, pick=None) -> None:
    await _press(app, pilot, pane_key)
    pane = app.screen.focused
    keys = [key for key, record in pane.row_refs.items() if key.startswith(row_key_prefix) and (pick is None or pick(record))]
    pane.select_key(keys[0])


async def promise_form(app, pilot) -> None:
    """p on the ticket promised three times: the four times and every promise."""
    await select_in(app, pilot, "2", "ticket-", lambda t: t.promise_count == 3)
    await _press(app, pilot, "p")
    await pilot.press(*"fri 12")


async def check_in(app, pilot) -> None:
    """enter on the check-in due: the agenda to walk through."""
    await select_in(app, pilot, "4", "checkin-")
    await _press(app, pilot, "enter")
    for _ in range(50):  # the agenda arrives from a worker; its height moves the form
        if "loading" not in str(app.screen.query_one("#check-in-about").render()):
            break
        await settle(app, pilot)


# name -> keys pressed (or a coroutine) before the picture is taken
SCENES = {
    "dashboard": (),
    "call_form": call_form_known_caller,
    "help": ("question_mark",),
    "late_visit_informed": late_visit_informed,
    "find": ("slash", "l", "e", "e"),
    "promise_form": promise_form,
    "check_in": check_in,
    "chasers": ("S",),
}


async def settle_until_still(app, pilot, rounds: int = 60) -> None:
    """Settle until two pictures in a row are the same: some widgets (the help's
    Markdown, a form's worker-loaded lines, a pane's scrollbar) keep changing
    after the workers finish."""
    last = None
    for _ in range(rounds):
        await settle(app, pilot)
        picture = app.export_screenshot()
        if picture == last:
            return
        last = picture


async def run_scene(app, pilot, scene) -> None:
    if callable(scene):
        await scene(app, pilot)
    else:
        await _press(app, pilot, *scene)
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # a blinking cursor would make every picture a coin toss
    await settle_until_still(app, pilot)


async def capture(name: str, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        app = demo_app(Path(tmp) / "demo.db")
        async with app.run_test(size=SIZE) as pilot:
            await run_scene(app, pilot, SCENES[name])
            app.save_screenshot(f"{name}.svg", str(out))
    return out / f"{name}.svg"


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name in SCENES:
        print(asyncio.run(capture(name, OUT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
