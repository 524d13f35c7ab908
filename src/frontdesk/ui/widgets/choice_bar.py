"""A one-line, keyboard-first choice: left/right to move, a letter to jump.

Faster than a drop-down for short fixed lists (reason, direction, outcome,
priority): pressing `s` cycles through the options starting with "s".
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceBar(Widget, can_focus=True):
    BINDINGS = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]

    DEFAULT_CSS = """
    ChoiceBar { height: 1; width: 1fr; }
    """

    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, bar: "ChoiceBar", value: str) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> "ChoiceBar":
            return self.bar

    def __init__(self, options: tuple[str, ...] | list[str], value: str | None = None, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.options = tuple(options)
        self.set_reactive(ChoiceBar.index, self.options.index(value) if value in self.options else 0)

    @property
    def value(self) -> str:
        return self.options[self.index]

    @value.setter
    def value(self, new: str) -> None:
        self.index = self.options.index(new)

    def watch_index(self, _old: int, _new: int) -> None:
        self.post_message(self.Changed(self, self.value))

    def action_move(self, step: int) -> None:
        self.index = (self.index + step) % len(self.options)

    def action_jump(self, where: int) -> None:
        self.index = where % len(self.options)

    def on_key(self, event) -> None:
        char = event.character
        if not char or len(char) != 1 or not char.isalpha():
            return
        char = char.lower()
        count = len(self.options)
        for step in range(1, count + 1):
            candidate = (self.index + step) % count
            if self.options[candidate].lower().startswith(char):
                self.index = candidate
                event.stop()
                event.prevent_default()
                return

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        first = self._first_visible()
        if first:
            text.append("‹ ", style="dim")
        for position, option in enumerate(self.options):
            if position < first:
                continue
            if position > first:
                text.append("  ")
            if position == self.index:
                style = "reverse bold" if self.has_focus else "bold underline"
                text.append(f" {option} ", style=style)
            else:
                text.append(f" {option} ", style="dim")
        return text

    def _first_visible(self) -> int:
        """Scroll the options so the chosen one is always on screen."""
        width = self.size.width or 80
        widths = [len(option) + 4 for option in self.options]
        first = 0
        while first < self.index and sum(widths[first : self.index + 1]) + (2 if first else 0) > width:
            first += 1
        return first

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
