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

from frontdesk.domain.validation import FieldError
from frontdesk.ui.widgets.choice_bar import ChoiceBar
from frontdesk.ui.widgets.error_line import ErrorLine

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
    DRAFT_KIND: str | None = None  # set: what is typed is kept in a draft file until saved or discarded
    restore_from: dict | None = None  # a draft to put back into the fields once mounted

    def compose_errors(self) -> ComposeResult:
        yield ErrorLine("", id="form-error", classes="form-error")

    def on_unmount(self) -> None:
        # closed: let go of it now (Textual would keep its TextAreas' theme watchers all day)
        from frontdesk.ui.textual_fixes import release_detached_watchers

        release_detached_watchers(self.app)

    def on_mount(self) -> None:
        self._initial = self._values()
        if self.DRAFT_KIND:
            self._draft_written: dict | None = None
            self.set_interval(1, self.save_draft)  # kept even if the terminal is closed mid-call
            if self.restore_from is not None:
                self.call_after_refresh(self.apply_draft, self.restore_from)

    # ------------------------------------------------------------- drafts
    def draft_state(self) -> dict:
        """Everything typed or chosen, by widget id (subclasses add what they need)."""
        inputs = {w.id: (w.value if isinstance(w, Input) else w.text) for w in self.query("Input, TextArea") if w.id}
        choices = {bar.id: bar.value for bar in self.query(ChoiceBar) if bar.id}
        return {"inputs": inputs, "choices": choices}

    def apply_draft(self, state: dict) -> None:
        for widget_id, value in (state.get("inputs") or {}).items():
            for widget in self.query(f"#{widget_id}"):
                if isinstance(widget, Input) and widget.value != value:
                    widget.value = value
                elif isinstance(widget, TextArea) and widget.text != value:
                    widget.text = value
        for widget_id, value in (state.get("choices") or {}).items():
            for bar in self.query(f"#{widget_id}"):
                if isinstance(bar, ChoiceBar) and value in bar.options:
                    bar.value = value

    def save_draft(self) -> None:
        """Keep what is typed in the draft file (called every second and when the desk quits)."""
        if not self.DRAFT_KIND or not self.is_mounted:
            return
        from frontdesk.files import drafts

        if not self.is_dirty():
            self.drop_draft()
            return
        state = self.draft_state()
        if state != getattr(self, "_draft_written", None):
            if drafts.save(self.app.settings.db_path, self.DRAFT_KIND, state) is not None:
                self._draft_written = state

    def drop_draft(self) -> None:
        if self.DRAFT_KIND:
            from frontdesk.files import drafts

            drafts.clear(self.app.settings.db_path, self.DRAFT_KIND)
            self._draft_written = None

    def _close(self, result) -> None:
        self.drop_draft()
        self.dismiss(result)

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
            self._close(None)
            return
        from frontdesk.ui.screens.confirm import ConfirmScreen

        def decided(discard: bool | None) -> None:
            if discard:
                self._close(None)

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

    def collected_or_shown(self):
        """collect(), or None after showing its error at the field — for forms
        that ask something (a confirmation) before the usual save."""
        self.clear_errors()
        try:
            return self.collect()
        except FieldError as error:
            self.show_error(error)
            return None

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
        from frontdesk.store.models import db

        try:
            _database_file_present(db.obj.database)  # connecting would create an empty file in its place
            with db.connection_context():
                result = self.save(values)
        except FieldError as error:
            self.app.call_from_thread(self._save_failed, error)
        except Exception as exc:  # the database said no: keep everything typed
            self.app.call_from_thread(self._save_failed, exc)
        else:
            self.app.call_from_thread(self._close, result)

    def _save_failed(self, error: Exception) -> None:
        self.saving = False
        self.query_one("#form-error", Static).update("")
        if isinstance(error, FieldError):
            self.show_error(error)
        else:
            self.show_form_error(f"Not saved — {describe_db_error(error)} Everything you typed is kept; fix it and press ctrl+s again.")


class DatabaseGone(OSError):
    """The database file was moved or deleted while the desk was open."""


def _database_file_present(path: str) -> None:
    from pathlib import Path

    if path and path != ":memory:" and not Path(path).exists():
        raise DatabaseGone(f"the database file {path} is gone")


def root_cause(error: BaseException) -> BaseException:
    """SQLite rolls back by itself on e.g. a full disk; the ROLLBACK that follows then fails
    with "no transaction is active", hiding the real reason in __context__."""
    seen = 0
    while "no transaction is active" in str(error) and error.__context__ is not None and seen < 5:
        error, seen = error.__context__, seen + 1
    return error


def describe_db_error(error: Exception) -> str:
    error = root_cause(error)
    text = str(error) or error.__class__.__name__
    lowered = text.lower()
    if isinstance(error, DatabaseGone):
        return f"{text} (moved or deleted?); put it back or restore a backup."
    if "locked" in lowered or "busy" in lowered:
        return "the database is busy at another desk."
    if "readonly" in lowered or "read-only" in lowered:
        return "the database file is read-only; make it writable."
    if "disk" in lowered and "full" in lowered:
        return "the disk is full; free some space."
    if "no such table" in lowered or "disk i/o" in lowered:
        return f"the database file cannot be written ({text}); is it still there?"
    return f"the database refused the save ({text})."


Saver = Callable[[], object]
