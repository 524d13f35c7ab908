"""Who a ticket or visit is for.

Opened from a selected row, the customer is already known: one fixed line
naming them, with a "Change customer" button (tab to it, enter).  Otherwise —
or after "change" — a CustomerPicker: a number in any format, part of a
number, or a name; an unknown number asks for the new customer's name.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.widgets import Button, Static

from frontdesk.domain import phones
from frontdesk.domain.textsafe import visible
from frontdesk.domain.validation import FieldError, name as check_name
from frontdesk.ui.widgets.customer_picker import CHOOSE, INVALID, KNOWN, NONE_FOUND, UNKNOWN, CustomerPicker


class CustomerField(Vertical):
    DEFAULT_CSS = """
    CustomerField { height: auto; }
    CustomerField #customer-line { height: auto; }
    CustomerField #customer-fixed { width: 1fr; height: auto; padding: 0 1; }
    """

    def __init__(self, customer_id: int | None = None, *, changeable: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fixed_id = customer_id
        self.changeable = changeable
        self.fixed_name = ""

    @property
    def picking(self) -> bool:
        return self.fixed_id is None

    def compose(self) -> ComposeResult:
        if self.fixed_id is None:
            yield CustomerPicker(show_card=False, id="picker")
            return
        with HorizontalGroup(id="customer-line"):
            yield Static(Text("loading…", style="dim"), id="customer-fixed")
            if self.changeable:
                yield Button("Change customer", id="change-customer", compact=True)

    def on_mount(self) -> None:
        if self.fixed_id is not None:
            self._load(self.fixed_id)

    @work(thread=True, exclusive=True, group="db-customer-line", exit_on_error=False)
    def _load(self, customer_id: int) -> None:
        from frontdesk.store import queries
        from frontdesk.store.models import db

        with db.connection_context():
            row = queries.get_customer(customer_id)
        self.app.call_from_thread(self._show, customer_id, row)

    def _show(self, customer_id: int, row) -> None:
        if customer_id != self.fixed_id or self.picking:
            return
        if row is None:
            self.change(focus=False)
            self.query_one(CustomerPicker).query_one("#lookup-status", Static).update(
                Text("That customer no longer exists — type a number or name.", style="yellow"))
            return
        self.fixed_name = row.name
        line = Text(visible(row.name, limit=80), style="bold")
        if row.company:
            line.append("  ·  " + visible(row.company, limit=60), style="italic")
        if row.phones:
            line.append("  " + "  ".join(row.phones), style="dim")
        self.query_one("#customer-fixed", Static).update(line)

    @on(Button.Pressed, "#change-customer")
    def _change_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.change()

    def change(self, focus: bool = True) -> None:
        """Swap the fixed line for a picker."""
        if self.picking:
            return
        self.fixed_id = None
        self.fixed_name = ""
        self.query_one("#customer-line").remove()
        picker = CustomerPicker(show_card=False, id="picker")
        self.mount(picker)
        if focus:
            self.call_after_refresh(lambda: picker.query_one("#lookup").focus())

    # ------------------------------------------------------------ values
    def resolve(self) -> tuple[int | None, str, phones.ParsedPhone | None]:
        """(customer_id, "", None) for a known customer; (None, new_name, number) for a new one.

        Raises FieldError at "lookup" / "new-name" when nobody is chosen yet.
        """
        if not self.picking:
            return self.fixed_id, "", None
        picker = self.query_one(CustomerPicker)
        typed = picker.typed
        if "\x00" in typed:
            raise FieldError("lookup", "Contains a NUL character; remove it.")
        busy = [w for w in self.app.workers if w.node is picker and not w.is_finished]
        if busy:
            raise FieldError("lookup", "Still looking that up — press ctrl+s again in a moment.")
        if picker.mode == KNOWN and picker.customer_id is not None:
            return picker.customer_id, "", None
        if picker.mode == CHOOSE:
            raise FieldError("lookup", "Several customers match: pick one (↓ then enter).")
        if picker.mode == UNKNOWN:
            return None, check_name(picker.new_name, field="new-name"), picker.parsed
        if picker.mode == INVALID:
            raise FieldError("lookup", picker.parsed.error if picker.parsed else "Not a phone number.")
        if picker.mode == NONE_FOUND:
            raise FieldError("lookup", "No customer by that name: type their number to add them.")
        raise FieldError("lookup", "Who is it for? Type their number or name.")

    def focus_field(self, field: str) -> bool:
        """Put the cursor on the picker's input for an error at `field`."""
        if self.picking and field in ("lookup", "new-name"):
            self.query_one(f"#{field}").focus()
            return True
        return False
