"""`presence fix`, `presence ignore` and `presence unignore` as a user runs them: real
processes on a real database file, keys taken from `presence lint --json`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.items import Post
from app.storage import database, schema
from app.storage.repository import Repository
from tests.e2e.support import presence


def demo(db_path: Path) -> None:
    made = presence("demo", "--db", str(db_path), "--week", "2026-W48")
    assert made.returncode == 0, made.stderr


def findings(db_path: Path, *extra: str) -> list[dict[str, Any]]:
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48", "--json", *extra)
    assert out.returncode in (0, 1), out.stderr
    found: list[dict[str, Any]] = json.loads(out.stdout)["findings"]
    return found


def one(found: list[dict[str, Any]], rule: str, platform: str | None = None) -> dict[str, Any]:
    return next(f for f in found if f["rule"] == rule and platform in (None, f["platform"]))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fix_applies_the_quick_fix_lint_names(db_path: Path) -> None:
    demo(db_path)
    burst = one(findings(db_path), "link-burst")
    out = presence("--db", str(db_path), "fix", "--week", "2026-W48", burst["key"])
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == f"Done: {burst['fix']['label']}."
    assert "3 items changed; week 2026-W48: 10 problems" in out.stdout
    after = findings(db_path)
    assert not any(f["rule"] == "link-burst" for f in after)
    # The kept post is untouched, the others are skipped, nothing moved.
    with Repository.open(db_path, readonly=True) as repo:
        posts = [repo.get(i) for i in burst["items"]]
    assert [p.status.value for p in posts if isinstance(p, Post)] == ["scheduled"] + ["skipped"] * 3


def test_a_reply_slot_fix_adds_one_slot_on_that_day(db_path: Path) -> None:
    demo(db_path)
    gap = one(findings(db_path), "engagement-gap", "linkedin")
    out = presence("fix", "--db", str(db_path), "--week", "2026-W48", gap["key"])
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Done: Add a 20-min reply slot on LinkedIn on Monday at 09:00")
    left = [f for f in findings(db_path) if f["rule"] == "engagement-gap" and f["platform"] == "linkedin"]
    assert [f["day"] for f in left] == ["2026-11-24", "2026-11-26"]  # Monday's is answered


def test_fix_refuses_unknown_keys_and_findings_without_a_fix(db_path: Path) -> None:
    demo(db_path)
    before = digest(db_path)
    goal = next(f for f in findings(db_path) if f["rule"] == "goal-shortfall")
    for key, reason in ((goal["key"], "has no quick fix"),
                        ("promo-ratio:x:00000000", "no such finding in week 2026-W48")):
        out = presence("fix", "--db", str(db_path), "--week", "2026-W48", key)
        assert out.returncode == 2 and out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1 and reason in out.stderr
    assert digest(db_path) == before


def test_ignore_sets_a_problem_aside_until_one_of_its_posts_changes(db_path: Path) -> None:
    demo(db_path)
    burst = one(findings(db_path), "link-burst")
    out = presence("ignore", "--db", str(db_path), "--week", "2026-W48", burst["key"])
    assert out.returncode == 0, out.stderr
    assert "Set aside, with the 2 folded into it" in out.stdout
    plain = presence("lint", "--db", str(db_path), "--week", "2026-W48").stdout
    assert plain.splitlines()[0].endswith("10 problems: 1 error, 8 warnings, 1 note; 1 set aside")
    assert burst["key"] not in plain
    # Without --all the JSON leaves out what is set aside (and what is folded into it) ...
    visible = findings(db_path)
    assert len(visible) == 16 and not any(f["rule"] == "link-burst" for f in visible)
    # ... with --all every finding is there and says whether it is set aside.
    every = findings(db_path, "--all")
    assert len(every) == 19 and all(isinstance(f["ignored"], bool) for f in every)
    assert sorted(f["rule"] for f in every if f["ignored"]) == [
        "engagement-gap", "link-burst", "post-burst"]
    # Editing one of its posts makes it a new finding, back in the list.
    with Repository.open(db_path) as repo:
        post = repo.get(burst["items"][1])
        assert isinstance(post, Post)
        repo.update(post.with_(text=post.text + " Last chance."))
    back = one(findings(db_path), "link-burst")
    assert back["key"] != burst["key"]


def test_unignore_brings_it_back_and_refuses_what_is_not_set_aside(db_path: Path) -> None:
    demo(db_path)
    too_long = one(findings(db_path), "text-limit")
    key = too_long["key"]
    assert presence("ignore", "--db", str(db_path), "--week", "2026-W48", key).returncode == 0
    assert not any(f["key"] == key for f in findings(db_path))
    out = presence("unignore", "--db", str(db_path), "--week", "2026-W48", key)
    assert out.returncode == 0 and "back in the list" in out.stdout
    assert any(f["key"] == key for f in findings(db_path))
    before = digest(db_path)
    for command in ("unignore", "ignore"):
        out = presence(command, "--db", str(db_path), "--week", "2026-W48", "text-limit:x:00000000")
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert digest(db_path) == before


def test_setting_aside_every_warning_and_error_lets_lint_pass(db_path: Path) -> None:
    demo(db_path)
    for finding in findings(db_path):
        if finding["folded_into"] is None and finding["severity"] != "info":
            done = presence("ignore", "--db", str(db_path), "--week", "2026-W48", finding["key"])
            assert done.returncode == 0, done.stderr
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48")
    assert out.returncode == 0, out.stdout
    assert out.stdout.splitlines()[0].endswith("1 problem: 1 note; 10 set aside")


def test_lint_reads_a_read_only_schema_2_file_with_nothing_set_aside(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", schema.MIGRATIONS[:2])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    from app.domain.weeks import Week
    from app.domain.zones import get_zone
    from app.services.demo import demo_accounts, demo_items

    with Repository.open(db_path) as repo:  # the demo week without its goals (schema 3 style)
        for account in demo_accounts():
            repo.save_account(account)
        repo.add_many(demo_items(Week.parse("2026-W48", get_zone("Europe/Berlin"))))
        repo.set_setting("zone", "Europe/Berlin")
    monkeypatch.undo()
    before = digest(db_path)
    found = findings(db_path, "--all")
    assert len(found) == 17 and not any(f["ignored"] for f in found)
    assert digest(db_path) == before  # read as it is, not migrated
