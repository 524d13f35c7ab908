"""`T` on the desk: the technicians list and its small form."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from frontdesk.ui.screens.confirm import ConfirmScreen
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.screens.technicians import TechnicianForm, TechniciansScreen
from frontdesk.store.models import Technician
from ui_helpers import desk, error_at, row_texts, settle, shown  # noqa: F401

HOSTILE_NAME = "[bold]Zoë[/bold] 🔧 ‏עזרא \x1b[2J"


async def open_list(app, pilot) -> TechniciansScreen:
    await settle(app, pilot)
    await pilot.press("T")
    await settle(app, pilot)
    assert isinstance(app.screen, TechniciansScreen)
    return app.screen


async def test_the_list_shows_every_technician(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        table = screen.query_one(DataTable)
        assert row_texts(table, str(ids["ana_tech"])) == ["Ana Tech", "", "yes"]
        assert row_texts(table, str(ids["bob_tech"])) == ["Bob Tech", "555-0101", "yes"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_add_a_technician_with_bad_then_good_input(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TechnicianForm)
        assert app.focused is form.query_one("#name", Input)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        assert error_at(form, "name") == "A name is required."
        form.query_one("#name", Input).value = HOSTILE_NAME
        form.query_one("#phone", Input).value = "5" * 41
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error_at(form, "phone") == "The phone is 41 characters; the limit is 40."
        assert form.query_one("#name", Input).value == HOSTILE_NAME  # kept
        assert app.focused is form.query_one("#phone", Input)
        form.query_one("#phone", Input).value = "via dispatch x12"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert app.screen is screen
        tech = Technician.get(Technician.name == HOSTILE_NAME)
        assert (tech.phone, tech.active) == ("via dispatch x12", True)
        table = screen.query_one(DataTable)
        assert row_texts(table, str(tech.id))[0] == "[bold]Zoë[/bold] 🔧 \u200fעזרא \u241b[2J"
        assert "[bold]Zoë[/bold]" in shown(table)
        assert table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == str(tech.id)


async def test_enter_edits_the_selected_technician(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("down", "enter")  # Ana Tech, Bob Tech -> Bob
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TechnicianForm)
        assert form.query_one("#name", Input).value == "Bob Tech"
        assert form.query_one("#phone", Input).value == "555-0101"
        form.query_one("#phone", Input).value = "555-0199"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert Technician.get_by_id(ids["bob_tech"]).phone == "555-0199"
        assert row_texts(screen.query_one(DataTable), str(ids["bob_tech"]))[1] == "555-0199"


async def test_escape_on_a_dirty_technician_form_asks(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("n", *"Half")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert Technician.select().count() == 2


async def test_d_deactivates_and_reactivates(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("d")  # Ana Tech, first
        await settle(app, pilot)
        assert Technician.get_by_id(ids["ana_tech"]).active is False
        table = screen.query_one(DataTable)
        assert row_texts(table, str(ids["ana_tech"])) == ["Ana Tech", "", "no"]
        assert table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == str(ids["ana_tech"])
        await pilot.press("escape", "2", "t")  # a deactivated technician is not offered for new tickets
        await settle(app, pilot)
        names = [str(option.prompt) for option in app.screen.query_one("#technician").options]
        assert names == ["(none)", "Bob Tech  555-0101"]
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("T")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=list(app.screen.rows).index(str(ids["ana_tech"])))
        await pilot.press("d")
        await settle(app, pilot)
        assert Technician.get_by_id(ids["ana_tech"]).active is True
        assert row_texts(table, str(ids["ana_tech"]))[2] == "yes"
