"""`e` on a visit: the technician is on the way, with an ETA when they gave one.

An ETA after the window's end puts the customer in the call-now queue at once:
call, and offer wait / reschedule / another technician.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.domain import validation
from frontdesk.ui.screens.form_base import FormScreen
from frontdesk.ui.screens.ticket_form import WhenPreviews, when_field


class EnRouteForm(WhenPreviews, FormScreen[bool | None]):
    AUTO_FOCUS = "#eta"
    WHEN_FIELDS = ("eta",)

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

    def collect(self) -> dict:
        eta = validation.optional_when(self.query_one("#eta", Input).value, self.app.now(),
                                       self.app.settings.timezone, "eta")
        return {"eta": eta}

    def save(self, values: dict) -> bool:
        from frontdesk.store import writes

        if not writes.mark_en_route(self.visit_id, self.app.now(), values["eta"]):
            raise validation.FieldError("eta", "That visit has arrived, finished or been cancelled meanwhile.")
        return True
