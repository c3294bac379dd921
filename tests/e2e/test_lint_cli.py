"""`presence lint` as a user runs it: a real process on a real database file."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import time
from pathlib import Path

from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.weeks import Week
from app.domain.zones import get_zone, local
from app.storage.repository import Repository

BERLIN = get_zone("Europe/Berlin")


def presence(*args: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Berlin"}
    return subprocess.run(
        [sys.executable, *flags, "-m", "app", *args], capture_output=True, text=True, env=env,
        timeout=60, check=False,
    )


def demo(db_path: Path) -> None:
    made = presence("demo", "--db", str(db_path), "--week", "2026-W48")
    assert made.returncode == 0, made.stderr


def test_demo_week_lints_as_problems_a_blogger_reads(db_path: Path) -> None:
    demo(db_path)
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48")
    assert out.returncode == 1, out.stderr
    text = out.stdout
    lines = text.splitlines()
    # Problems are counted, not findings (19 findings come down to 11 problems).
    assert lines[0] == ("Week 2026-W48 (Monday 23 Nov to Sunday 29 Nov): "
                        "11 problems: 2 errors, 8 warnings, 1 note")
    heads = [line for line in lines if re.match(r"  (error|warning|note) ", line)]
    assert len(heads) == 11
    assert [h.split()[0] for h in heads] == ["error"] * 2 + ["warning"] * 8 + ["note"]
    assert re.match(r"  error +X +Same link in a burst, Wednesday$", heads[0])
    assert re.match(r"  warning +Instagram +No time kept to answer, the whole week$", heads[2])
    # Each problem: its message, the suggestion, then its key (and quick fix, if it has one).
    first = text.split("\n\n")[1].splitlines()
    assert "goes out 4 times on X" in first[1]
    assert first[2].lstrip().startswith("-> Keep the 09:16 post and drop the other 3")
    assert re.fullmatch(r" +key link-burst:x:[0-9a-f]{8}; quick fix: Keep the 09:16 post and "
                        r"drop the other 3 \(marked skipped\)", first[3])
    # What the burst covers is inside it, not a problem of its own.
    inside = [line.strip() for line in first[4:] if line.strip().startswith("+ ")]
    assert inside == ["+ warning: Promo day without time to answer, Wednesday",
                      "+ warning: Too many posts at once, Wednesday"]
    assert "info" not in text and "[#" not in text  # plain words, no internal ids
    assert "presence fix --week 2026-W48 KEY" in lines[-1]


def test_json_is_the_spec_shape(db_path: Path) -> None:
    demo(db_path)
    out = presence("lint", "--db", str(db_path), "--week", "2026-11-25", "--json")
    assert out.returncode == 1, out.stderr
    document = json.loads(out.stdout)
    assert list(document) == ["week", "findings"] and document["week"] == "2026-W48"
    keys = ["rule", "severity", "platform", "day", "items", "message", "suggestion",
            "key", "fix", "folded_into"]
    findings = document["findings"]
    assert len(findings) == 19  # every finding, folded ones too: scripts rely on them
    assert all(list(f) == keys for f in findings)
    severities = [f["severity"] for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    burst = next(f for f in findings if f["rule"] == "link-burst")
    assert burst["platform"] == "x" and burst["day"] == "2026-11-25"
    assert len(burst["items"]) == 4 and all(isinstance(i, int) for i in burst["items"])
    assert burst["folded_into"] is None and burst["fix"]["label"].startswith("Keep the 09:16 post")
    crowd = next(f for f in findings if f["rule"] == "post-burst")
    assert crowd["folded_into"] == burst["key"]
    text_limit = next(f for f in findings if f["rule"] == "text-limit")
    assert text_limit["fix"]["label"] == "Split it into a thread of 2 parts, at sentence ends"
    assert next(f for f in findings if f["rule"] == "goal-shortfall")["fix"] is None
    assert len({f["key"] for f in findings}) == 19
    week_wide = [f for f in findings if f["day"] is None]
    assert {f["rule"] for f in week_wide} >= {"promo-ratio", "no-engagement", "goal-shortfall"}
    # The same week gives the same keys in another process.
    again = json.loads(presence("lint", "--db", str(db_path), "--week", "2026-W48", "--json").stdout)
    assert [f["key"] for f in again["findings"]] == [f["key"] for f in findings]


def _week_with(db_path: Path, items: list[Post | Slot]) -> None:
    with Repository.open(db_path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        repo.add_many(items)


def test_notes_alone_exit_zero_and_an_empty_week_says_so(db_path: Path) -> None:
    week = Week.parse("2026-W48", BERLIN)
    _week_with(db_path, [
        Slot("mastodon", local(week.days[0], time(9), BERLIN), 20, Activity.REPLY),
        *[Post("mastodon", local(day, time(12), BERLIN), PostKind.CURATED,
               text="Worth reading.", link=f"https://example.org/{n}")
          for n, day in enumerate(week.days[:3])],
    ])
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 problem: 1 note" in out.stdout and "note     Mastodon" in out.stdout
    empty = presence("lint", "--db", str(db_path), "--week", "2026-W50", "--json")
    assert empty.returncode == 0
    assert json.loads(empty.stdout) == {"week": "2026-W50", "findings": []}
    quiet = presence("lint", "--db", str(db_path), "--week", "2026-W50")
    assert quiet.returncode == 0 and "nothing to change" in quiet.stdout


def test_bad_input_exits_two_with_one_line(db_path: Path, tmp_path: Path) -> None:
    demo(db_path)
    cases = {
        ("--week", "2026-W60"): "2026 has no week 60",
        ("--week", "next tuesday"): "neither an ISO week",
    }
    for args, reason in cases.items():
        out = presence("lint", "--db", str(db_path), *args)
        assert out.returncode == 2 and reason in out.stderr and out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1
    missing = presence("lint", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 2 and "no such database file" in missing.stderr
    foreign = tmp_path / "notes.txt"
    foreign.write_text("shopping list\n")
    before = hashlib.sha256(foreign.read_bytes()).hexdigest()
    out = presence("lint", "--db", str(foreign))
    assert out.returncode == 2 and "not a Presence database" in out.stderr
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == before


def test_bad_thresholds_in_the_settings_are_named(db_path: Path) -> None:
    demo(db_path)
    with Repository.open(db_path) as repo:
        repo.set_setting("rules", {"promo_ratio": "lots"})
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48")
    assert out.returncode == 2
    assert "rules.promo_ratio: must be a number from 0 to 1, not 'lots'" in out.stderr


def test_thresholds_from_the_settings_apply(db_path: Path) -> None:
    demo(db_path)
    with Repository.open(db_path) as repo:
        repo.set_setting("rules", {"disabled": ["link-burst", "text-limit"]})
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48", "--json")
    rules = {f["rule"] for f in json.loads(out.stdout)["findings"]}
    assert "link-burst" not in rules and "text-limit" not in rules and "promo-ratio" in rules


def test_lint_reads_without_writing_and_without_heavy_imports(db_path: Path) -> None:
    week = Week.parse("2026-W48", BERLIN)
    _week_with(db_path, [Post("x", local(week.days[1], time(9), BERLIN), PostKind.PROMO)])
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48", flags=("-X", "importtime"))
    assert out.returncode == 1
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    assert "app.rules.engine" in imported
    for heavy in ("PySide6", "sqlite_utils", "dateutil", "icalendar"):
        assert heavy not in imported, f"presence lint imports {heavy}"
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
