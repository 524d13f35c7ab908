"""A half-typed call survives the desk closing (q, or the terminal closed):
it is kept in a private draft file and offered back at the next start."""

from __future__ import annotations

import stat

from textual.widgets import Input, TextArea

from frontdesk.files import drafts
from frontdesk.store.models import Call
from ui_helpers import ALICE_PHONE, desk, make_app, settle  # noqa: F401 (desk is a fixture)

NOTE = "Wants a call back about the [bold]printer[/bold] — Zoë 🔧\nsecond line"


async def _type_a_call(app, pilot):
    await settle(app, pilot)
    await pilot.press("c")
    await settle(app, pilot)
    form = app.screen
    await pilot.press(*ALICE_PHONE)
    await settle(app, pilot)
    await pilot.press("tab", "s")  # reason: status inquiry
    form.query_one("#note", TextArea).text = NOTE
    form.query_one("#callback", Input).value = "tomorrow 9"
    await pilot.pause()
    return form


async def test_q_keeps_the_call_being_typed_and_the_next_start_offers_it(desk, tmp_path):
    app, ids = desk
    path = tmp_path / "fd.db"
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_a_call(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert "kept and offered" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await settle(app, pilot)
    draft_file = drafts.draft_path(path, "call")
    assert draft_file.exists() and stat.S_IMODE(draft_file.stat().st_mode) == 0o600
    assert Call.select().count() == 1  # nothing saved behind the receptionist's back

    again = make_app(path)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        question = str(again.screen.query_one("#confirm-question").render())
        assert "A call was being typed" in question and "(212) 736-5000" in question
        await pilot.press("y")
        await settle(again, pilot)
        form = again.screen
        assert form.__class__.__name__ == "CallForm"
        assert form.query_one("#lookup", Input).value == ALICE_PHONE
        assert form.query_one("#note", TextArea).text == NOTE
        assert form.query_one("#callback", Input).value == "tomorrow 9"
        assert form.query_one("#reason").value == "status inquiry"
        assert form.query_one("#picker").mode == "known"
        await pilot.press("ctrl+s")
        await settle(again, pilot)
        assert again.screen is not form
    call = Call.select().order_by(Call.id.desc()).get()
    assert (call.customer_id, call.note, call.reason) == (ids["alice"], NOTE, "status inquiry")
    assert not draft_file.exists()  # saved: the draft is gone


async def test_a_closed_terminal_keeps_what_the_last_autosave_saw(desk, tmp_path):
    """No quit at all (the window closed): the once-a-second autosave has it."""
    app, _ = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _type_a_call(app, pilot)
        form.save_draft()  # what the 1 s timer does
        app.exit()  # gone, without the quit action
    state = drafts.load(tmp_path / "fd.db", "call")
    assert state["inputs"]["note"] == NOTE and state["inputs"]["lookup"] == ALICE_PHONE


async def test_discarding_the_offer_removes_the_draft(desk, tmp_path):
    path = tmp_path / "fd.db"
    drafts.save(path, "call", {"inputs": {"lookup": "555 0100", "note": "half a thought"}, "choices": {}})
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert drafts.load(path, "call") is None


async def test_cancelling_or_saving_a_form_leaves_no_draft(desk, tmp_path):
    app, _ = desk
    path = tmp_path / "fd.db"
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _type_a_call(app, pilot)
        form.save_draft()
        assert drafts.load(path, "call") is not None
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("y")  # discard what was typed
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert drafts.load(path, "call") is None


def test_drafts_are_per_database_and_survive_garbage(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    drafts.save(a, "call", {"inputs": {"note": "for a"}})
    assert drafts.load(b, "call") is None
    assert drafts.load(a, "call") == {"inputs": {"note": "for a"}}
    drafts.draft_path(a, "call").write_text("{not json")
    assert drafts.load(a, "call") is None  # a damaged draft is ignored, never a crash
    drafts.clear(a, "call")
    drafts.clear(a, "call")  # twice is harmless
