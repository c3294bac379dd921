"""The exchange formats load without Qt, so `presence export` starts fast and runs anywhere."""

from __future__ import annotations

import subprocess
import sys


def test_csv_ics_scheduler_and_checklist_html_import_no_qt() -> None:
    code = (
        "import sys\n"
        "import app.exchange.csv_format, app.exchange.ics, app.exchange.schedulers\n"
        "import app.exchange.checklist, app.exchange.files, app.services.export, app.cli.export_cmd\n"
        "import app.cli.checklist_cmd\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
