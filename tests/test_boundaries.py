"""The core imports no Textual (the UI asks the core, never the reverse)."""

from __future__ import annotations

import subprocess
import sys

CORE = ["rules", "store", "queries", "writes", "clock", "phones", "validation", "textsafe", "config",
        "call_now", "business_hours", "cadence", "four_times", "desk_metrics", "queue_facts", "followups",
        "migrate", "backup", "importer", "logcall", "export", "drafts", "demo"]


def test_core_does_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import frontdesk.{name}\n" for name in CORE)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich')))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_core_does_not_import_slow_phonenumbers_modules():
    code = (
        "import sys\n"
        + "".join(f"import frontdesk.{name}\n" for name in CORE)
        + "print(','.join(sorted(m for m in ('phonenumbers.geocoder', 'phonenumbers.carrier') if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
