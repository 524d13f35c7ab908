"""`?` on the desk: every key, rendered from the bundled help.md."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"


def help_text() -> str:
    try:
        return HELP_FILE.read_text(encoding="utf-8")
    except OSError:
        return "# Help\n\nThe help file is missing from this installation. Press `?` on the desk for keys."


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]
    AUTO_FOCUS = "#help-scroll"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-box"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(help_text(), id="help")
            yield Static("↑/↓ scroll · esc, q or ? close", classes="form-keys")

    def action_close(self) -> None:
        self.dismiss(None)
