"""Choosing a technician in a form: a short list, ↑/↓ to pick.

A list rather than a ChoiceBar because names are long and a shop may have
more technicians than fit on one line.  Filled by the form once its worker
has read them; until then `loaded` is False.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from frontdesk.domain.textsafe import visible

NONE_ID = "none"


class TechList(OptionList):
    DEFAULT_CSS = """
    TechList { height: auto; max-height: 6; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Option(Text("loading technicians…", style="dim"), disabled=True), id=id, markup=False)
        self.loaded = False
        self.count = 0

    def set_technicians(self, rows: list[tuple[int, str, str]], selected: int | None = None, *,
                        allow_none: bool = True) -> None:
        """Show (id, name, phone) rows; "(none)" first when allowed; highlight `selected`."""
        self.loaded = True
        self.count = len(rows)
        self.clear_options()
        if allow_none:
            self.add_option(Option("(none)", id=NONE_ID))
        for tech_id, name, phone in rows:
            label = Text(visible(name, limit=60))
            if phone:
                label.append("  " + visible(phone, limit=40), style="dim")
            self.add_option(Option(label, id=str(tech_id)))
        if not rows:
            self.add_option(Option(Text("no technicians yet — add them with T on the desk", style="dim"),
                                   disabled=True))
        ids = [option.id for option in self.options]
        if selected is not None and str(selected) in ids:
            self.highlighted = ids.index(str(selected))
        elif allow_none:
            self.highlighted = 0
        elif len(rows) == 1:
            self.highlighted = 0
        else:
            self.highlighted = None

    @property
    def technician_id(self) -> int | None:
        option = self.highlighted_option
        if option is None or option.id in (None, NONE_ID):
            return None
        return int(option.id)
