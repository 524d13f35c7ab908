"""The call form, driven through the real app with the Pilot: recognition,
the keystroke budget, unknown and shared numbers, bad input."""

from __future__ import annotations

import arrow
import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from frontdesk.domain import phones
from frontdesk import store
from frontdesk.store import writes
from frontdesk.ui.app import FrontDeskApp
from frontdesk.files.config import Settings
from ui_helpers import settle
from frontdesk.store.models import Call, Customer, Phone, Ticket

TZ = "America/New_York"
NOW = arrow.get("2026-11-25T15:00:00", tzinfo=TZ).to("UTC")


@pytest.fixture
def desk(tmp_path):
    """A database with a known caller (two numbers, two open tickets), a shared office line."""
    path = tmp_path / "desk.db"
    store.open_database(path)
    ann = writes.create_customer("Ann Lee", phones.parse("(650) 253-0000"), NOW)
    writes.add_phone(ann, phones.parse("+1 212 555 0199"))
    t1 = writes.create_ticket(ann, "Printer jam", NOW.shift(days=-2), promised_by=NOW.shift(hours=3).naive)
    t2 = writes.create_ticket(ann, "Email down", NOW.shift(days=-1))
    shared = phones.parse("(415) 367-2100")
    bob = writes.create_customer("Bob Roe", shared, NOW)
    cy = writes.create_customer("Cy Doe", shared, NOW)
    writes.log_call(writes.CallDraft(started_at=NOW.shift(hours=-1).naive, customer_id=ann,
                                     phone=phones.parse("6502530000"), reason="scheduling",
                                     note="asked about Friday"), NOW.shift(hours=-1))
    store.close_database()
    return {"path": path, "ann": ann, "bob": bob, "cy": cy, "t1": t1, "t2": t2}


def make_app(path) -> FrontDeskApp:
    return FrontDeskApp(Settings(db_path=path, timezone=TZ, region="US"), now=lambda: NOW)


async def open_call_form(app, pilot):
    await settle(app, pilot)
    await pilot.press("c")
    await settle(app, pilot)
    return app.screen


def top_call_cells(app) -> list[str]:
    pane = app.screen.query_one("#calls")
    first_call = next(key for key in pane.rows if key.value.startswith("call-"))
    return [str(c) for c in pane.get_row(first_call)]


@pytest.mark.parametrize(
    "typed",
    ["(650) 253-0000", "+1 650 253 0000", "650.253.0000", "650/253/0000", "0016502530000",
     "1-650-253-0000", "650 253 0000 x204", "+1 (212) 555-0199"],
)
async def test_same_number_in_any_format_recognises_the_caller(desk, typed):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*typed)
        await settle(app, pilot)
        picker = form.query_one("#picker")
        assert picker.mode == "known"
        assert picker.customer_id == desk["ann"]
        card = str(form.query_one("#call-card").render())
        assert "Ann Lee" in card and "Printer jam" in card and "asked about Friday" in card


async def test_known_caller_logged_in_at_most_eight_keystrokes(desk):
    """Besides the number and the note text: tab, reason letter, tab, ↓, tab, ctrl+s."""
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        keystrokes = 0

        async def press(*keys):
            nonlocal keystrokes
            keystrokes += len(keys)
            await pilot.press(*keys)
            await settle(app, pilot)

        await press("c")
        await pilot.press(*"6502530000")  # the number: not counted
        await settle(app, pilot)
        await press("tab", "s")            # reason: status inquiry
        await press("tab", "down")         # link the first open ticket
        await press("tab")                 # to the note
        await pilot.press(*"told her 3pm")  # the note: not counted
        await press("ctrl+s")
        assert keystrokes <= 8, keystrokes
        assert app.screen.__class__.__name__ == "DashboardScreen"
        call = Call.select().order_by(Call.id.desc()).get()
        assert (call.customer_id, call.reason, call.note, call.direction, call.outcome) == (
            desk["ann"], "status inquiry", "told her 3pm", "in", "answered")
        assert call.ticket_id in (desk["t1"], desk["t2"])
        assert call.phone_e164 == "+16502530000"
        cells = top_call_cells(app)
        assert "Ann Lee" in cells and "status inquiry" in cells and "told her 3pm" in cells


