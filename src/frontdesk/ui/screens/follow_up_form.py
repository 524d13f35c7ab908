"""The satisfaction call after a ticket was closed: is the customer satisfied?

The top lines say whose ticket, when it was closed and when the follow-up
was due.  "Not satisfied" needs a note and opens a new ticket linked to
this one; "no answer" logs the attempt and leaves the follow-up due.
Dismisses with the id of the new call.
"""

from __future__ import annotations


from rich.text import Text
from textual import work
from textual.widgets import Static

from frontdesk.domain import clock
from frontdesk.store.queue_reads import FollowUpAbout, follow_up_about
from frontdesk.ui.screens.outcome_call_form import OutcomeCallForm
from frontdesk.domain.textsafe import visible
from frontdesk.domain.validation import FieldError



class FollowUpForm(OutcomeCallForm):
    """Dismisses with the id of the new follow-up call (None on escape)."""

    FORM_ID, HEADING, ABOUT_ID = "follow-up-form", "Satisfaction follow-up", "follow-up-about"
    VERDICT_ID, VERDICT_LABEL, VERDICTS = "verdict", "Verdict (s / n)", ("satisfied", "not satisfied")
    NOTE_LABEL = "Note (required when not satisfied)"

    DEFAULT_CSS = """
    FollowUpForm #follow-up-about { height: auto; margin-bottom: 1; }
    FollowUpForm #note { height: 4; }
    """

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id

    # ------------------------------------------------------------- about
    @work(thread=True, exclusive=True, group="db-follow-up", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store.models import db

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
        answered, satisfied, note = self.collect_outcome("what they are not satisfied with")
        return {"outcome": "answered" if answered else "missed", "satisfied": satisfied, "note": note}

    def save(self, values: dict) -> int:
        from frontdesk.store import follow_up_writes as followups
        from frontdesk.store.models import Ticket

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
