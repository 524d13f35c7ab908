"""`h` on a ticket: put it on hold — waiting on the customer or on parts — or
resume it.  While a ticket waits, our promise and quiet-ticket clocks pause."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from frontdesk.domain import validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.domain.vocabulary import WAITING_ON
from frontdesk.ui.widgets.choice_bar import ChoiceBar

NOT_WAITING = "not waiting"
OPTIONS = (NOT_WAITING, *WAITING_ON)


class WaitingForm(FormScreen[str | None]):
    """Dismisses with what the ticket now waits on ("" = not waiting)."""

    AUTO_FOCUS = "#waiting"

    def __init__(self, ticket_id: int, waiting_on: str = "") -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.current = waiting_on if waiting_on in WAITING_ON else NOT_WAITING

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="waiting-form"):
            yield Static(f"Ticket #{self.ticket_id}: waiting on…", classes="form-title")
            yield field("Waiting on (←/→ or first letter)",
                        ChoiceBar(OPTIONS, self._suggested(), id="waiting"), "waiting",
                        hint="While waiting, the promise and quiet-ticket clocks pause.")
            yield Static(Text("ctrl+s save · esc cancel", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def _suggested(self) -> str:
        # the usual reason to open this on a waiting ticket is to resume it
        return NOT_WAITING if self.current != NOT_WAITING else "customer"

    def is_dirty(self) -> bool:
        return False  # one choice: nothing typed to lose

    def collect(self) -> dict:
        value = validation.choice(self.query_one("#waiting", ChoiceBar).value, OPTIONS, "waiting")
        return {"on": "" if value == NOT_WAITING else value}

    def save(self, values: dict) -> str:
        from frontdesk.store import writes

        writes.set_waiting(self.ticket_id, values["on"], self.app.now())
        return values["on"]
