"""The satisfaction call after a ticket was closed: is the customer satisfied?

The top lines say whose ticket, when it was closed and when the follow-up
was due.  "Not satisfied" needs a note and opens a new ticket linked to
this one; "no answer" logs the attempt and leaves the follow-up due.
Dismisses with the id of the new call.
"""

from __future__ import annotations


from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, TextArea

from frontdesk import clock, validation
from frontdesk.queue_facts import FollowUpAbout, follow_up_about
from frontdesk.screens.form_base import FormScreen, field
from frontdesk.textsafe import visible
from frontdesk.validation import FieldError
from frontdesk.widgets.choice_bar import ChoiceBar

OUTCOMES = ("answered", "no answer")  # shown; stored as "answered" / "missed"
VERDICTS = ("satisfied", "not satisfied")


class FollowUpForm(FormScreen[int | None]):
    """Dismisses with the id of the new follow-up call (None on escape)."""

    AUTO_FOCUS = "#outcome"

    DEFAULT_CSS = """
    FollowUpForm #follow-up-about { height: auto; margin-bottom: 1; }
    FollowUpForm #note { height: 4; }
    """

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id="follow-up-form"):
            yield Static("Satisfaction follow-up", classes="form-title")
            yield Static(Text("loading…", style="dim"), id="follow-up-about")
            with Horizontal(classes="pair"):
                yield field("Outcome (a / n)", ChoiceBar(OUTCOMES, "answered", id="outcome"), "outcome")
                yield field("Verdict (s / n)", ChoiceBar(VERDICTS, "satisfied", id="verdict"), "verdict")
            yield field("Note (required when not satisfied)",
                        TextArea(id="note", soft_wrap=True, tab_behavior="focus"), "note")
            yield Static(Text("ctrl+s save · esc cancel · tab next · ←/→ or a letter: choose", style="dim"),
                         classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self._load()

    def on_choice_bar_changed(self, event: ChoiceBar.Changed) -> None:
        if event.bar.id == "outcome":
            # nobody answered: there is no verdict to record
            self.query_one("#field-verdict").display = event.value == "answered"

    # ------------------------------------------------------------- about
    @work(thread=True, exclusive=True, group="db-follow-up", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store import db

        app = self.app
        try:
            with db.connection_context():
                about = follow_up_about(self.ticket_id)
        except Exception as exc:
            app.call_from_thread(self.show_form_error, f"Could not read the database: {exc}")
            return
        app.call_from_thread(self._show_about, about, app.now())

    def _show_about(self, about: FollowUpAbout | None, now) -> None:
        top = self.query_one("#follow-up-about", Static)
        if about is None:
            top.update(Text("That ticket no longer exists (deleted at another desk?). Press esc.", style="bold red"))
            return
        tz = self.app.settings.timezone
        text = Text()
        text.append(visible(about.customer_name, limit=60), style="bold")
        text.append(f"\nTicket #{about.ticket_id} ")
        text.append(visible(about.title, limit=60))
        if about.status != "closed":
            text.append("\nStill open: the satisfaction call comes after it is closed.", style="bold red")
            top.update(text)
            return
        text.append(f"\nClosed {clock.short_when(about.closed_at, now, tz)} ({clock.ago(about.closed_at, now)})")
        if about.follow_up_due is not None:
            text.append(f"  ·  follow-up due {clock.short_when(about.follow_up_due, now, tz)}")
        if about.follow_up_done_at is not None:
            text.append(f"\nAlready followed up {clock.short_when(about.follow_up_done_at, now, tz)}: "
                        f"{about.satisfaction or 'answered'}", style="yellow")
        top.update(text)

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        answered = validation.choice(self.query_one("#outcome", ChoiceBar).value, OUTCOMES, "outcome") == "answered"
        satisfied = validation.choice(self.query_one("#verdict", ChoiceBar).value, VERDICTS, "verdict") == "satisfied"
        text = self.query_one("#note", TextArea).text
        if answered and not satisfied:
            note = validation.required_note(text, what="what they are not satisfied with")
        else:
            note = validation.note(text)
        return {"outcome": "answered" if answered else "missed", "satisfied": satisfied, "note": note}

    def save(self, values: dict) -> int:
        from frontdesk import followups
        from frontdesk.store import Ticket

        try:
            call_id, linked = followups.record_follow_up(
                self.ticket_id, values["satisfied"], values["note"], self.app.now(), outcome=values["outcome"])
        except Ticket.DoesNotExist:
            raise FieldError("form", f"Ticket #{self.ticket_id} no longer exists (deleted at another desk?).") from None
        except FieldError:
            raise
        except ValueError as exc:  # e.g. the ticket is still open: one sentence, shown at the form
            raise FieldError("form", str(exc)) from None
        if linked is not None:
            self.app.notify(f"Opened ticket #{linked} for the follow-up", markup=False)  # thread-safe
        return call_id
