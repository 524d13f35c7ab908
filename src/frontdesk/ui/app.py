"""The App: settings, the clock, the database, the command palette."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import arrow
from textual.app import App

from frontdesk.files.config import Settings
from frontdesk.store import models

STYLES = Path(__file__).parent / "styles"


def _desk_commands():
    from frontdesk.ui.palette import DeskCommands  # imported when the palette opens

    return DeskCommands


class FrontDeskApp(App):
    TITLE = "frontdesk"
    CSS_PATH = [STYLES / "dashboard.tcss", STYLES / "forms.tcss"]
    COMMANDS = App.COMMANDS | {_desk_commands}

    def __init__(self, settings: Settings, *, now: Callable[[], arrow.Arrow] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._now = now or arrow.utcnow

    def now(self) -> arrow.Arrow:
        """The current moment (tests pass a frozen clock)."""
        return arrow.get(self._now()).to("UTC")

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(dict(self.settings.keymap))
        self.call_after_refresh(self._offer_draft)

    def _offer_draft(self) -> None:
        """A call was being typed when the desk last closed: offer it back."""
        from frontdesk.files import drafts

        state = drafts.load(self.settings.db_path, "call")
        if state is None:
            return
        from frontdesk.ui.screens.call_form import CallForm
        from frontdesk.ui.screens.confirm import ConfirmScreen
        from frontdesk.domain.textsafe import visible

        inputs = state.get("inputs") or {}
        what = ", ".join(visible(str(v), limit=40) for k, v in inputs.items() if k in ("lookup", "new-name", "note") and v)

        def decided(open_it: bool | None) -> None:
            if not open_it:
                drafts.clear(self.settings.db_path, "call")
                return
            desk = self.screen_stack[0]
            after = desk.after_save("calls", "call-{}") if hasattr(desk, "after_save") else None
            self.push_screen(CallForm.from_draft(state), after)

        self.push_screen(ConfirmScreen(f"A call was being typed when the desk closed ({what or 'no number yet'}). "
                                       "Open it to finish and save it?", yes="Open it", no="Discard it"), decided)

    async def action_quit(self) -> None:
        """Quit — but never silently throw away a form with something typed in it."""
        from frontdesk.ui.screens.form_base import FormScreen

        typing = [screen for screen in self.screen_stack if isinstance(screen, FormScreen) and screen.is_dirty()]
        for screen in typing:
            screen.save_draft()  # a call being typed is kept and offered at the next start
        if not typing:
            self.exit()
            return
        if all(screen.DRAFT_KIND for screen in typing):
            question = "Quit? The call being typed is kept and offered when the desk starts again."
        else:
            question = "A form has unsaved typing. Quit and lose it?"
        from frontdesk.ui.screens.confirm import ConfirmScreen

        def decided(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmScreen(question, yes="Quit", no="Keep editing"), decided)

    def get_default_screen(self):
        from frontdesk.ui.screens.dashboard import DashboardScreen

        return DashboardScreen()

    def on_load(self) -> None:
        from frontdesk import store

        if models.db.obj is None or models.db.obj.database != str(Path(self.settings.db_path).expanduser()):
            store.open_database(self.settings.db_path)

