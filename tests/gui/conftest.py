"""GUI fixtures: the application named as in production, a window on a demo week."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app import APP_NAME
from app.domain.weeks import Week
from app.services.demo import fill_demo
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = "2026-W48"


@pytest.fixture(autouse=True)
def _named_app(qapp: QApplication) -> None:
    qapp.setApplicationName(APP_NAME)


@pytest.fixture
def layout(tmp_path: Path) -> QSettings:
    """Window layout kept in a test's own INI file."""
    return QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def demo_repo(repo: Repository) -> Repository:
    repo.set_setting("zone", "Europe/Berlin")
    fill_demo(repo, Week.parse(WEEK, BERLIN))
    return repo


@pytest.fixture
def window(qtbot, demo_repo: Repository, layout: QSettings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    win = MainWindow(demo_repo, layout, Week.parse(WEEK, BERLIN))
    qtbot.addWidget(win)
    win.resize(1280, 800)  # the offscreen screen is only 800 px wide: room for the findings
    win.poll.stop()  # tests drive refreshes themselves
    yield win
    if win.editor is not None:
        win.editor.reject()


def add_goal_row(dialog: Any, platform: str, target: int, subject: str) -> None:
    """A new row in the goals dialog, filled in as the user would: platform, target, subject."""
    dialog.add_row(None)
    r = dialog.table.rowCount() - 1
    platform_box, _bound, target_box, subject_box = (dialog.table.cellWidget(r, c) for c in range(4))
    platform_box.setCurrentIndex(platform_box.findData(platform))
    target_box.setValue(target)
    subject_box.setCurrentIndex(subject_box.findData(subject))
