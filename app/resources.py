"""Files the program reads at run time (icons), found the same way from source and from a bundle.

They live in the data folder `app/resources/` next to this module (a folder without
`__init__.py`, installed as package data and copied into the PyInstaller bundle), and are
located with `importlib.resources`, never by looking at `sys._MEIPASS`. The SVG source of
the icon is `resources/icons/presence.svg` at the top of the repository;
`packaging/render_icons.py` copies it here and renders the PNG sizes.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_path(*parts: str) -> Path:
    """A file under `app/resources/` as a real path (Qt wants paths, not file objects).

    Installed from a wheel, editable, or frozen in the one-folder bundle, the package is a
    folder on disk, so the traversable is a path already; zipped installs are not supported.
    """
    return Path(str(files("app").joinpath("resources", *parts)))


def icon_path(size: int | None = None) -> Path:
    """The application icon: the PNG of the smallest size >= `size`, or the SVG for None."""
    if size is None:
        return resource_path("icons", "presence.svg")
    fitting = [s for s in ICON_SIZES if s >= size]
    return resource_path("icons", f"presence-{fitting[0] if fitting else ICON_SIZES[-1]}.png")


def app_icon() -> QIcon:
    """The window and task-bar icon, with every rendered size so Qt never scales one up."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_path(size)))
    return icon
