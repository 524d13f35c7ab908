"""`e` on a visit: the technician is on the way, with an ETA when they gave one.

An ETA after the window's end puts the customer in the call-now queue at once:
call, and offer wait / reschedule / another technician.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk import validation
from frontdesk.screens.form_base import FormScreen
from frontdesk.screens.ticket_form import when_field, when_preview


class EnRouteForm(FormScreen[bool | None]):
    AUTO_FOCUS = "#eta"

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="en-route-form"):
            yield Static("Technician en route", classes="form-title")
            yield when_field("ETA (optional: empty if they didn't say)",
                             Input(id="eta", placeholder="e.g. 11:40 or in 45m"), "eta")
            yield Static(Text("ctrl+s save · esc cancel", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    @on(Input.Changed, "#eta")
    def _when_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#err-eta", Static).update("")
        self.query_one("#preview-eta", Static).update(
            when_preview(event.value, self.app.now(), self.app.settings.timezone))

    def show_error(self, error) -> None:
        super().show_error(error)
        if error.field == "eta":
            self.query_one("#preview-eta", Static).update("")  # the error says it

    def collect(self) -> dict:
        eta = validation.optional_when(self.query_one("#eta", Input).value, self.app.now(),
                                       self.app.settings.timezone, "eta")
        return {"eta": eta}

    def save(self, values: dict) -> bool:
        from frontdesk import writes

        if not writes.mark_en_route(self.visit_id, self.app.now(), values["eta"]):
            raise validation.FieldError("eta", "That visit has arrived, finished or been cancelled meanwhile.")
        return True
