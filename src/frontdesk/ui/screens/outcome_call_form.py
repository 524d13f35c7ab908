"""What the calls we make about something share — a check-in, a satisfaction
follow-up: did they answer, their verdict (only when they did), and a note
that is required when the verdict is the bad one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, TextArea

from frontdesk.domain import validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.ui.widgets.choice_bar import ChoiceBar

OUTCOMES = ("answered", "no answer")  # shown; stored as "answered" / "missed"


class OutcomeCallForm(FormScreen[int | None]):
    """Subclasses name the form and its verdict, load what it is about
    (`_load`, a worker), and may add widgets under the about line."""

    AUTO_FOCUS = "#outcome"
    FORM_ID = ""
    HEADING = ""
    ABOUT_ID = ""
    VERDICT_ID = ""
    VERDICT_LABEL = ""
    VERDICTS: tuple[str, str] = ("yes", "no")  # the good one first
    NOTE_LABEL = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id=self.FORM_ID):
            yield Static(self.HEADING, classes="form-title")
            yield Static(Text("loading…", style="dim"), id=self.ABOUT_ID)
            yield from self.compose_about()
            with Horizontal(classes="pair"):
                yield field("Outcome (a / n)", ChoiceBar(OUTCOMES, "answered", id="outcome"), "outcome")
                yield field(self.VERDICT_LABEL, ChoiceBar(self.VERDICTS, self.VERDICTS[0], id=self.VERDICT_ID),
                            self.VERDICT_ID)
            yield field(self.NOTE_LABEL, TextArea(id="note", soft_wrap=True, tab_behavior="focus"), "note")
            yield Static(Text("ctrl+s save · esc cancel · tab next · ←/→ or a letter: choose", style="dim"),
                         classes="form-keys")
            yield from self.compose_errors()

    def compose_about(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def on_choice_bar_changed(self, event: ChoiceBar.Changed) -> None:
        if event.bar.id == "outcome":
            # nobody answered: there is no verdict to record
            self.query_one(f"#field-{self.VERDICT_ID}").display = event.value == "answered"

    def collect_outcome(self, note_required_says: str) -> tuple[bool, bool, str]:
        """(answered, the good verdict, the note) — the note required after the bad one."""
        answered = validation.choice(self.query_one("#outcome", ChoiceBar).value, OUTCOMES, "outcome") == "answered"
        verdict = validation.choice(self.query_one(f"#{self.VERDICT_ID}", ChoiceBar).value, self.VERDICTS,
                                    self.VERDICT_ID)
        good = verdict == self.VERDICTS[0]
        text = self.query_one("#note", TextArea).text
        note = validation.required_note(text, what=note_required_says) if answered and not good else validation.note(text)
        return answered, good, note
