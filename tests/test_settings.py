"""config: defaults, the TOML file, FRONTDESK_* variables, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.files import config


def test_dirs_are_isolated_in_tests(_isolated_dirs):
    assert config.config_dir() == _isolated_dirs / "config" / "frontdesk"
    assert config.default_db_path() == _isolated_dirs / "data" / "frontdesk" / "frontdesk.db"


def test_defaults_without_file(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    settings = config.load_settings()
    assert settings.timezone == "Europe/Berlin"
    assert settings.region == "US"
    assert settings.refresh_seconds == 15.0
    assert settings.db_path == config.default_db_path()


def test_file_then_environment(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('[frontdesk]\ntimezone = "America/Chicago"\nregion = "gb"\nrefresh_seconds = 5\n'
                    'db_path = "~/desk.db"\n', encoding="utf-8")
    settings = config.load_settings(path)
    assert (settings.timezone, settings.region, settings.refresh_seconds) == ("America/Chicago", "GB", 5.0)
    assert settings.db_path == Path("~/desk.db").expanduser()
    monkeypatch.setenv("FRONTDESK_TZ", "Asia/Tokyo")
    monkeypatch.setenv("FRONTDESK_REGION", "de")
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "env.db"))
    settings = config.load_settings(path)
    assert (settings.timezone, settings.region, settings.db_path) == ("Asia/Tokyo", "DE", tmp_path / "env.db")


@pytest.mark.parametrize(
    ("body", "message_part"),
    [
        ('timezone = "Mars/Olympus"', "Unknown time zone"),
        ('region = "XX"', "Unknown phone region"),
        ("refresh_seconds = 0", "between 1 and 30"),
        ("refresh_seconds = 31", "between 1 and 30"),
        ('refresh_seconds = "abc"', "between 1 and 30"),
        ("region = 5", "Unknown phone region"),
        ("timezone = 5", "Unknown time zone"),
        ("frontdesk = 1", "must be a table"),
        ("timezone = ", "Cannot read the config file"),
    ],
)
def test_bad_file_values_raise_config_error(tmp_path, body, message_part):
    path = tmp_path / "config.toml"
    path.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as info:
        config.load_settings(path)
    assert message_part in str(info.value)


def test_with_overrides_ignores_none_and_validates():
    base = config.Settings(timezone="UTC")
    assert base.with_overrides(timezone=None, region="fr").region == "FR"
    with pytest.raises(config.ConfigError):
        base.with_overrides(timezone="Nowhere/Town")


def test_system_timezone_from_tz_variable(monkeypatch):
    monkeypatch.setenv("TZ", ":America/Denver")
    assert config.system_timezone() == "America/Denver"
