"""A check-in call with a key client: walk through everything open, ask how things are.

The top lines say who and how often ("daily check-in", the last one), then
the agenda: every open ticket and every visit from today on, one line each.
Saving logs the call.  After the configured number of all-well check-ins
in a row, it offers to call less often (daily -> twice a week -> weekly):
`y` or enter accepts.  Dismisses with the id of the new call.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from frontdesk.domain import cadence, clock, rules
from frontdesk.store.queue_reads import AgendaVisit, CheckInAbout, check_in_about
from frontdesk.ui.screens.confirm import ConfirmScreen
from frontdesk.ui.screens.outcome_call_form import OutcomeCallForm
from frontdesk.domain.textsafe import visible



@dataclass(frozen=True)
class CheckInSaved:
    call_id: int
    cadence: str = ""
    every_days: int | None = None
    step_down: str | None = None  # the less frequent cadence to offer, if any
    streak: int = 0


def cadence_words(cadence_name: str, every_days: int | None) -> str:
    """'daily check-in', 'check-in every 10 days', or 'no check-in cadence'."""
    described = cadence.describe(cadence_name, every_days)
    if not described:
        return "no check-in cadence"
    return f"check-in {described}" if described.startswith("every") else f"{described} check-in"


def ticket_line(ticket, now, tz: str) -> Text:
    line = Text(f"#{ticket.id} ", no_wrap=True, overflow="ellipsis")
    line.append(visible(ticket.title, limit=50), style="bold")
    if ticket.promised_by is None:
        line.append("  · nothing promised", style="dim")
    else:
        broken = rules.promise_broken(ticket, now)
        line.append(f"  · promised {clock.short_when(ticket.promised_by, now, tz)} ({rules.promise_text(ticket, now)})",
                    style="bold red" if broken else "")
    if ticket.waiting_on:
        line.append(f"  · waiting on {visible(ticket.waiting_on, limit=20)}", style="yellow")
    return line


def visit_line(visit: AgendaVisit, now, tz: str) -> Text:
    day = clock.local(visit.window_start, tz).format("ddd D MMM")
    line = Text(f"Visit {day} {rules.window_text(visit, tz)}  · ", no_wrap=True, overflow="ellipsis")
    line.append(visible(visit.technician_name or "no technician yet", limit=40))
    if visit.status != "scheduled":
        line.append(f"  · {visit.status}", style="dim")
    if visit.ticket_id:
        line.append(f"  · ticket #{visit.ticket_id}", style="dim")
    return line


class StepDownConfirm(ConfirmScreen):
    """The confirm dialog with "yes" focused, so enter (like `y`) accepts."""

    def on_screen_resume(self) -> None:
        # after the base's on_mount has asked for "no"; focus requests are served in order
        self.query_one("#yes", Button).focus()


class CheckInForm(OutcomeCallForm):
    """Dismisses with the id of the new check-in call (None on escape)."""

    FORM_ID, HEADING, ABOUT_ID = "check-in-form", "Check-in call", "check-in-about"
    VERDICT_ID, VERDICT_LABEL, VERDICTS = "all_well", "All well? (y / n)", ("yes", "no")
    NOTE_LABEL = "Note (required when not all well)"

    DEFAULT_CSS = """
    CheckInForm #check-in-about { height: auto; }
    CheckInForm #agenda { height: auto; max-height: 7; margin-bottom: 1; padding: 0 1; }
    CheckInForm #agenda-body { height: auto; }
    CheckInForm #note { height: 3; }
    """

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.about: CheckInAbout | None = None

    def compose_about(self) -> ComposeResult:
        with VerticalScroll(id="agenda"):
            yield Static("", id="agenda-body")

    # ------------------------------------------------------------- about
    @work(thread=True, exclusive=True, group="db-check-in", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store.models import db

        app = self.app
        now = app.now()
        try:
            with db.connection_context():
                about = check_in_about(self.customer_id, now, app.settings.timezone)
        except Exception as exc:
            app.call_from_thread(self.show_form_error, f"Could not read the database: {exc}")
            return
        app.call_from_thread(self._show_about, about, now)

    def _show_about(self, about: CheckInAbout | None, now) -> None:
        self.about = about
        top = self.query_one("#check-in-about", Static)
        body = self.query_one("#agenda-body", Static)
        if about is None:
            top.update(Text("That customer no longer exists (deleted at another desk?). Press esc.", style="bold red"))
            return
        tz = self.app.settings.timezone
        text = Text()
        text.append(visible(about.customer_name, limit=60), style="bold")
        text.append(f"  ·  {cadence_words(about.cadence, about.every_days)}")
        if about.last_check_in is None:
            text.append("\nNever checked in yet", style="yellow")
        else:
            text.append(f"\nLast check-in {clock.short_when(about.last_check_in, now, tz)} "
                        f"({clock.ago(about.last_check_in, now)})", style="dim")
        top.update(text)
        agenda = Text()
        agenda.append(f"Agenda: {len(about.tickets)} open ticket{'s' if len(about.tickets) != 1 else ''}, "
                      f"{len(about.visits)} upcoming visit{'s' if len(about.visits) != 1 else ''}", style="underline")
        for ticket in about.tickets:
            agenda.append("\n")
            agenda.append_text(ticket_line(ticket, now, tz))
        for visit in about.visits:
            agenda.append("\n")
            agenda.append_text(visit_line(visit, now, tz))
        if not about.tickets and not about.visits:
            agenda.append("\nNothing open: just ask how things are.", style="dim")
        body.update(agenda)

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        answered, all_well, note = self.collect_outcome("what is not well")
        return {"outcome": "answered" if answered else "missed", "all_well": answered and all_well, "note": note}

    def save(self, values: dict) -> CheckInSaved:
        from frontdesk.store import follow_up_writes as followups, queue_reads as queue_facts
        from frontdesk.store.models import Customer

        now = self.app.now()
        call_id = followups.log_check_in(self.customer_id, values["all_well"], values["note"], now,
                                         outcome=values["outcome"])
        if not values["all_well"]:
            return CheckInSaved(call_id)
        customer = Customer.get_or_none(Customer.id == self.customer_id)
        if customer is None:
            return CheckInSaved(call_id)
        needed = self.app.settings.thresholds.all_well_to_step_down
        step_down = cadence.suggest_step_down(customer.cadence, queue_facts.recent_check_ins(self.customer_id), needed)
        return CheckInSaved(call_id, customer.cadence, customer.cadence_days, step_down, needed)

    def dismiss(self, result=None) -> AwaitComplete:
        """The saved check-in comes here from the save worker: offer the step
        down first when it is due, then close with the call id."""
        if not isinstance(result, CheckInSaved):
            return super().dismiss(result)
        if result.step_down is None:
            return super().dismiss(result.call_id)
        self.query_one("#form-error", Static).update("")
        now_words = cadence.describe(result.cadence, result.every_days)
        question = (f"{result.streak} check-in{'s' if result.streak != 1 else ''} in a row all well: "
                    f"check in {cadence.describe(result.step_down, None)} instead of {now_words}?")

        def decided(accept: bool | None) -> None:
            if accept:
                self._step_down(result.call_id, result.step_down)
            else:
                super(CheckInForm, self).dismiss(result.call_id)

        self.app.push_screen(StepDownConfirm(question, yes="Step down", no=f"Keep {now_words}"), decided)
        return AwaitComplete.nothing()

    @work(thread=True, exclusive=True, group="db-save", exit_on_error=False)
    def _step_down(self, call_id: int, new_cadence: str) -> None:
        from frontdesk.store import follow_up_writes as followups
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                followups.set_cadence(self.customer_id, new_cadence, app.now())
        except Exception as exc:  # the check-in itself is saved; only the cadence change failed
            app.call_from_thread(app.notify, f"Check-in saved, but the cadence was not changed: {exc}",
                                 severity="error", markup=False)
        else:
            app.call_from_thread(app.notify, f"Check-ins are now {cadence.describe(new_cadence, None)}.",
                                 markup=False)
        app.call_from_thread(super(CheckInForm, self).dismiss, call_id)
