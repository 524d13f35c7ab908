"""How often we check in with a customer: none, daily, twice a week, weekly,
or every N days.  Opens on the customer's current cadence.

Dismisses with (cadence, every_days) — ("", None) for none — or None on escape.
"""

from __future__ import annotations


from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.domain import cadence, clock
from frontdesk.store.queue_reads import CadenceNow, customer_cadence
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.domain.textsafe import visible
from frontdesk.domain.validation import FieldError
from frontdesk.ui.widgets.choice_bar import ChoiceBar

NONE = "none"  # how cadence "" is shown
MAX_EVERY_DAYS = 60
EVERY_DAYS_MESSAGE = f"Every how many days? Enter a whole number from 1 to {MAX_EVERY_DAYS}."


def shown_name(name: str) -> str:
    return name or NONE


def stored_name(option: str) -> str:
    return "" if option == NONE else option


CHOICES = tuple(shown_name(name) for name in cadence.CADENCES)


def every_days(text: str) -> int:
    """The custom interval as typed: 1 to 60 whole days."""
    raw = text.strip()
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_EVERY_DAYS:
        raise FieldError("every_days", EVERY_DAYS_MESSAGE)
    return int(raw)


class CadenceForm(FormScreen[tuple[str, int | None] | None]):
    """Dismisses with (cadence, every_days) as saved, or None on escape."""

    AUTO_FOCUS = "#cadence"

    DEFAULT_CSS = """
    CadenceForm #cadence-form { max-width: 80; }
    CadenceForm #cadence-about { height: auto; margin-bottom: 1; }
    CadenceForm #every_days { width: 12; }
    """

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = customer_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id="cadence-form"):
            yield Static("Check-in cadence", classes="form-title")
            yield Static(Text("loading…", style="dim"), id="cadence-about")
            yield field("Check in (←/→ or first letter: n, d, t, w, c)", ChoiceBar(CHOICES, NONE, id="cadence"),
                        "cadence")
            yield field("Every how many days (custom only)", Input(id="every_days", placeholder="1–60"),
                        "every_days")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self._show_every_days(False)
        self._load()

    def _show_every_days(self, custom: bool) -> None:
        self.query_one("#field-every_days").display = custom

    @on(ChoiceBar.Changed, "#cadence")
    def _cadence_changed(self, event: ChoiceBar.Changed) -> None:
        self._show_every_days(event.value == "custom")

    @on(Input.Submitted, "#every_days")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    # ------------------------------------------------------------- about
    @work(thread=True, exclusive=True, group="db-cadence", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                current = customer_cadence(self.customer_id)
        except Exception as exc:
            app.call_from_thread(self.show_form_error, f"Could not read the database: {exc}")
            return
        app.call_from_thread(self._show_current, current, app.now())

    def _show_current(self, current: CadenceNow | None, now) -> None:
        about = self.query_one("#cadence-about", Static)
        if current is None:
            about.update(Text("That customer no longer exists (deleted at another desk?). Press esc.",
                              style="bold red"))
            return
        text = Text()
        text.append(visible(current.customer_name, limit=60), style="bold")
        described = cadence.describe(current.cadence, current.every_days)
        if described:
            text.append(f"\nNow: check-ins {described}")
            if current.since is not None:
                text.append(f" since {clock.short_when(current.since, now, self.app.settings.timezone)}", style="dim")
        else:
            text.append("\nNow: no regular check-ins", style="dim")
        about.update(text)
        if current.cadence in cadence.CADENCES:
            self.query_one("#cadence", ChoiceBar).value = shown_name(current.cadence)
        if current.cadence == "custom" and current.every_days is not None:
            self.query_one("#every_days", Input).value = str(current.every_days)
        self._show_every_days(current.cadence == "custom")
        self._initial = self._values()  # what was read is not "typing" to keep

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        chosen = self.query_one("#cadence", ChoiceBar).value
        if chosen not in CHOICES:
            raise FieldError("cadence", f"Choose one of: {', '.join(CHOICES)}.")
        name = stored_name(chosen)
        days = every_days(self.query_one("#every_days", Input).value) if name == "custom" else None
        try:
            cadence.validate_cadence(name, days)
        except ValueError as exc:
            raise FieldError("every_days" if name == "custom" else "cadence", str(exc)) from None
        return {"cadence": name, "every_days": days}

    def save(self, values: dict) -> tuple[str, int | None]:
        from frontdesk.store import follow_up_writes as followups

        try:
            followups.set_cadence(self.customer_id, values["cadence"], self.app.now(), values["every_days"])
        except ValueError as exc:  # the customer is gone
            raise FieldError("form", str(exc)) from None
        return values["cadence"], values["every_days"]
