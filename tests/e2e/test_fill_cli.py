"""Planning a week in three steps, as a user does it from a shell: import ideas (CSV rows
with an empty date), set posting times with `presence config`, `presence fill`. Real
processes on a real database file; the week then lints clean."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, time
from pathlib import Path

from app.domain.items import Post, PostStatus
from app.domain.weeks import Week
from app.domain.zones import get_zone, local
from app.storage import backlog
from app.storage.repository import Repository
from tests.e2e.support import presence

BERLIN = get_zone("Europe/Berlin")
HEADER = "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,tags,notes"


def next_week() -> Week:
    """The week after this one: every posting time in it is still to come."""
    return Week.containing(datetime.now(BERLIN).date(), BERLIN).shifted(1)


def ideas_csv(tmp_path: Path, week: Week) -> Path:
    monday = week.monday.isoformat()
    rows = [
        HEADER,
        # Time kept to answer, every day on X and every weekday on LinkedIn.
        f"slot,{monday},17:00,Europe/Berlin,x,,reply,,20,daily,,,,",
        f"slot,{monday},17:30,Europe/Berlin,LinkedIn,,reply,,20,weekdays,,,,",
        # The ideas: no date, no time.
        'post,,,,x,,own,,,,"Five things I learned walking the coast road",https://slowroads.blog/coast,,',
        'post,,,,x,,curated,,,,"This essay on slow travel is worth your morning",https://example.org/slow,,',
        'post,,,,Twitter,,conversation,,,,"What is the road you keep coming back to?",,,',
        'post,,,,x,,curated,,,,"Old bridges, and why they last: a photo series",https://example.net/bridges,,',
        'post,,,,x,,promo,,,,"My photo-walks course opens today",https://slowroads.blog/course,,',
        'post,,,,x,,promo,,,,"Last days to join the photo-walks course",https://slowroads.blog/course,,',
        'post,,,,linkedin,,own,,,,"How I plan a photo walk in 20 minutes",https://slowroads.blog/plan,,',
        'post,,,,linkedin,,curated,,,,"A good read on slow work, with a note of mine",https://example.com/work,,',
    ]
    path = tmp_path / "ideas.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_week_planned_in_three_steps_lints_clean(tmp_path: Path, db_path: Path) -> None:
    week = next_week()
    db = str(db_path)
    assert not db_path.exists()  # nothing planned at all: the import starts the file

    # 1. Import: slots on their days, the rows with an empty date into the backlog.
    out = presence("import", "--db", db, str(ideas_csv(tmp_path, week)))
    assert out.returncode == 0, out.stderr
    with Repository.open(db_path, readonly=True) as repo:
        assert len(backlog.ideas(repo)) == 8
        posts, _slots = repo.items_between(week.start, week.end)
        assert posts == []
    assert presence("import", "--db", db, str(ideas_csv(tmp_path, week))).returncode == 0
    with Repository.open(db_path, readonly=True) as repo:
        assert len(backlog.ideas(repo)) == 8, "importing the same file twice adds nothing"

    # 2. Posting times from the command line, read back as set.
    out = presence("config", "--db", db, "posting_times.x", "mon-fri 09:00,13:00; sat 10:00")
    assert out.returncode == 0, out.stderr
    assert presence("config", "--db", db, "posting_times.linkedin", "tue,thu 08:30").returncode == 0
    shown = presence("config", "--db", db, "posting_times.x")
    assert shown.stdout.strip() == "mon-fri 09:00,13:00; sat 10:00"

    # A dry run shows the plan and writes nothing.
    before = digest(db_path)
    dry = presence("fill", "--db", db, "--week", week.label, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    planned = json.loads(dry.stdout)
    assert digest(db_path) == before
    assert planned["week"] == week.label and planned["applied"] is False
    assert planned["free_times"] == 13
    assert len(planned["placements"]) >= 6

    # 3. Fill: the same plan, written.
    out = presence("fill", "--db", db, "--week", week.label, "--json")
    assert out.returncode == 0, out.stderr
    done = json.loads(out.stdout)
    assert done["applied"] is True
    assert [(p["start"], p["text"]) for p in done["placements"]] == [
        (p["start"], p["text"]) for p in planned["placements"]]

    lint = presence("lint", "--db", db, "--week", week.label)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    with Repository.open(db_path, readonly=True) as repo:
        posts, _slots = repo.items_between(week.start, week.end)
        left = backlog.ideas(repo)
    assert len(posts) == len(planned["placements"])
    assert len(left) == 8 - len(posts)
    assert {p.id for p in posts} == {p["id"] for p in done["placements"]}
    times = {"x": {(d, time(h)) for d in range(5) for h in (9, 13)} | {(5, time(10))},
             "linkedin": {(1, time(8, 30)), (3, time(8, 30))}}
    for post in posts:
        assert isinstance(post, Post) and post.status is PostStatus.SCHEDULED
        seen = post.start.astimezone(BERLIN)
        assert (seen.weekday(), seen.time()) in times[post.platform]
    # The two promo posts of one link are not both placed within 72 hours, nor do they tip
    # the share on X: whatever is left says why.
    for idea in left:
        reason = next(x["reason"] for x in done["left"] if x["idea"] == idea.id)
        assert reason

    # Filling again places nothing new the week cannot take; it still lints clean.
    again = presence("fill", "--db", db, "--week", week.label)
    assert again.returncode == 0, again.stderr
    assert presence("lint", "--db", db, "--week", week.label).returncode == 0


def test_fill_in_words_and_bad_input(tmp_path: Path, db_path: Path) -> None:
    week = next_week()
    db = str(db_path)
    presence("config", "--db", db, "zone", "Europe/Berlin")
    presence("import", "--db", db, str(ideas_csv(tmp_path, week)))
    out = presence("fill", "--db", db, "--week", week.label, "--dry-run")
    assert out.returncode == 0
    assert "would place 0 posts" in out.stdout  # no posting times yet
    assert "no posting times on this platform" in out.stdout
    assert "Nothing written (--dry-run)." in out.stdout

    bad = presence("config", "--db", db, "posting_times.x", "mon-fry 09:00")
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("presence: posting_times.x: 'fry' is not a day "
                                  "(mon, tue, wed, thu, fri, sat, sun)")
    bad = presence("config", "--db", db, "posting_times.x", "mon 9am")
    assert bad.returncode == 2 and "'9am' is not a 24-hour time like 09:00" in bad.stderr
    bad = presence("config", "--db", db, "posting_times.nowhere", "mon 09:00")
    assert bad.returncode == 2 and "no such platform" in bad.stderr
    assert presence("config", "--db", db, "posting_times.x").stdout.strip() == "none"

    bad = presence("fill", "--db", db, "--week", "2026-W99")
    assert bad.returncode == 2 and "--week" in bad.stderr

    presence("config", "--db", db, "posting_times.x", "mon 09:00")
    out = presence("fill", "--db", db, "--week", week.label)
    assert out.returncode == 0
    assert "placed 1 post in 1 free posting time" in out.stdout
    # An empty value clears the times.
    assert presence("config", "--db", db, "posting_times.x", "").returncode == 0
    assert presence("config", "--db", db, "posting_times.x").stdout.strip() == "none"


def test_list_backlog_shows_the_ideas_and_list_the_week_what_fill_placed(tmp_path: Path,
                                                                         db_path: Path) -> None:
    week = next_week()
    db = str(db_path)
    presence("config", "--db", db, "zone", "Europe/Berlin")
    presence("import", "--db", db, str(ideas_csv(tmp_path, week)))
    out = presence("list", "--db", db, "--backlog")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "Backlog: 8 ideas"
    assert "What is the road you keep coming back to?" in out.stdout
    listed = json.loads(presence("list", "--db", db, "--backlog", "--json").stdout)["backlog"]
    assert [(i["platform"], i["kind"]) for i in listed][:3] == [("x", "own"), ("x", "curated"),
                                                                ("x", "conversation")]
    assert listed[0]["link"] == "https://slowroads.blog/coast"

    presence("config", "--db", db, "posting_times.x", "mon 09:00")
    presence("fill", "--db", db, "--week", week.label)
    items = json.loads(presence("list", "--db", db, "--week", week.label, "--json").stdout)["items"]
    (post,) = [i for i in items if i["type"] == "post"]
    assert post["text"] == "Five things I learned walking the coast road"
    assert post["start"] == local(week.monday, time(9), BERLIN).isoformat(timespec="minutes")
    assert post["zone"] == "Europe/Berlin"
    assert {i["kind"] for i in items if i["type"] == "slot"} == {"reply"}
    assert len(json.loads(presence("list", "--db", db, "--backlog", "--json").stdout)["backlog"]) == 7
