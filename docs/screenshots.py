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

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SHOTS = (("screenshot.png", 1100, 700, False),
         ("screenshot-wide.png", 1920, 1080, False),
         ("screenshot-dark.png", 1100, 700, True))


def dark_palette() -> QPalette:
    """A dark palette as a desktop's dark theme gives Qt's Fusion style."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d7be0",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Link: "#7aa7ff", QPalette.ColorRole.Mid: "#505050",
        QPalette.ColorRole.Dark: "#202020", QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#404040", QPalette.ColorRole.Shadow: "#101010",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    return p


def shoot(app: QApplication, folder: Path, name: str, width: int, height: int, dark: bool) -> None:
    from app.domain.weeks import Week
    from app.services.demo import fill_demo
    from app.storage.repository import Repository
    from app.ui.main_window import MainWindow, week_for

    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository.open(Path(tmp) / "presence.db")
        week: Week = week_for(repo)
        fill_demo(repo, week)
        layout = QSettings(str(Path(tmp) / "layout.ini"), QSettings.Format.IniFormat)
        window = MainWindow(repo, layout, week)
        window.resize(width, height)
        window.show()
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
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    for name, width, height, dark in SHOTS:
        shoot(app, out, name, width, height, dark)
        print(out / name)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
