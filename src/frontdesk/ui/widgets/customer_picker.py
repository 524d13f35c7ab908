"""Recognise a customer from what is typed: a number in any format, part of
a number, or part of a name.  Several matches are listed and never silently
chosen; an unknown number offers to create the customer inline."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from frontdesk.domain import phones
from frontdesk.store import queries
from frontdesk.domain.textsafe import visible
from frontdesk.ui.widgets.caller_card import CallerCardView
from frontdesk.ui.widgets.error_line import ErrorLine

EMPTY, KNOWN, CHOOSE, UNKNOWN, INVALID, NONE_FOUND = "empty", "known", "choose", "unknown", "invalid", "none"


@dataclass
class Lookup:
    text: str
    parsed: phones.ParsedPhone | None
    candidates: list[queries.CustomerRow]
    exact: bool  # the full number (or a unique match) identified the customers


class CustomerPicker(Vertical):
    """Input + candidate list + new-customer name + caller card."""

    class Resolved(Message):
        """The chosen customer changed (None: nobody chosen yet)."""

        def __init__(self, picker: "CustomerPicker", customer_id: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.customer_id = customer_id

        @property
        def control(self) -> "CustomerPicker":
            return self.picker

    def __init__(self, *, allow_new: bool = True, show_card: bool = True, placeholder: str = "",
                 id: str | None = None, value: str = "") -> None:
        super().__init__(id=id, classes="customer-picker")
        self.allow_new = allow_new
        self.show_card = show_card
        self.placeholder = placeholder or "Phone number or name"
        self.initial = value
        self.customer_id: int | None = None
        self.parsed: phones.ParsedPhone | None = None
        self.mode = EMPTY
        self.card: queries.CallerCard | None = None
        self._candidates: list[queries.CustomerRow] = []

    def compose(self) -> ComposeResult:
        yield Input(self.initial, placeholder=self.placeholder, id="lookup")
        yield Static("", id="lookup-status")
        yield ErrorLine("", classes="field-error", id="err-lookup")
        yield OptionList(id="candidates", markup=False)
        yield Input(placeholder="New customer's name (required)", id="new-name")
        yield ErrorLine("", classes="field-error", id="err-new-name")
        if self.show_card:
            yield CallerCardView("", id="card")

    def on_mount(self) -> None:
        self.query_one("#candidates").display = False
        self.query_one("#new-name").display = False
        if self.initial:
            self.lookup(self.initial)

    # ------------------------------------------------------------ lookup
    @on(Input.Changed, "#lookup")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.lookup(event.value)

    @on(Input.Changed, "#new-name")
    def _named(self, event: Input.Changed) -> None:
        event.stop()

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def lookup(self, text: str) -> None:
        from frontdesk.store.models import db

        app = self.app
        region = app.settings.region
        stripped = text.strip()
        parsed = phones.parse(stripped, region) if stripped and phones.looks_like_phone(stripped) else None
        with db.connection_context():
            candidates = queries.find_customers(stripped, region) if stripped else []
            exact = bool(parsed and parsed.valid and candidates and len(candidates) == 1)
            if not exact and len(candidates) == 1 and parsed is None:
                exact = False  # a name fragment is never taken silently
            card = None
            if len(candidates) == 1 and exact:
                card = queries.caller_card(candidates[0].id, app.now(), app.settings.timezone)
        if get_current_worker().is_cancelled:
            return
        app.call_from_thread(self._show_lookup, Lookup(text, parsed, candidates, exact), card)

    def _show_lookup(self, result: Lookup, card: queries.CallerCard | None) -> None:
        if self.query_one("#lookup", Input).value != result.text:
            return  # typing moved on; a newer lookup is coming
        self.parsed = result.parsed
        self._candidates = result.candidates
        status = self.query_one("#lookup-status", Static)
        options = self.query_one("#candidates", OptionList)
        new_name = self.query_one("#new-name", Input)
        self.query_one("#err-lookup", Static).update("")
        stripped = result.text.strip()
        warning = result.parsed.warning if result.parsed else ""

        options.clear_options()
        if not stripped:
            self._set(EMPTY, None, status, "")
        elif result.exact:
            self._set(KNOWN, result.candidates[0].id, status, f"Recognised: {visible(result.candidates[0].name)}", warning)
            self.card = card
        elif result.candidates:
            options.add_options(
                Option(Text(f"{visible(c.name)}  {'  '.join(c.phones)}"), id=str(c.id)) for c in result.candidates
            )
            options.highlighted = None
            many = len(result.candidates)
            what = "customers match" if many > 1 else "customer matches"
            self._set(CHOOSE, None, status, f"{many} {what} — pick one with ↓ and enter", warning)
        elif result.parsed is not None and result.parsed.valid:
            self._set(UNKNOWN, None, status,
                      "Unknown number — type the new customer's name below" if self.allow_new else "No customer has this number",
                      warning)
        elif result.parsed is not None:
            self._set(INVALID, None, status, "")
            if len(phones.digits_of(stripped)) >= phones.MIN_PARTIAL_DIGITS:
                self.query_one("#err-lookup", Static).update(Text(result.parsed.error))
        else:
            self._set(NONE_FOUND, None, status, "No customer by that name")
        options.display = self.mode == CHOOSE
        new_name.display = self.allow_new and self.mode == UNKNOWN
        self._update_card()

    def _set(self, mode: str, customer_id: int | None, status: Static, message: str, warning: str = "") -> None:
        changed = customer_id != self.customer_id or mode != self.mode
        self.mode = mode
        self.customer_id = customer_id
        if customer_id is None:
            self.card = None
        line = Text(message, style="bold" if mode == KNOWN else "")
        if warning:
            line.append(("  " if message else "") + warning, style="yellow")
        status.update(line)
        if changed:
            self.post_message(self.Resolved(self, customer_id))

    def _update_card(self) -> None:
        if not self.show_card:
            return
        hint = {
            EMPTY: "Type the caller's number (any format) or a name.",
            CHOOSE: "Several customers match: choose one so nobody is asked twice.",
            UNKNOWN: "A new caller.",
        }.get(self.mode, "")
        self.query_one("#card", CallerCardView).show(self.card, self.app.now(), self.app.settings.timezone, hint)

    @on(OptionList.OptionSelected, "#candidates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(int(event.option.id))

    @on(OptionList.OptionHighlighted, "#candidates")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    def choose(self, customer_id: int) -> None:
        self.query_one("#candidates", OptionList).display = False
        self._load_card(customer_id)

    @work(thread=True, exclusive=True, group="lookup-card", exit_on_error=False)
    def _load_card(self, customer_id: int) -> None:
        from frontdesk.store.models import db

        with db.connection_context():
            card = queries.caller_card(customer_id, self.app.now(), self.app.settings.timezone)
        self.app.call_from_thread(self._chose, customer_id, card)

    def _chose(self, customer_id: int, card: queries.CallerCard | None) -> None:
        self.card = card
        status = self.query_one("#lookup-status", Static)
        name = card.customer.name if card else "?"
        self._set(KNOWN, customer_id, status, f"Chosen: {visible(name)}")
        self.query_one("#new-name", Input).display = False
        self._update_card()
        self.screen.focus_next()

    # ------------------------------------------------------------ values
    @property
    def new_name(self) -> str:
        return self.query_one("#new-name", Input).value

    @property
    def typed(self) -> str:
        return self.query_one("#lookup", Input).value

    def set_error(self, field: str, message: str) -> None:
        self.query_one(f"#err-{field}", Static).update(Text(message))
        self.query_one(f"#{field}").focus()
