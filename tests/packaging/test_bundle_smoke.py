"""The built desktop bundle, run as a user runs it: window and command line from dist/presence/.

The bundle is built with packaging/build.sh when it is missing or older than the code it
holds: about 20 s on the 2-CPU build machine from a fresh clone.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import __version__

pytestmark = pytest.mark.slow
fcntl = pytest.importorskip("fcntl", reason="builds with bash and locks with flock: Linux and macOS")

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "presence"
BINARY = BUNDLE / ("presence.exe" if sys.platform == "win32" else "presence")
# What goes into the bundle: a change to any of these makes a built bundle stale.
INPUTS = (ROOT / "app", ROOT / "packaging" / "presence.spec", ROOT / "packaging" / "hooks")
WEEK = "2026-W48"


def newest_input() -> float:
    """The latest modification time among the files the bundle is built from."""
    times = []
    for place in INPUTS:
        files = place.rglob("*") if place.is_dir() else [place]
        times += [f.stat().st_mtime for f in files if f.is_file() and "__pycache__" not in f.parts]
    return max(times)


def toolchain() -> str:
    """The Python, Qt and PyInstaller a bundle is made from: another one makes it stale too."""
    from importlib.metadata import version

    return (f"Python {sys.version.split()[0]}, PySide6 {version('PySide6-Essentials')}, "
            f"PyInstaller {version('pyinstaller')}")


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    """The bundle's executable, built first if missing or stale.

    Two test runs in one work tree share dist/: the build holds the lock alone, and the
    tests of a run hold it shared, so a build never replaces a bundle under running tests.
    """
    lock_path = ROOT / "build" / "bundle-test.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = ROOT / "build" / "bundle-test.toolchain"
        made_with = stamp.read_text(encoding="utf-8") if stamp.exists() else ""
        if not BINARY.exists() or BINARY.stat().st_mtime < newest_input() or made_with != toolchain():
            built = subprocess.run(
                ["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, capture_output=True,
                text=True, timeout=600, check=False,
                env={**os.environ, "PRESENCE_PYTHON": sys.executable},
            )
            assert built.returncode == 0, built.stdout + built.stderr
            BINARY.touch()  # PyInstaller leaves an unchanged executable alone: mark it fresh
            stamp.write_text(toolchain(), encoding="utf-8")
        fcntl.flock(lock, fcntl.LOCK_SH)
        yield BINARY


def run(binary: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The bundled program with `args`, offscreen unless `env` says otherwise."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TZ": "Europe/Berlin", **(env or {})}
    full_env.pop("PRESENCE_DB", None)
    return subprocess.run(
        [str(binary), *args], capture_output=True, text=True, env=full_env, timeout=120,
        check=False, cwd=binary.parent.parent,
    )


def from_source(*args: str) -> subprocess.CompletedProcess[str]:
    """The same command run from the source tree, to compare with the bundle."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TZ": "Europe/Berlin"}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False, cwd=ROOT)


@pytest.fixture
def demo_db(bundle: Path, tmp_path: Path) -> Iterator[Path]:
    """A database holding the demo week of 2026-W48, filled by the bundle."""
    db = tmp_path / "planner.db"
    made = run(bundle, "demo", "--db", str(db), "--week", WEEK)
    assert made.returncode == 0, made.stderr
    yield db


def test_bundle_reports_the_package_version(bundle: Path) -> None:
    shown = run(bundle, "--version")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == f"presence {__version__}"


