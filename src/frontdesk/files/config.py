"""Settings: defaults, overridden by a TOML file in the user config dir,
then by environment variables and command-line flags.

Nothing here imports Textual or the database.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from frontdesk.domain.call_now import Thresholds

APP_NAME = "frontdesk"


class ConfigError(ValueError):
    """A setting that cannot be used; the message is one clear sentence."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def default_db_path() -> Path:
    return data_dir() / "frontdesk.db"


def system_timezone() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    tz = os.environ.get("TZ")
    if tz and _zone_ok(tz.lstrip(":")):
        return tz.lstrip(":")
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            name = link.split("zoneinfo/", 1)[1]
            if _zone_ok(name):
                return name
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text().strip()
        if name and _zone_ok(name):
            return name
    except OSError:
        pass
    return "UTC"


def _zone_ok(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=default_db_path)
    timezone: str = field(default_factory=system_timezone)
    region: str = "US"
    refresh_seconds: float = 15.0
    keymap: tuple[tuple[str, str], ...] = ()  # binding id -> key, from [keys] in the config file
    thresholds: Thresholds = field(default_factory=Thresholds)  # [thresholds] in the config file
    open_days: str = "mon-fri"  # [hours] days
    open_hours: str = "08:00-17:00"  # [hours] hours, local time

    @property
    def schedule(self):
        """The opening schedule business-hour thresholds count in."""
        from frontdesk.domain.business_hours import parse_schedule

        return parse_schedule(self.open_days, self.open_hours)

    def with_overrides(self, **changes: object) -> "Settings":
        clean = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **clean).validated()

    def validated(self) -> "Settings":
        if not isinstance(self.timezone, str) or not _zone_ok(self.timezone):
            raise ConfigError(f"Unknown time zone {self.timezone!r}: use an IANA name such as 'America/New_York'.")
        import phonenumbers

        if not isinstance(self.region, str) or self.region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ConfigError(f"Unknown phone region {self.region!r}: use a two-letter country code such as 'US'.")
        try:
            seconds = float(self.refresh_seconds)
        except (TypeError, ValueError):
            seconds = 0.0
        if not 1 <= seconds <= 30:
            raise ConfigError("refresh_seconds must be between 1 and 30.")
        try:
            self.schedule
        except ValueError as exc:
            raise ConfigError(f"Bad [hours]: {exc}") from None
        _check_thresholds(self.thresholds)
        return replace(self, region=self.region.upper(), refresh_seconds=seconds)


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, then the TOML file (if any), then FRONTDESK_* variables."""
    path = path or config_file()
    values: dict[str, object] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read the config file {path}: {exc}") from None
        section = raw.get("frontdesk", raw)
        if not isinstance(section, dict):
            raise ConfigError(f"Bad value in {path}: [frontdesk] must be a table of settings.")
        for key in ("timezone", "region", "refresh_seconds"):
            if key in section:
                values[key] = section[key]
        keys = raw.get("keys", {})
        if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
            raise ConfigError(f"Bad value in {path}: [keys] maps action ids to keys, e.g. log_call = \"f2\".")
        if keys:
            values["keymap"] = tuple(sorted(keys.items()))
        if "db_path" in section:
            values["db_path"] = Path(str(section["db_path"])).expanduser()
        values.update(_hours(raw.get("hours", {}), path))
        if "thresholds" in raw:
            values["thresholds"] = _thresholds(raw["thresholds"], path)
    if os.environ.get("FRONTDESK_DB"):
        values["db_path"] = Path(os.environ["FRONTDESK_DB"]).expanduser()
    if os.environ.get("FRONTDESK_TZ"):
        values["timezone"] = os.environ["FRONTDESK_TZ"]
    if os.environ.get("FRONTDESK_REGION"):
        values["region"] = os.environ["FRONTDESK_REGION"]
    try:
        return Settings(**values).validated()  # type: ignore[arg-type]
    except TypeError as exc:  # a wrongly typed value in the TOML file
        raise ConfigError(f"Bad value in {path}: {exc}") from None


# ------------------------------------------------------------ call-now thresholds
THRESHOLD_LIMITS: dict[str, tuple[float, float]] = {
    "visit_lead_minutes": (0, 24 * 60),
    "visit_margin_minutes": (0, 12 * 60),
    "promise_business_hours": (0, 200),
    "gap_days": (0.5, 365),
    "wide_window_hours": (0.25, 24),
    "all_well_to_step_down": (1, 50),
}


def _thresholds(table: object, path: Path) -> Thresholds:
    if not isinstance(table, dict):
        raise ConfigError(f"Bad value in {path}: [thresholds] must be a table, e.g. gap_days = 3.")
    known = {f for f in Thresholds.__dataclass_fields__}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"Unknown threshold {unknown[0]!r} in {path}; known: {', '.join(sorted(known))}.")
    values = {}
    for name, value in table.items():
        if name == "follow_up_at":
            if not isinstance(value, str):
                raise ConfigError(f"Bad value in {path}: follow_up_at is a time such as \"10:00\".")
            values[name] = value
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"Bad value in {path}: {name} must be a number.")
        else:
            values[name] = int(value) if name == "all_well_to_step_down" else value
    return Thresholds(**values)


def _check_thresholds(th: Thresholds) -> None:
    for name, (low, high) in THRESHOLD_LIMITS.items():
        value = getattr(th, name)
        if not low <= value <= high:
            raise ConfigError(f"Threshold {name} must be between {low:g} and {high:g} (got {value!r}).")
    from frontdesk.domain.clock import WhenError, parse_time_of_day

    try:
        parse_time_of_day(th.follow_up_at)
    except WhenError:
        raise ConfigError(f"Threshold follow_up_at must be a time such as \"10:00\" (got {th.follow_up_at!r}).") from None


def _hours(table: object, path: Path) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ConfigError(f"Bad value in {path}: [hours] must be a table, e.g. days = \"mon-fri\".")
    values = {}
    for key, name in (("days", "open_days"), ("hours", "open_hours")):
        if key in table:
            if not isinstance(table[key], str):
                raise ConfigError(f"Bad value in {path}: [hours] {key} must be text such as \"mon-fri\" or \"08:00-17:00\".")
            values[name] = table[key]
    return values


def describe(settings: Settings, path: Path | None = None) -> str:
    """The effective settings as TOML, for `frontdesk config`."""
    path = path or config_file()
    th = settings.thresholds
    lines = [
        f"# config file: {path}{'' if path.exists() else ' (not present: these are the defaults)'}",
        "[frontdesk]",
        f"db_path = {_toml_str(str(settings.db_path))}",
        f"timezone = {_toml_str(settings.timezone)}",
        f"region = {_toml_str(settings.region)}",
        f"refresh_seconds = {settings.refresh_seconds:g}",
        "",
        "[hours]",
        f"days = {_toml_str(settings.open_days)}",
        f"hours = {_toml_str(settings.open_hours)}",
        "",
        "[thresholds]",
    ]
    for name in Thresholds.__dataclass_fields__:
        value = getattr(th, name)
        lines.append(f"{name} = {_toml_str(value) if isinstance(value, str) else format(value, 'g')}")
    if settings.keymap:
        lines += ["", "[keys]"] + [f"{k} = {_toml_str(v)}" for k, v in settings.keymap]
    return "\n".join(lines)


def _toml_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
