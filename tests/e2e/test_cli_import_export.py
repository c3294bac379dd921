"""The command line as a user runs it: a real process on a real database file."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.exchange.csv_format import COLUMNS


def presence(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "TZ": "Europe/Berlin", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=full_env,
        input=stdin, timeout=60, check=False,
    )


def test_demo_then_export_prints_the_sample_week(db_path: Path) -> None:
    made = presence("demo", "--db", str(db_path), "--week", "2026-W48")
    assert made.returncode == 0, made.stderr
    assert "2026-W48" in made.stdout
    out = presence("export", "--db", str(db_path), "--week", "2026-W48", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert tuple(rows[0]) == COLUMNS
    platforms = {r["platform"] for r in rows}
    assert {"mastodon", "linkedin", "x", "instagram"} <= platforms
    assert {r["type"] for r in rows} == {"post", "slot"}
    assert all(r["date"].startswith("2026-11-2") for r in rows)
    assert sum(r["kind"] == "reply" and r["platform"] == "mastodon" for r in rows) == 5


def test_export_then_import_gives_the_same_week_back(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    presence("demo", "--db", str(first), "--week", "2026-W13")  # the week clocks go forward
    exported = tmp_path / "week.csv"
    assert presence("export", "--db", str(first), "--week", "2026-W13", "-o", str(exported)).returncode == 0
    imported = presence("import", "--db", str(second), str(exported))
    assert imported.returncode == 0, imported.stderr
    again = presence("export", "--db", str(second), "--week", "2026-W13")
    assert again.stdout == exported.read_text(encoding="utf-8")
    # Importing the same file twice does not plan everything twice.
    twice = presence("import", "--db", str(second), str(exported))
    assert twice.stdout == f"Nothing new to import from {exported} (26 already planned).\n"


def test_a_bad_file_writes_nothing_and_names_every_bad_line(tmp_path: Path, db_path: Path) -> None:
    presence("demo", "--db", str(db_path), "--week", "2026-W48")
    before = presence("export", "--db", str(db_path), "--week", "2026-W48").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        ",".join(COLUMNS) + "\n"
        "post,2026-11-24,09:30,Europe/Berlin,x,,own,scheduled,,,fine,,,\n"
        "post,2026-11-24,9.30,Europe/Berlin,x,,own,scheduled,,,bad time,,,\n"
        "slot,2026-11-25,10:00,Europe/Berlin,x,,reply,,lots,,,,,\n",
        encoding="utf-8",
    )
    result = presence("import", "--db", str(db_path), str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"{bad}: line 3, time: '9.30' is not a 24-hour time like 09:30"
    assert lines[1] == f"{bad}: line 4, duration_min: 'lots' is not a whole number of minutes (1 to 1440)"
    assert "nothing imported" in lines[-1]
    assert presence("export", "--db", str(db_path), "--week", "2026-W48").stdout == before


def test_formula_cells_leave_neutralised_and_come_back(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        ",".join(COLUMNS) + "\n"
        'post,2026-11-24,09:30,Europe/Berlin,x,,own,scheduled,,,"=HYPERLINK(""http://evil"")",,,@note\n',
        encoding="utf-8",
    )
    assert presence("import", "--db", str(db_path), str(source)).returncode == 0
    out = presence("export", "--db", str(db_path), "--week", "2026-11-24").stdout
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["text"] == "'=HYPERLINK(\"http://evil\")" and row["notes"] == "'@note"


def test_presence_db_environment_and_week_as_a_date(tmp_path: Path) -> None:
    path = tmp_path / "env.db"
    assert presence("demo", "--week", "2026-11-26", env={"PRESENCE_DB": str(path)}).returncode == 0
    assert path.exists()
    out = presence("export", "--week", "2026-W48", env={"PRESENCE_DB": str(path)})
    assert out.stdout.count("\n") > 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--week", "2026-W60"], "--week: '2026-W60' is not an ISO week"),
        (["export", "--weeks", "0"], "--weeks must be 1 or more"),
        (["import", "missing.csv"], "missing.csv: cannot read"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(db_path: Path, args: list[str], message: str) -> None:
    presence("demo", "--db", str(db_path))
    result = presence(*args, "--db", str(db_path))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_a_foreign_file_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 10)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in (["export"], ["demo"], ["import", os.devnull]):
        result = presence(*command, "--db", str(path))
        assert result.returncode == 2
        assert result.stderr == f"presence: {path}: is not a Presence database (not an SQLite file)\n"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_version_and_help_on_every_command() -> None:
    from app import __version__

    assert presence("--version").stdout.strip() == f"presence {__version__}"
    for command in ("import", "export", "demo"):
        shown = presence(command, "--help")
        assert shown.returncode == 0 and "--db" in shown.stdout
