"""Retake the README's screenshots: the demo week in a real window, light and dark.

Run under a virtual X server so the window is a real one (fonts, style, palette):

    xvfb-run -a -s '-screen 0 1920x1200x24' .venv/bin/python docs/screenshots.py docs/

Writes screenshot.png (1100x700), screenshot-wide.png (1920x1080) and screenshot-dark.png
(1100x700, dark palette) of the demo week, on a fresh database in a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shots import main_window, start, use_palette

SHOTS = (("screenshot.png", 1100, 700, False),
         ("screenshot-wide.png", 1920, 1080, False),
         ("screenshot-dark.png", 1100, 700, True))


def shoot(app: QApplication, folder: Path, name: str, width: int, height: int, dark: bool) -> None:
    from app.domain.weeks import Week
    from app.services.demo import fill_demo
    from app.storage.repository import Repository
    from app.ui.main_window import week_for

    use_palette(app, dark)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository.open(Path(tmp) / "presence.db")
        week: Week = week_for(repo)
        fill_demo(repo, week)
        window = main_window(repo, tmp, week, width, height)
        QTimer.singleShot(400, app.quit)
        app.exec()
        # The first problem chosen, as a user would click it: its posts selected in the
        # week and its quick fix offered under the list.
        tree = window.findings_panel.tree
        tree.setCurrentIndex(tree.model().index(0, 0))
        QTimer.singleShot(300, app.quit)
        app.exec()
        window.grab().save(str(folder / name))
        window.close()
        repo.close()


def main(folder: str) -> None:
    app, out = start(folder)
    for name, width, height, dark in SHOTS:
        shoot(app, out, name, width, height, dark)
        print(out / name)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