async def test_unknown_number_creates_the_customer_in_the_same_save(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"617 253 1000")
        await settle(app, pilot)
        assert form.query_one("#picker").mode == "unknown"
        assert form.query_one("#new-name", Input).display
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form, "an unnamed new caller must not be saved"
        assert "name is required" in str(form.query_one("#err-new-name", Static).render())
        assert form.query_one("#lookup", Input).value == "617 253 1000"
        form.query_one("#new-name", Input).focus()
        await pilot.press(*"Dee Park")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        customer = Customer.get(Customer.name == "Dee Park")
        assert Phone.get(Phone.customer == customer).e164 == "+16172531000"
        assert Call.select().where(Call.customer == customer).count() == 1
        assert "Dee Park" in top_call_cells(app)


async def test_shared_line_lists_candidates_and_never_picks_one(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"415-367-2100")
        await settle(app, pilot)
        picker = form.query_one("#picker")
        options = form.query_one("#candidates", OptionList)
        assert picker.mode == "choose" and picker.customer_id is None
        assert options.display and options.option_count == 2
        before = Call.select().count()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "pick one" in str(form.query_one("#err-lookup", Static).render())
        assert Call.select().count() == before
        options.focus()
        await pilot.press("down", "down", "enter")  # the second: Cy Doe (by name)
        await settle(app, pilot)
        assert picker.customer_id == desk["cy"]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert Call.select().order_by(Call.id.desc()).get().customer_id == desk["cy"]


async def test_last_digits_and_name_search_find_candidates(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"0199")
        await settle(app, pilot)
        options = form.query_one("#candidates", OptionList)
        assert form.query_one("#picker").mode == "choose"
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)][0].startswith("Ann Lee")
        form.query_one("#lookup", Input).value = ""
        await pilot.press(*"roe")
        await settle(app, pilot)
        assert form.query_one("#picker").mode == "choose"
        assert options.option_count == 1
        assert form.query_one("#picker").customer_id is None  # a name fragment is confirmed, not taken


async def test_new_ticket_in_the_same_save_and_missed_call_owes_callback(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"650 253 0000")
        await settle(app, pilot)
        form.query_one("#ticket", OptionList).focus()
        await pilot.press("end")
        await settle(app, pilot)
        assert form.query_one("#field-new-ticket").display
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "title is required" in str(form.query_one("#err-new-ticket", Static).render()).lower()
        await pilot.press(*"Wifi drops")
        form.query_one("#outcome").value = "missed"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        ticket = Ticket.get(Ticket.title == "Wifi drops")
        call = Call.get(Call.ticket == ticket)
        assert call.outcome == "missed" and call.callback_by is not None and call.callback_done_at is None
        pane = app.screen.query_one("#calls")
        assert f"due-{call.id}" in [k.value for k in pane.rows]


@pytest.mark.parametrize(
    "note",
    ["[bold]not bold[/bold]", "[/", "emoji ☕🔧 ok", "مرحبا بالعالم", "clear \x1b[2J screen",
     "osc \x1b]52;c;aGVsbG8=\x07 copy", "e\u0301 combining", "'; DROP TABLE call; --"],
)
async def test_hostile_notes_are_stored_byte_identical_and_shown_literally(desk, note):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"650 253 0000")
        await settle(app, pilot)
        form.query_one("#note", TextArea).text = note
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        assert Call.select().order_by(Call.id.desc()).get().note == note
        shown = top_call_cells(app)[-1]
        assert "\x1b" not in shown
        if "[bold]" in note:
            assert "[bold]not bold[/bold]" in shown


async def test_bad_input_keeps_everything_typed(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"650 253 0000")
        await settle(app, pilot)
        long_note = "x" * 10_000
        form.query_one("#note", TextArea).text = long_note
        form.query_one("#callback", Input).value = "someday soon"
        form.query_one("#talk", Input).value = "abc"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "limit is 4,000" in str(form.query_one("#err-note", Static).render())
        form.query_one("#note", TextArea).text = "short"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "not a date or time we know" in str(form.query_one("#err-callback", Static).render())
        assert form.query_one("#callback", Input).value == "someday soon"
        form.query_one("#callback", Input).value = "tomorrow 9"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Talk time" in str(form.query_one("#err-talk", Static).render())
        form.query_one("#talk", Input).value = "3:20"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        call = Call.select().order_by(Call.id.desc()).get()
        assert call.duration_s == 200
        assert arrow.get(call.callback_by, tzinfo="UTC").to(TZ).format("YYYY-MM-DD HH:mm") == "2026-11-26 09:00"


