"""`T` on the desk: the technicians.  `n` new, `enter` edit, `d` deactivate or
reactivate, escape closes.  Deactivated technicians stay on their old tickets
and visits but are no longer offered in forms."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from frontdesk.domain import validation
from frontdesk.store.queries import TechnicianRow
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.domain.textsafe import visible


class TechnicianForm(FormScreen[int | None]):
    """Add (no id) or edit a technician; dismisses with the technician's id."""

    AUTO_FOCUS = "#name"

    def __init__(self, technician: TechnicianRow | None = None) -> None:
        super().__init__()
        self.technician = technician

    def compose(self) -> ComposeResult:
        tech = self.technician
        with Vertical(classes="form", id="technician-form"):
            yield Static("Edit technician" if tech else "New technician", classes="form-title")
            yield field("Name", Input(tech.name if tech else "", id="name"), "name")
            yield field("Phone (optional, free text)",
                        Input(tech.phone if tech else "", id="phone", placeholder="e.g. 555-0100 or 'via dispatch'"),
                        "phone")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def collect(self) -> dict:
        return {
            "name": validation.technician_name(self.query_one("#name", Input).value),
            "phone": validation.technician_phone(self.query_one("#phone", Input).value),
        }

    def save(self, values: dict) -> int:
        from frontdesk.store import writes

        tech = self.technician
        return writes.save_technician(values["name"], values["phone"], technician_id=tech.id if tech else None,
                                      active=tech.active if tech else True)


class TechniciansScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("n", "new", "New"),
        Binding("enter", "edit", "Edit"),
        Binding("d", "toggle_active", "Deactivate/reactivate"),
        Binding("escape", "close", "Close"),
    ]
    AUTO_FOCUS = "#technicians"

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, TechnicianRow] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="technicians-box"):
            yield Static("Technicians", classes="form-title")
            yield DataTable(id="technicians", cursor_type="row", zebra_stripes=True)
            yield Static("", id="technicians-empty")
            yield Static(Text("n new · enter edit · d deactivate/reactivate · esc close", style="dim"),
                         classes="form-keys")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Name", key="name", width=30)
        table.add_column("Phone", key="phone", width=22)
        table.add_column("Active", key="active", width=8)
        self._load()

    @work(thread=True, exclusive=True, group="db-technicians", exit_on_error=False)
    def _load(self, select: int | None = None) -> None:
        from frontdesk.store import queries
        from frontdesk.store.models import db

        try:
            with db.connection_context():
                rows = queries.technician_rows()
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"Could not read the technicians: {exc}", severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self._show, rows, select)

    def _show(self, rows: list[TechnicianRow], select: int | None) -> None:
        table = self.query_one(DataTable)
        keep = select if select is not None else (self.selected.id if self.selected else None)
        self.rows = {str(row.id): row for row in rows}
        table.clear()
        for row in rows:
            style = "" if row.active else "dim"
            table.add_row(
                Text(visible(row.name, limit=60), style=style),
                Text(visible(row.phone, limit=40), style=style),
                Text("yes" if row.active else "no", style="green" if row.active else "dim"),
                key=str(row.id),
            )
        empty = self.query_one("#technicians-empty", Static)
        empty.update(Text("No technicians yet — press n to add one.", style="dim") if not rows else "")
        empty.display = not rows
        if keep is not None and str(keep) in self.rows:
            table.move_cursor(row=list(self.rows).index(str(keep)))

    @property
    def selected(self) -> TechnicianRow | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.rows.get(key)

    # ------------------------------------------------------------ actions
    def action_new(self) -> None:
        self.app.push_screen(TechnicianForm(), self._saved)

    def action_edit(self) -> None:
        tech = self.selected
        if tech is None:
            self.notify("No technician selected — press n to add one.", severity="warning")
            return
        self.app.push_screen(TechnicianForm(tech), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _saved(self, technician_id: int | None) -> None:
        if technician_id is not None:
            self._load(technician_id)

    def action_toggle_active(self) -> None:
        tech = self.selected
        if tech is None:
            self.notify("No technician selected.", severity="warning")
            return
        self._set_active(tech, not tech.active)

    @work(thread=True, group="db-technicians-write", exit_on_error=False)
    def _set_active(self, tech: TechnicianRow, active: bool) -> None:
        from frontdesk.store import writes
        from frontdesk.store.models import db

        try:
            with db.connection_context():
                writes.set_technician_active(tech.id, active)
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"Not saved: {exc}", severity="error", markup=False)
            return
        word = "reactivated" if active else "deactivated (kept on old tickets, not offered for new ones)"
        self.app.call_from_thread(self.notify, f"{visible(tech.name, limit=40)} {word}.", markup=False)
        self.app.call_from_thread(self._load, tech.id)

    def action_close(self) -> None:
        self.dismiss(None)
