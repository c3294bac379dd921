"""Odd command-line input gets one line and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.services.demo import fill_demo
from app.storage.repository import Repository
from tests.reliability.support import count_inputs, run_cli


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "presence.db"
    with Repository.open(db) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        fill_demo(repo, Week.parse("2026-W48", get_zone("Europe/Berlin")))
    return db


@pytest.mark.parametrize("command", ["lint", "export", "checklist"])
@pytest.mark.parametrize("week", ["9999-12-30", "9999-W52", "0001-01-01", "0001-W01", "1969-12-28",
                                  "3000-01-06", "2026-W54", "2026-02-30", "W48", "2026-W48;rm"])
def test_a_week_out_of_range_or_malformed_is_one_line(
    command: str, week: str, demo_db: Path, tmp_path: Path
) -> None:
    extra = ["-o", str(tmp_path / "week.html")] if command == "checklist" else []
    result = run_cli(command, "--db", str(demo_db), "--week", week, *extra)
    count_inputs()
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("presence: --week: "), result.stderr
    assert not (tmp_path / "week.html").exists()


@pytest.mark.parametrize("week", ["1970-01-01", "2999-12-31"])
def test_the_first_and_last_weeks_in_range_work(week: str, demo_db: Path) -> None:
    result = run_cli("export", "--db", str(demo_db), "--week", week)
    count_inputs()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("type,date,time")


@pytest.mark.parametrize(("weeks", "reason"), [
    ("0", "1 or more"), ("-1", "1 or more"), ("521", "520 or fewer"), ("99999999", "520 or fewer")])
def test_an_absurd_number_of_weeks_is_one_line(weeks: str, reason: str, demo_db: Path) -> None:
    result = run_cli("export", "--db", str(demo_db), "--week", "2026-W48", "--weeks", weeks)
    count_inputs()
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"presence: --weeks must be {reason}, not {weeks}"]
