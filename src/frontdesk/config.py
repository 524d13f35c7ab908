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
