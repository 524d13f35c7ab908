"""A desk stays open all day: closed forms must not stay in memory."""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.widget import Widget
from textual.widgets import TextArea

from frontdesk.ui.screens.call_form import CallForm
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.textual_fixes import release_detached_watchers
from ui_helpers import desk, settle  # noqa: F401  (desk is a fixture)


def live(kind) -> list:
    gc.collect()
    return [obj for obj in gc.get_objects() if isinstance(obj, kind)]


async def test_closed_call_forms_are_released(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for _ in range(6):
            await pilot.press("c")
            await settle(app, pilot)
            assert isinstance(app.screen, CallForm)
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, DashboardScreen)
        # every TextArea watches app.theme; the closed forms' ones must be gone
        watchers = getattr(app, "__watchers", {}).get("theme", [])
        assert [owner for owner, _ in watchers if isinstance(owner, TextArea)] == []
        assert [form for form in live(CallForm)] == []
        assert live(TextArea) == []
        # each widget has one render cache; closed widgets' caches must not be pinned (by
        # StylesCache.get_inner_outer's lru_cache, which keys on the instance)
        assert len(live(StylesCache)) <= len(live(Widget))


async def test_release_keeps_live_watchers(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        note = app.screen.query_one("#note", TextArea)
        release_detached_watchers(app)
        owners = [owner for owner, _ in getattr(app, "__watchers", {}).get("theme", [])]
        assert note in owners  # the open form still follows theme changes
