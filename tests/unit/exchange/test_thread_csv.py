"""A thread through CSV (SPEC section 9): its parts in `text`, separated by a line holding
only `---`; real processes, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from app.domain.items import THREAD_SEPARATOR
from app.exchange.csv_format import COLUMNS

SENTENCE = "Lisbon on foot is a city of hills, trams and viewpoints worth the climb. "
LONG_X = (SENTENCE * 8).strip() + " Go slow, 語語語."  # weighs 600 on X


def presence(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Berlin"}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return out.getvalue()


def test_a_split_thread_survives_export_import_and_export_byte_for_byte(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    source = tmp_path / "long.csv"
    source.write_text(_csv([{"type": "post", "date": "2026-11-24", "time": "09:00",
                             "timezone": "Europe/Berlin", "platform": "x", "kind": "own",
                             "status": "scheduled", "text": LONG_X}]), encoding="utf-8")
    assert presence("import", "--db", str(first), str(source)).returncode == 0
    lint = presence("lint", "--db", str(first), "--week", "2026-W48", "--json")
    (finding,) = [f for f in json.loads(lint.stdout)["findings"] if f["rule"] == "text-limit"]
    assert finding["fix"]["label"] == "Split it into a thread of 3 parts, at sentence ends"
    fixed = presence("fix", "--db", str(first), "--week", "2026-W48", finding["key"])
    assert fixed.returncode == 0, fixed.stderr
    after = json.loads(presence("lint", "--db", str(first), "--week", "2026-W48", "--json").stdout)
    assert [f for f in after["findings"] if f["rule"] == "text-limit"] == []

    exported = tmp_path / "thread.csv"
    assert presence("export", "--db", str(first), "--week", "2026-W48", "-o", str(exported)).returncode == 0
    (row,) = [r for r in csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8")))]
    assert row["text"].count(THREAD_SEPARATOR) == 2 and row["text"].split("\n")[1] == "---"
    assert presence("import", "--db", str(second), str(exported)).returncode == 0
    again = tmp_path / "again.csv"
    assert presence("export", "--db", str(second), "--week", "2026-W48", "-o", str(again)).returncode == 0
    assert again.read_bytes() == exported.read_bytes()


def test_a_spreadsheets_crlf_separator_reads_as_the_thread(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    source = tmp_path / "crlf.csv"
    text = "First part.\r\n---  \r\nSecond part."
    source.write_text(_csv([
        {"type": "post", "date": "2026-11-24", "time": "09:00", "timezone": "Europe/Berlin",
         "platform": "bluesky", "kind": "own", "status": "draft", "text": text},
        {"type": "post", "date": "2026-11-24", "time": "10:00", "timezone": "Europe/Berlin",
         "platform": "linkedin", "kind": "own", "status": "draft", "text": text}]),
        encoding="utf-8", newline="")
    assert presence("import", "--db", str(db), str(source)).returncode == 0
    out = presence("export", "--db", str(db), "--week", "2026-W48").stdout
    bluesky, linkedin = csv.DictReader(io.StringIO(out, newline=""))
    assert bluesky["text"] == "First part.\n---\nSecond part."
    # no threads on LinkedIn: its "---  " line stays a line of the text
    assert linkedin["text"].replace("\r\n", "\n") == "First part.\n---  \nSecond part."
