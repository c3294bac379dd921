"""What the README's screenshot scripts share: the dark palette, the style, the window on a
fresh database's layout, and the run over a folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


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


def use_palette(app: QApplication, dark: bool) -> None:
    """Fusion, light or dark, so the pictures do not depend on the desktop they are taken on."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


def main_window(repo: Any, tmp: str, week: Any, width: int, height: int, **kwargs: Any) -> Any:
    """The main window on `repo` at this size, shown, its layout kept in the temporary folder."""
    from app.ui.main_window import MainWindow

    layout = QSettings(str(Path(tmp) / "layout.ini"), QSettings.Format.IniFormat)
    window = MainWindow(repo, layout, week, **kwargs)
    window.resize(width, height)
    window.show()
    return window


def settle(app: QApplication) -> None:
    """Let a shown window lay itself out and paint before it is grabbed."""
    for _ in range(5):
        app.processEvents()


def start(folder: str) -> tuple[QApplication, Path]:
    """The application, and the folder the pictures go to (made if need be)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app, out