@pytest.mark.parametrize("typed", ["abc+def", "+", "1234567890123456789012345678901234567890", "12345"])
async def test_unparseable_numbers_say_so_at_the_field(desk, typed):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        form.query_one("#lookup", Input).value = typed
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert str(form.query_one("#err-lookup", Static).render()).strip()
        assert form.query_one("#lookup", Input).value == typed


async def test_escape_asks_before_discarding_a_typed_call(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"650 253 0000")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is form and form.query_one("#lookup", Input).value == "650 253 0000"
        before = Call.select().count()
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"
        assert Call.select().count() == before


async def test_escape_on_an_empty_form_closes_at_once(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_call_form(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"


@pytest.mark.parametrize("name", ["[bold]Zed[/bold]", "Zed [/", "Zoë 🔧", "زيد", "Zed\x1b[31m red", "   "])
async def test_new_customer_names_are_data(desk, name):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"617 253 1000")
        await settle(app, pilot)
        form.query_one("#new-name", Input).value = name
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        if not name.strip():
            assert app.screen is form
            assert "name is required" in str(form.query_one("#err-new-name", Static).render())
            return
        assert app.screen is not form
        assert Customer.get(Customer.name == name).name == name  # stored byte-identical
        shown = top_call_cells(app)[2]
        assert "\x1b" not in shown
        assert shown.replace("␛", "\x1b") == name  # literal, nothing interpreted


async def test_enter_on_a_callback_owed_calls_back_and_settles_it(desk):
    """A missed call from a known customer: enter on its 'due' row, note, save."""
    store.open_database(desk["path"])
    missed = writes.log_call(writes.CallDraft(started_at=NOW.shift(minutes=-20).naive, customer_id=desk["ann"],
                                              outcome="missed", ticket_id=desk["t2"]), NOW)
    store.close_database()
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#calls").selected_key == f"due-{missed}"
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert form.__class__.__name__ == "CallForm"
        assert form.query_one("#picker").customer_id == desk["ann"]
        assert form.query_one("#direction").value == "out"
        assert form.query_one("#ticket", OptionList).highlighted_option.id == str(desk["t2"])
        form.query_one("#note", TextArea).text = "Called back, sorted"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        back = Call.select().order_by(Call.id.desc()).get()
        assert (back.direction, back.customer_id, back.ticket_id) == ("out", desk["ann"], desk["t2"])
        assert Call.get_by_id(missed).callback_done_at is not None
        assert f"due-{missed}" not in [k.value for k in app.screen.query_one("#calls").rows]


async def test_an_unanswered_callback_to_an_unknown_number_needs_no_name(desk):
    store.open_database(desk["path"])
    missed = writes.log_call(writes.CallDraft(started_at=NOW.shift(minutes=-20).naive, outcome="missed",
                                              phone=phones.parse("617 253 1000"), phone_raw="617 253 1000"), NOW)
    store.close_database()
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert form.query_one("#lookup", Input).value == "(617) 253-1000"
        assert form.query_one("#picker").mode == "unknown"
        form.query_one("#outcome").value = "missed"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        attempt = Call.select().order_by(Call.id.desc()).get()
        assert (attempt.direction, attempt.outcome, attempt.customer_id) == ("out", "missed", None)
        assert Call.get_by_id(missed).callback_done_at is None  # still owed: nobody answered
        assert Customer.select().where(Customer.name == "").count() == 0


async def test_ctrl_q_with_a_typed_call_asks_before_quitting(desk):
    app = make_app(desk["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_call_form(app, pilot)
        await pilot.press(*"650 253 0000")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is form and form.query_one("#lookup", Input).value == "650 253 0000"
        await pilot.press("ctrl+q", "y")
        await settle(app, pilot)
    assert app.return_code == 0
