"""`presence list` as SPEC section 12 has it: the week's posts and slot occurrences, as JSON a
script reads and as a table per day a person reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def presence(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Berlin"}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_json_lists_every_post_and_each_slot_occurrence(db_path: Path) -> None:
    assert presence("demo", "--db", str(db_path), "--week", "2026-W48").returncode == 0
    out = presence("list", "--db", str(db_path), "--week", "2026-W48", "--json")
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["week"] == "2026-W48"
    items = document["items"]
    posts = [i for i in items if i["type"] == "post"]
    slots = [i for i in items if i["type"] == "slot"]
    assert len(posts) == 18 and len(slots) == 8  # the Mastodon reply slot five times
    first = items[0]
    assert first == {**first, "type": "post", "start": "2026-11-23T08:00+01:00", "zone": "Europe/Berlin",
                     "platform": "linkedin", "account": "ana-lopes", "kind": "promo",
                     "status": "scheduled", "link": "https://www.slowroads.blog/shop/photo-walks-course",
                     "tags": ["launch"]}
    reply = next(i for i in slots if i["platform"] == "mastodon" and i["kind"] == "reply")
    assert (reply["duration_min"], reply["repeat"], reply["done"]) == (
        20, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", False)
    assert [i["start"] for i in items] == sorted(i["start"] for i in items)


def test_plain_output_is_a_table_per_day(db_path: Path) -> None:
    presence("demo", "--db", str(db_path), "--week", "2026-W48")
    lines = presence("list", "--db", str(db_path), "--week", "2026-W48").stdout.splitlines()
    assert lines[0] == "Week 2026-W48: 18 posts, 8 engagement slots"
    days = [line for line in lines if line and not line.startswith(" ")][1:]
    assert days == ["Monday 23 November", "Tuesday 24 November", "Wednesday 25 November",
                    "Thursday 26 November", "Friday 27 November", "Saturday 28 November",
                    "Sunday 29 November"]
    monday = lines[lines.index("Monday 23 November") + 1]
    assert monday.split()[:4] == ["08:00", "LinkedIn", "ana-lopes", "promo"]
    assert any("reply 20 min" in line and "repeats" in line for line in lines)
    assert "(s)" not in "\n".join(lines)