def test_window_opens_on_a_new_database_with_the_demo_week_and_quits(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "first-start.db"
    opened = run(bundle, "--db", str(db), env={"PRESENCE_SMOKE": "1"})
    assert opened.returncode == 0, opened.stderr
    assert "Traceback" not in opened.stderr
    # The window filled this week with the demo; the bundle's own export shows it.
    shown = run(bundle, "export", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    assert {row["type"] for row in rows} == {"post", "slot"}


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private X server (Xvfb) for one test, as DISPLAY; started without xvfb-run or xauth."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("needs Xvfb (./dev test installs it)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        # Xvfb picks a free display number and writes it once it accepts connections.
        ready, _, _ = select.select([read_end], [], [], 30)
        number = os.read(read_end, 16).decode().strip() if ready else ""
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=30)


def test_window_opens_on_an_x11_screen(bundle: Path, tmp_path: Path, x_display: str) -> None:
    # Offscreen proves the program; an X server proves the bundled xcb plugin and its libraries.
    opened = run(bundle, "--db", str(tmp_path / "x11.db"),
                 env={"PRESENCE_SMOKE": "1", "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display})
    assert opened.returncode == 0, opened.stderr
    # A missing library or font shows as a Qt or fontconfig complaint even when Qt copes.
    complaints = [line for line in opened.stderr.splitlines()
                  if any(word in line.lower() for word in ("error", "could not", "cannot", "failed"))]
    assert complaints == []


def test_lint_from_the_bundle_finds_what_the_source_finds(bundle: Path, demo_db: Path) -> None:
    args = ("lint", "--db", str(demo_db), "--week", WEEK, "--json")
    bundled, source = run(bundle, *args), from_source(*args)
    assert bundled.returncode == 1, bundled.stderr  # the demo week has warnings
    report = json.loads(bundled.stdout)
    assert report["week"] == WEEK
    rules = {finding["rule"] for finding in report["findings"]}
    assert {"link-burst", "text-limit", "promo-ratio", "no-engagement"} <= rules
    assert bundled.stdout == source.stdout


def test_lint_from_the_bundle_refuses_a_file_that_is_not_a_database(bundle: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n", encoding="utf-8")
    refused = run(bundle, "lint", "--db", str(notes), "--week", WEEK)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert notes.read_text(encoding="utf-8") == "shopping list\n"


def test_export_from_the_bundle_matches_the_source(bundle: Path, demo_db: Path) -> None:
    args = ("export", "--db", str(demo_db), "--week", WEEK)
    bundled, source = run(bundle, *args), from_source(*args)
    assert bundled.returncode == 0, bundled.stderr
    assert bundled.stdout == source.stdout
    assert bundled.stdout.count("\n") > 10
    calendar = run(bundle, *args, "--format", "ics")
    assert calendar.returncode == 0, calendar.stderr
    assert calendar.stdout.startswith("BEGIN:VCALENDAR")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (./dev test installs it)")
def test_checklist_pdf_from_the_bundle_has_readable_text(bundle: Path, demo_db: Path, tmp_path: Path) -> None:
    # Printing goes through Qt and the system's fonts: text comes out, not empty boxes.
    pdf = tmp_path / "week.pdf"
    made = run(bundle, "checklist", "--db", str(demo_db), "--week", WEEK, "-o", str(pdf))
    assert made.returncode == 0, made.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    text = " ".join(text.split())  # lines wrap where the page is full
    assert "Week 2026-W48" in text
    assert "Which city surprised you most" in text


def test_bundle_carries_the_icons_and_no_unused_qt(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    icons = internal / "app" / "resources" / "icons"
    assert {p.name for p in icons.iterdir()} >= {"presence.svg", "presence-16.png", "presence-512.png"}
    names = {p.name for p in internal.rglob("*")}
    for unused in ("Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt6Network", "Qt6Multimedia", "Qt6Pdf"):
        assert not any(unused in name for name in names), f"{unused} is in the bundle"
    assert not list(internal.rglob("translations/*.qm"))
    size = sum(p.stat().st_size for p in internal.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 160 * 1024 * 1024, f"the bundle grew to {size / 1024 / 1024:.0f} MB"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the freedesktop install is Linux only")
def test_user_install_puts_the_command_the_menu_entry_and_icons_in_place(
    bundle: Path, tmp_path: Path
) -> None:
    prefix = tmp_path / "local"
    script = ROOT / "packaging" / "install-linux.sh"
    installed = subprocess.run(["bash", str(script)], env={**os.environ, "PREFIX": str(prefix)},
                               capture_output=True, text=True, timeout=120, check=False)
    assert installed.returncode == 0, installed.stderr
    shown = run(prefix / "bin" / "presence", "--version")  # through the link, as from PATH
    assert shown.stdout.strip() == f"presence {__version__}", shown.stderr
    entry = (prefix / "share" / "applications" / "presence.desktop").read_text(encoding="utf-8")
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    program = Path(exec_line.removeprefix("Exec="))
    assert os.access(program, os.X_OK)
    icons = prefix / "share" / "icons" / "hicolor"
    assert (icons / "48x48" / "apps" / "io.presence.Presence.png").is_file()
    assert (icons / "scalable" / "apps" / "io.presence.Presence.svg").is_file()

    removed = subprocess.run(["bash", str(script), "--uninstall"], env={**os.environ, "PREFIX": str(prefix)},
                             capture_output=True, text=True, timeout=120, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not (prefix / "bin" / "presence").exists()
    assert not program.exists()
