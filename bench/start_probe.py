"""Start Presence's window as `presence --db DB` does, and quit once the week is painted.

`PRESENCE_SMOKE=1` keeps the window open a fixed 300 ms, which would measure the timer,
not the start. This probe ends the event loop right after the first paint of a day
column that shows a loaded week, and prints `time.monotonic()` at that moment (one clock
for every process), so the bench takes "start to first painted week" without the
shutdown; the minimal-window baseline prints the same after its own first paint.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.start_probe --db DB
"""

from __future__ import annotations

import sys
import time
from typing import Any


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from app.cli.main import main as presence
    from app.ui import week_model, week_view

    loaded = False
    set_plan = week_model.WeekModel.set_plan
    paint = week_view.DayView.paintEvent

    def set_plan_and_note(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal loaded
        set_plan(self, *args, **kwargs)
        loaded = True

    def paint_then_quit(self: Any, event: Any) -> None:
        paint(self, event)
        if loaded:
            print(time.monotonic(), flush=True)
            week_view.DayView.paintEvent = paint  # type: ignore[method-assign]
            QApplication.quit()

    week_model.WeekModel.set_plan = set_plan_and_note  # type: ignore[method-assign]
    week_view.DayView.paintEvent = paint_then_quit  # type: ignore[method-assign]
    return presence(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
