"""`presence account` and `presence goal` as a script runs them (SPEC section 12): checked as
the window checks, one line and exit 2 for bad input, and then nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.weeks import Week
from app.services.preferences import user_zone
from app.storage.repository import Repository
from tests.e2e.support import presence


@pytest.fixture
def db(db_path: Path) -> Path:
    with Repository.open(db_path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
    return db_path


def snapshot(path: Path) -> tuple[object, ...]:
    with Repository.open(path, readonly=True) as repo:
        goals = repo.conn.execute("SELECT * FROM goals ORDER BY id").fetchall()
        return tuple(repo.accounts()), tuple(goals)


def test_accounts_are_added_listed_changed_and_removed(db: Path) -> None:
    added = presence("account", "add", "Twitter", "slowroads", "--db", str(db))
    assert added.returncode == 0, added.stderr
    assert added.stdout == "Added x slowroads, business (id 1).\n"
    assert presence("account", "add", "li", "ana-lopes", "--use", "Personal", "--db", str(db)).returncode == 0
    changed = presence("account", "add", "linkedin", "ana-lopes", "--use", "business", "--db", str(db))
    assert changed.stdout == "linkedin ana-lopes is now business (was personal).\n"
    listed = json.loads(presence("account", "list", "--json", "--db", str(db)).stdout)
    assert listed == {"accounts": [
        {"id": 2, "platform": "linkedin", "handle": "ana-lopes", "use": "business", "posts": 0},
        {"id": 1, "platform": "x", "handle": "slowroads", "use": "business", "posts": 0}]}
    plain = presence("account", "list", "--db", str(db)).stdout
    assert "LinkedIn" in plain and "0 posts planned" in plain and "post(s)" not in plain
    removed = presence("account", "remove", "x", "slowroads", "--db", str(db))
    assert removed.returncode == 0 and removed.stdout == "Removed x slowroads.\n"
    by_id = presence("account", "remove", "2", "--db", str(db))
    assert by_id.returncode == 0 and "ana-lopes" in by_id.stdout
    with Repository.open(db, readonly=True) as repo:
        assert repo.accounts() == []


@pytest.mark.parametrize(("args", "message"), [
    (["add", "myspace", "ana"], "presence: unknown platform 'myspace' (known: x, bluesky, mastodon, threads, "
                                "linkedin, facebook, instagram, pinterest, tiktok, youtube, reddit)\n"),
    (["add", "x", "ana", "--use", "boss"], "presence: --use: 'boss' is neither business nor personal\n"),
    (["add", "x", "ana lopes"], "presence: HANDLE: 'ana lopes' is not a handle: a handle is one word, "
                                "like ana-lopes\n"),
    (["remove", "x", "nobody"],
     "presence: there is no account 'nobody' on x (see `presence account list`)\n"),
    (["remove", "42"], "presence: no account has the id 42 (see `presence account list`)\n"),
])
def test_bad_account_input_is_one_line_and_changes_nothing(db: Path, args: list[str], message: str) -> None:
    presence("account", "add", "x", "slowroads", "--use", "personal", "--db", str(db))
    before = snapshot(db)
    result = presence("account", *args, "--db", str(db))
    assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
    assert snapshot(db) == before


def test_an_account_named_in_an_imported_csv_is_created_as_business(db: Path, tmp_path: Path) -> None:
    from app.exchange.csv_format import HEADER

    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\npost,2026-11-24,09:30,Europe/Berlin,x,newhandle,own,,,,hi,,,\n",
                      encoding="utf-8")
    assert presence("import", "--db", str(db), str(source)).returncode == 0
    listed = json.loads(presence("account", "list", "--json", "--db", str(db)).stdout)
    assert listed["accounts"] == [
        {"id": 1, "platform": "x", "handle": "newhandle", "use": "business", "posts": 1}]


def test_a_standing_goal_holds_every_week_and_a_week_goal_overrides_it(db: Path) -> None:
    with Repository.open(db, readonly=True) as repo:
        this_week = Week.current(user_zone(repo))
    later = this_week.shifted(3).label
    standing = presence("goal", "add", "--platform", "X", "--kind", "Promo", "--at-most", "2",
                        "--db", str(db))
    assert standing.returncode == 0, standing.stderr
    assert standing.stdout == (
        f"Added goal 1: at most 2 promo posts on X, every week from {this_week.label}.\n")
    launch = presence("goal", "add", "--platform", "x", "--kind", "promo", "--at-most", "5",
                      "--week", later, "--db", str(db))
    assert launch.stdout == (f"Added goal 2: at most 5 promo posts on X, {later} only; it overrides "
                             "standing goal 1 that week.\n")
    presence("goal", "add", "--platform", "linkedin", "--activity", "comment", "--at-least", "10",
             "--db", str(db))
    in_launch_week = json.loads(presence("goal", "list", "--week", later, "--json", "--db", str(db)).stdout)
    assert in_launch_week == {"week": later, "goals": [
        {"id": 3, "platform": "linkedin", "kind": None, "activity": "comment", "metric": "at_least",
         "target": 10, "standing": True, "since": this_week.label, "week": None},
        {"id": 2, "platform": "x", "kind": "promo", "activity": None, "metric": "at_most",
         "target": 5, "standing": False, "since": None, "week": later},
    ]}
    plain = presence("goal", "list", "--db", str(db)).stdout.splitlines()
    assert plain[0] == f"Goals in {this_week.label}:"
    assert [line.split()[0] for line in plain[1:]] == ["3", "1"]
    assert all(line.endswith(f"every week since {this_week.label}") for line in plain[1:])
    # Lint reads the standing goal too: the week's plan holds it.
    with Repository.open(db, readonly=True) as repo:
        held = repo.load_plan(this_week.shifted(1)).goals
    assert {(g.platform, g.subject, g.target) for g in held} == {
        ("x", "promo", 2), ("linkedin", "comment", 10)}
    removed = presence("goal", "remove", "1", "--db", str(db))
    assert removed.stdout == (
        f"Removed goal 1: at most 2 promo posts on X, every week since {this_week.label}.\n")
    with Repository.open(db, readonly=True) as repo:
        assert [g.id for g in repo.goals(this_week.shifted(10).label)] == [3]


@pytest.mark.parametrize(("args", "message"), [
    (["add", "--platform", "myspace", "--kind", "promo", "--at-most", "2"],
     "presence: --platform: unknown platform 'myspace'"),
    (["add", "--platform", "x", "--kind", "advert", "--at-most", "2"],
     "presence: --kind: 'advert' is not a post kind (promo, own, curated, conversation)"),
    (["add", "--platform", "x", "--activity", "nap", "--at-least", "2"],
     "presence: --activity: 'nap' is not an engagement activity (reply, comment, share, listen, network)"),
    (["add", "--platform", "x", "--kind", "promo", "--at-most", "501"],
     "presence: --at-most: '501' is not a whole number from 0 to 500"),
    (["add", "--platform", "x", "--kind", "promo", "--at-least", "-1"],
     "presence: --at-least: '-1' is not a whole number from 0 to 500"),
    (["add", "--platform", "x", "--kind", "promo", "--at-most", "2"],
     "presence: goal 1 is already at most 2 promo posts on X, every week since"),
    (["add", "--platform", "x", "--kind", "promo", "--at-most", "2", "--week", "2026-W60"],
     "presence: --week: '2026-W60' is not an ISO week"),
    (["remove", "7"], "presence: no goal has the id 7 (see `presence goal list`)"),
    (["remove", "seven"], "presence: 'seven' is not a goal id (see `presence goal list`)"),
])
def test_bad_goal_input_is_one_line_and_changes_nothing(db: Path, args: list[str], message: str) -> None:
    presence("goal", "add", "--platform", "x", "--kind", "promo", "--at-most", "2", "--db", str(db))
    before = snapshot(db)
    result = presence("goal", *args, "--db", str(db))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert snapshot(db) == before


def test_a_hidden_platform_is_not_offered_for_a_goal(db: Path) -> None:
    with Repository.open(db) as repo:
        repo.save_platform(repo.platforms()["tiktok"].with_(hidden=True))
    result = presence("goal", "add", "--platform", "tiktok", "--kind", "own", "--at-least", "1",
                      "--db", str(db))
    assert result.returncode == 2
    assert result.stderr == ("presence: --platform: 'tiktok' is hidden; show it first with "
                             "`presence config platforms.tiktok.shown yes`\n")


def test_help_says_how_accounts_are_named_and_goals_stand() -> None:
    account = presence("account", "remove", "--help").stdout
    assert "PLATFORM HANDLE" in account and "id" in account
    goal = presence("goal", "add", "--help").stdout
    assert "every week" in " ".join(goal.split())
