"""[thresholds] and [hours] in config.toml, and `frontdesk config` showing them."""

from __future__ import annotations

import tomllib
from datetime import time

import pytest

from frontdesk.cli import main as cli
from frontdesk.files import config
from frontdesk.domain.call_now import Thresholds


def write(text: str):
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_issue_defaults():
    settings = config.load_settings()
    th = settings.thresholds
    assert (th.visit_lead_minutes, th.visit_margin_minutes, th.promise_business_hours, th.gap_days) == (30, 15, 4, 3)
    assert (th.follow_up_at, th.wide_window_hours) == ("10:00", 2)
    assert settings.schedule.days == (0, 1, 2, 3, 4)
    assert (settings.schedule.opens, settings.schedule.closes) == (time(8), time(17))


def test_thresholds_and_hours_come_from_the_file():
    write('[thresholds]\ngap_days = 2\nvisit_lead_minutes = 45\nfollow_up_at = "09:30"\n'
          '[hours]\ndays = "mon-sat"\nhours = "07:30-18:00"\n')
    settings = config.load_settings()
    assert settings.thresholds == Thresholds(gap_days=2, visit_lead_minutes=45, follow_up_at="09:30")
    assert settings.schedule.days == (0, 1, 2, 3, 4, 5)
    assert (settings.schedule.opens, settings.schedule.closes) == (time(7, 30), time(18))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[thresholds]\ngap_dayz = 2\n", "Unknown threshold 'gap_dayz'"),
        ("[thresholds]\ngap_days = \"three\"\n", "gap_days must be a number"),
        ("[thresholds]\ngap_days = 0\n", "gap_days must be between"),
        ("[thresholds]\nvisit_lead_minutes = -5\n", "visit_lead_minutes must be between"),
        ("[thresholds]\nfollow_up_at = \"25:00\"\n", "follow_up_at must be a time"),
        ("[thresholds]\nwide_window_hours = true\n", "must be a number"),
        ("[hours]\ndays = \"someday\"\n", "Bad [hours]"),
        ("[hours]\nhours = \"17:00-08:00\"\n", "Bad [hours]"),
        ("thresholds = 3\n", "[thresholds] must be a table"),
    ],
)
def test_bad_values_are_one_clear_line(text, words, capsys):
    write(text)
    with pytest.raises(config.ConfigError) as caught:
        config.load_settings()
    assert words in str(caught.value)
    assert cli.main(["config"]) == cli.EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("frontdesk: ") and words in err


def test_frontdesk_config_prints_the_effective_values_and_the_file(capsys):
    path = write('[frontdesk]\ntimezone = "America/Chicago"\n[thresholds]\ngap_days = 5\n')
    assert cli.main(["config", "--tz", "Europe/Berlin"]) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    first, _, body = out.partition("\n")
    assert first == f"# config file: {path}"
    parsed = tomllib.loads(body)  # what it prints can be pasted back into the file
    assert parsed["frontdesk"]["timezone"] == "Europe/Berlin"  # the flag beats the file
    assert parsed["thresholds"]["gap_days"] == 5
    assert parsed["thresholds"]["promise_business_hours"] == 4
    assert parsed["hours"] == {"days": "mon-fri", "hours": "08:00-17:00"}


def test_frontdesk_config_says_when_there_is_no_file(capsys):
    assert cli.main(["config"]) == cli.EXIT_OK
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].endswith("(not present: these are the defaults)")
