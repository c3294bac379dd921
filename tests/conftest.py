"""Shared fixtures: a real SQLite file per test, Qt offscreen, hypothesis profiles."""

from __future__ import annotations

import os

# Qt aborts without a display unless told to draw offscreen; this must precede any QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PRESENCE_DB", None)

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings

from app.storage.repository import Repository

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

BERLIN = ZoneInfo("Europe/Berlin")
TESTS = Path(__file__).resolve().parent
QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tiers (CONTRIBUTING.md): `gui` for every test that needs a QApplication, `e2e`
    for the real `presence` processes of tests/e2e; `slow` stays marked by hand."""
    e2e = TESTS / "e2e"
    for item in items:
        if QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
        if item.path.is_relative_to(e2e):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives: a real file in a fresh folder."""
    return tmp_path / "presence.db"


@pytest.fixture
def repo(db_path: Path) -> Iterator[Repository]:
    """A new, empty Presence database on disk."""
    repository = Repository.open(db_path)
    yield repository
    repository.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the user's own data folder and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
