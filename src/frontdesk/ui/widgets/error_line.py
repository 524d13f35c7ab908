"""A line for an error message that takes no room while it is empty.

(CSS cannot do this: Textual's `:empty` means "no child widgets", which is
always true of a Static, and an empty Static still takes one row.)
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def _blank(content: VisualType) -> bool:
    plain = getattr(content, "plain", None)
    return not (plain if plain is not None else str(content))


class ErrorLine(Static):
    def __init__(self, content: VisualType = "", **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.display = not _blank(content)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.display = not _blank(content)
