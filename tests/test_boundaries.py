"""The house's walls: the import-linter contracts in pyproject.toml hold, and
the core never loads the slow phonenumbers modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NON_UI = ["domain", "store", "files", "demo", "cli"]


def test_import_contracts_hold():
    """Layers, a pure domain and a UI that never touches the database (see pyproject.toml)."""
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_does_not_import_slow_phonenumbers_modules():
    code = (
        "import sys, pkgutil, importlib\n"
        f"for pkg in {NON_UI!r}:\n"
        "    mod = importlib.import_module('frontdesk.' + pkg)\n"
        "    for info in pkgutil.iter_modules(mod.__path__):\n"
        "        importlib.import_module(f'frontdesk.{pkg}.{info.name}')\n"
        "print(','.join(sorted(m for m in ('phonenumbers.geocoder', 'phonenumbers.carrier') if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
