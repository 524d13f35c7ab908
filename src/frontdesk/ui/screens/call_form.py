"""Logging a call — the heart of the desk.

The first field is the number: as it is typed the caller is recognised and
their card (open tickets, today's visits, last calls) appears at once.  For a
known caller: tab, a letter for the reason, tab, ↓ to link a ticket, tab,
the note, ctrl+s.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from frontdesk.domain import clock, rules, validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.domain.vocabulary import DIRECTIONS, OUTCOMES, REASONS
from frontdesk.domain.textsafe import visible
from frontdesk.domain.validation import FieldError
from frontdesk.ui.widgets.caller_card import CallerCardView
from frontdesk.ui.widgets.choice_bar import ChoiceBar
from frontdesk.ui.widgets.customer_picker import CHOOSE, INVALID, KNOWN, NONE_FOUND, UNKNOWN, CustomerPicker

NO_TICKET = "none"
NEW_TICKET = "new"


class CallForm(FormScreen[int | None]):
    """`c` on the desk.  Dismisses with the new call's id."""

    AUTO_FOCUS = "#lookup"
    DRAFT_KIND = "call"  # a half-typed call survives the desk closing (see drafts.py)

    def __init__(self, phone: str = "", *, customer_id: int | None = None, direction: str = "in",
                 ticket_id: int | None = None, title: str = "Log a call") -> None:
        """Empty for a ringing phone; pre-filled when calling someone back."""
        super().__init__()
        self.phone = "" if customer_id is not None else phone
        self.customer_id = customer_id
        self.direction = direction
        self.ticket_id = ticket_id
        self.title = title
        self.opened_at = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="call-form"):
            yield Static(self.title, classes="form-title")
            with Horizontal(id="call-columns"):
                with VerticalScroll(id="call-fields"):
                    yield Static("Number or name", classes="field-label")
                    yield CustomerPicker(id="picker", show_card=False, value=self.phone)
                    yield field("Reason (←/→ or first letter)", ChoiceBar(REASONS, id="reason"), "reason")
                    yield field("Ticket (↑/↓)", OptionList(Option("(no ticket)", id=NO_TICKET),
                                                           Option("+ new ticket", id=NEW_TICKET),
                                                           id="ticket", markup=False), "ticket")
                    yield field("New ticket title", Input(id="new-ticket", placeholder="What is the problem?"),
                                "new-ticket")
                    yield field("Note", TextArea(id="note", soft_wrap=True, tab_behavior="focus"), "note")
                    with Horizontal(classes="pair"):
                        yield field("Direction", ChoiceBar(DIRECTIONS, self.direction, id="direction"), "direction")
                        yield field("Outcome", ChoiceBar(OUTCOMES, id="outcome"), "outcome")
                    yield field("Call back by (optional)",
                                Input(id="callback", placeholder="e.g. 15:00, tomorrow 9, in 2h"), "callback")
                    yield field("Talk time", Input(id="talk", placeholder="measured"), "talk")
                yield CallerCardView("", id="call-card")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self.opened_at = self.app.now()
        self.query_one("#field-new-ticket").display = False
        self.query_one("#ticket", OptionList).highlighted = 0
        if self.customer_id is not None:
            self.query_one(CustomerPicker).choose(self.customer_id)
        self._show_card()
        self.set_interval(1, self._tick)

    # ------------------------------------------------------------- drafts
    @classmethod
    def from_draft(cls, state: dict) -> "CallForm":
        """The form as it was when the desk closed (kept by FormScreen.save_draft)."""
        inputs, choices = state.get("inputs") or {}, state.get("choices") or {}
        ticket = state.get("ticket_id")
        form = cls(str(inputs.get("lookup", "")), direction=choices.get("direction", "in"),
                   ticket_id=ticket if isinstance(ticket, int) else None, title=str(state.get("title") or "Log a call"))
        form.restore_from = state
        return form

    def draft_state(self) -> dict:
        state = super().draft_state()
        ticket = self.query_one("#ticket", OptionList).highlighted_option
        now = self.app.now()
        state.update(title=self.title, opened_at=self.opened_at.isoformat() if self.opened_at else None,
                     measured_s=rules.talk_seconds(self.opened_at or now, now),
                     ticket_id=int(ticket.id) if ticket is not None and ticket.id.isdigit() else None)
        return state

    def apply_draft(self, state: dict) -> None:
        import arrow

        super().apply_draft(state)
        if state.get("opened_at"):
            self.opened_at = arrow.get(state["opened_at"])  # the call happened then, not now
        talk = self.query_one("#talk", Input)
        if not talk.value and isinstance(state.get("measured_s"), int):
            talk.value = f"{state['measured_s'] // 60}:{state['measured_s'] % 60:02d}"

    # ----------------------------------------------------------- reacting
    def _tick(self) -> None:
        talk = self.query_one("#talk", Input)
        if not talk.value:
            seconds = rules.talk_seconds(self.opened_at, self.app.now())
            talk.placeholder = f"measured {seconds // 60}:{seconds % 60:02d} (type to override)"

    @on(CustomerPicker.Resolved)
    def _resolved(self, event: CustomerPicker.Resolved) -> None:
        event.stop()
        picker = self.query_one(CustomerPicker)
        tickets = picker.card.open_tickets if (picker.card and event.customer_id) else []
        options = self.query_one("#ticket", OptionList)
        options.clear_options()
        options.add_option(Option("(no ticket)", id=NO_TICKET))
        for ticket in tickets:
            label = f"#{ticket.id} {visible(ticket.title, limit=50)}"
            if ticket.promised_by is not None:
                label += f" · promised {rules.promise_text(ticket, self.app.now())}"
            options.add_option(Option(Text(label), id=str(ticket.id)))
        options.add_option(Option("+ new ticket", id=NEW_TICKET))
        linked = [index for index, t in enumerate(tickets, start=1) if t.id == self.ticket_id]
        options.highlighted = linked[0] if linked else 0
        self._show_card()

    def _show_card(self) -> None:
        picker = self.query_one(CustomerPicker)
        hint = "Type the caller's number (any format) or a name: their tickets, visits and last calls appear here."
        if picker.mode == CHOOSE:
            hint = "Part of a number or a name matched: confirm who is calling (↓ then enter)."
        elif picker.mode == UNKNOWN:
            hint = "A new caller: type their name under the number."
        self.query_one("#call-card", CallerCardView).show(picker.card, self.app.now(), self.app.settings.timezone, hint)

    @on(OptionList.OptionHighlighted, "#ticket")
    def _ticket_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.query_one("#field-new-ticket").display = event.option.id == NEW_TICKET

    @on(OptionList.OptionSelected, "#ticket")
    def _ticket_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_next()

    @on(ChoiceBar.Changed, "#outcome")
    def _outcome(self, event: ChoiceBar.Changed) -> None:
        hint = self.query_one("#err-callback", Static)
        if event.value == "missed" and not self.query_one("#callback", Input).value:
            hint.update(Text("A missed call owes a callback: it goes on today's list now.", style="yellow"))
        else:
            hint.update("")

    # -------------------------------------------------------------- save
    def collect(self):
        from frontdesk.store.writes import CallDraft

        app = self.app
        now = app.now()
        tz = app.settings.timezone
        picker = self.query_one(CustomerPicker)
        typed = picker.typed
        if "\x00" in typed:
            raise FieldError("lookup", "Contains a NUL character; remove it.")
        draft = CallDraft(started_at=clock.utc_naive(self.opened_at), phone_raw=typed)
        if picker.mode == KNOWN:
            draft.customer_id = picker.customer_id
            if picker.parsed is not None and picker.parsed.valid:
                draft.phone = picker.parsed
        elif picker.mode == CHOOSE:
            raise FieldError("lookup", "Several customers match: pick one (↓ then enter).")
        elif picker.mode == UNKNOWN:
            draft.phone = picker.parsed
            direction = self.query_one("#direction", ChoiceBar).value
            outcome = self.query_one("#outcome", ChoiceBar).value
            if rules.new_caller_needs_name(direction, outcome) or picker.new_name.strip():
                draft.new_customer_name = validation.name(picker.new_name, field="new-name")
        elif picker.mode == INVALID:
            raise FieldError("lookup", picker.parsed.error if picker.parsed else "Not a phone number.")
        elif picker.mode == NONE_FOUND:
            raise FieldError("lookup", "No customer by that name: type their number to add them.")
        else:
            raise FieldError("lookup", "Type the caller's number or name.")
        draft.reason = self.query_one("#reason", ChoiceBar).value
        draft.direction = self.query_one("#direction", ChoiceBar).value
        draft.outcome = self.query_one("#outcome", ChoiceBar).value
        ticket = self.query_one("#ticket", OptionList).highlighted_option
        if ticket is not None and ticket.id == NEW_TICKET:
            draft.new_ticket_title = validation.title(self.query_one("#new-ticket", Input).value, field="new-ticket")
        elif ticket is not None and ticket.id != NO_TICKET:
            draft.ticket_id = int(ticket.id)
        draft.note = validation.note(self.query_one("#note", TextArea).text)
        draft.callback_by = validation.optional_when(self.query_one("#callback", Input).value, now, tz, "callback")
        if draft.callback_by is not None and draft.callback_by < clock.utc_naive(now).replace(second=0, microsecond=0):
            raise FieldError("callback", "That time has passed; a callback is promised for later.")
        talk = self.query_one("#talk", Input).value
        draft.duration_s = validation.duration(talk, "talk") if talk.strip() else rules.talk_seconds(self.opened_at, now)
        return draft

    def save(self, draft) -> int:
        from frontdesk.store import writes

        return writes.log_call(draft, self.app.now())
