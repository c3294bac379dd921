"""`presence checklist` without a display: a one-page PDF or an HTML file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def presence(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update({"TZ": "Europe/Berlin", **extra_env})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=90, check=False)


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    assert presence("demo", "--db", str(db_path), "--week", "2026-W48").returncode == 0
    return db_path


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_pdf_of_the_demo_week_is_one_readable_page_without_a_display(
    demo_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "week.pdf"
    out = presence("checklist", "--db", str(demo_db), "--week", "2026-W48", "-o", str(target),
                   "--paper", "a4")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # no Qt warnings about displays or fonts
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    assert "A4" in info.stdout
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("Week 2026-W48", "Monday 23 November", "Goals this week",
                     "Reminders from this week", "Lisbon on foot"):
        assert expected in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_letter_paper_for_a_us_locale(demo_db: Path, tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("needs poppler-utils")
    target = tmp_path / "week.pdf"
    out = presence("checklist", "--db", str(demo_db), "--week", "2026-W48", "-o", str(target),
                   LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    assert out.returncode == 0, out.stderr
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert "letter" in info.stdout.lower()


def test_html_prints_user_text_literally(demo_db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "evil.csv"
    csv_file.write_text(
        "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,"
        "tags,notes\r\npost,2026-11-24,10:30,Europe/Berlin,x,,own,scheduled,,,"
        "<script>alert(1)</script> <b>not bold</b>,,,\r\n", encoding="utf-8")
    assert presence("import", "--db", str(demo_db), str(csv_file)).returncode == 0
    target = tmp_path / "week.html"
    out = presence("checklist", "--db", str(demo_db), "--week", "2026-W48", "-o", str(target))
    assert out.returncode == 0, out.stderr
    html = target.read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;not bold&lt;/b&gt;" in html
    assert "<script>" not in html


def test_a_wrong_suffix_is_refused_in_one_line(demo_db: Path, tmp_path: Path) -> None:
    out = presence("checklist", "--db", str(demo_db), "-o", str(tmp_path / "week.docx"))
    assert out.returncode == 2 and ".pdf or .html" in out.stderr
    assert not (tmp_path / "week.docx").exists()


def test_a_stale_display_does_not_stop_it(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "week.pdf"
    out = presence("checklist", "--db", str(demo_db), "--week", "2026-W48", "-o", str(target),
                   DISPLAY=":97")  # no X server there, as in a cron job with an old DISPLAY
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().startswith(b"%PDF")
