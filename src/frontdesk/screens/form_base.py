"""What every form shares: field errors shown at the field, escape that asks
before throwing away what was typed, and saving off the UI thread in one
transaction that has committed before the form closes.
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from frontdesk.validation import FieldError
from frontdesk.widgets.error_line import ErrorLine

T = TypeVar("T")


def field(label: str, widget: Widget, name: str, hint: str = "") -> Vertical:
    """A labelled field with a place for its error message underneath."""
    parts: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        parts.append(Static(Text(hint), classes="field-hint", id=f"hint-{name}"))
    parts.append(ErrorLine("", classes="field-error", id=f"err-{name}"))
    return Vertical(*parts, classes="field", id=f"field-{name}")


class FormScreen(ModalScreen[T], Generic[T]):
    """Base for the modal forms.  Subclasses implement `collect()` (validate,
    raising FieldError) and `save(values)` (runs in a worker thread)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    saving = False

    def compose_errors(self) -> ComposeResult:
        yield ErrorLine("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self._initial = self._values()

    # ---------------------------------------------------------- dirtiness
    def _values(self) -> dict[str, str]:
        values = {}
        for widget in self.query("Input, TextArea"):
            if widget.id:
                values[widget.id] = widget.value if isinstance(widget, Input) else widget.text
        return values

    def is_dirty(self) -> bool:
        initial = getattr(self, "_initial", {})
        return any(value != initial.get(key, "") for key, value in self._values().items())

    def action_cancel(self) -> None:
        if self.saving:
            return
        if not self.is_dirty():
            self.dismiss(None)
            return
        from frontdesk.screens.confirm import ConfirmScreen

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed?", yes="Discard", no="Keep editing"), decided)

    # ------------------------------------------------------------- errors
    def clear_errors(self) -> None:
        for widget in self.query(".field-error, .form-error"):
            widget.update("")
        for widget in self.query(".-invalid-field"):
            widget.remove_class("-invalid-field")

    def show_error(self, error: FieldError) -> None:
        """Show the message at its field and put the cursor there."""
        target = self.query(f"#err-{error.field}")
        if target:
            target.first().update(Text(error.message))
        else:
            self.query_one("#form-error", Static).update(Text(error.message))
        field_box = self.query(f"#field-{error.field}")
        if field_box:
            field_box.first().add_class("-invalid-field")
            for widget in field_box.first().query("Input, TextArea, ChoiceBar, OptionList"):
                widget.focus()
                break
        else:
            widget = self.query(f"#{error.field}")
            if widget and widget.first().focusable:
                widget.first().focus()

    def show_form_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message))

    # --------------------------------------------------------------- save
    def collect(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self, values) -> T:  # pragma: no cover - abstract
        raise NotImplementedError

    def action_save(self) -> None:
        if self.saving:
            return
        self.clear_errors()
        try:
            values = self.collect()
        except FieldError as error:
            self.show_error(error)
            return
        if values is None:
            return
        self.saving = True
        self.query_one("#form-error", Static).update(Text("Saving…"))
        self._save_worker(values)

    @work(thread=True, exclusive=True, group="db-save", exit_on_error=False)
    def _save_worker(self, values) -> None:
        from frontdesk.store import db

        try:
            with db.connection_context():
                result = self.save(values)
        except FieldError as error:
            self.app.call_from_thread(self._save_failed, error)
        except Exception as exc:  # the database said no: keep everything typed
            self.app.call_from_thread(self._save_failed, exc)
        else:
            self.app.call_from_thread(self.dismiss, result)

    def _save_failed(self, error: Exception) -> None:
        self.saving = False
        self.query_one("#form-error", Static).update("")
        if isinstance(error, FieldError):
            self.show_error(error)
        else:
            self.show_form_error(f"Not saved — {describe_db_error(error)} Everything you typed is kept; fix it and press ctrl+s again.")


def describe_db_error(error: Exception) -> str:
    text = str(error) or error.__class__.__name__
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return "the database is busy at another desk."
    if "readonly" in lowered or "read-only" in lowered:
        return "the database file is read-only."
    if "disk" in lowered and "full" in lowered:
        return "the disk is full."
    return f"the database refused the save ({text})."


Saver = Callable[[], object]
