"""Snapshot tests of the key screens over the demo day at a frozen time.

The scenes are the ones scripts/screenshots.py renders for the README.
Update after a deliberate UI change with `pytest --snapshot-update`.
"""

from __future__ import annotations

import pytest

from scripts.screenshots import SCENES, SIZE, demo_app, run_scene


@pytest.mark.parametrize("scene", ["dashboard", "call_form", "help", "promise_form", "check_in"])
def test_key_screens(scene, snap_compare, tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def run_before(pilot) -> None:
        await run_scene(pilot.app, pilot, SCENES[scene])

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
