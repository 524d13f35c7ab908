"""Shared fixtures: an isolated config/data dir, a fresh database, a fixed clock."""

from __future__ import annotations

import arrow
import pytest

from frontdesk import store

TZ = "America/New_York"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Keep the user's real config and data out of every test."""
    home = tmp_path_factory.mktemp("home")
    config_dir = home / "config"
    data_dir = home / "data"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_dir))
    monkeypatch.setenv("XDG_DATA_HOME", str(data_dir))
    monkeypatch.setattr("platformdirs.user_config_dir", lambda *a, **k: str(config_dir / "frontdesk"))
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(data_dir / "frontdesk"))
    for name in ("FRONTDESK_DB", "FRONTDESK_TZ", "FRONTDESK_REGION"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def db(tmp_path):
    """A fresh database file under tmp_path, bound to frontdesk.store.db."""
    database = store.open_database(tmp_path / "fd.db")
    yield database
    store.close_database()


@pytest.fixture
def now():
    """Wednesday 2026-11-25, 15:00 in New York."""
    return arrow.get("2026-11-25T15:00:00", tzinfo=TZ)


@pytest.fixture
def tz():
    return TZ
