"""Issue 18, what goes in and out: hand-off names, exports, re-imports, repeat rules, text.

Numbers in the names are the issue's points.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.storage.repository import Repository
from tests.reliability.support import HEADER, count_inputs, run_cli

BERLIN = get_zone("Europe/Berlin")
W48 = Week.parse("2026-W48", BERLIN)


def fresh(path: Path) -> Path:
    with Repository.open(path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
    return path


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- 4. one file per account, whatever the handle -------------------------------------------

def test_04_handles_that_look_alike_get_files_of_their_own(tmp_path: Path) -> None:
    from app.exchange.schedulers import hand_off

    handles = ["ana/lopes", "ana lopes", "ana-lopes", "ana_lopes", "Ана", "Αννα", "李娜", "ana..lopes",
               "Ana-Lopes"]
    posts = [Post("x", W48.start + timedelta(hours=9 + n), PostKind.OWN, text=f"post {n}", account=h,
                  id=n + 1) for n, h in enumerate(handles)]
    files = hand_off("buffer", posts, BERLIN, "2026-W48")
    count_inputs(len(handles))
    names = [f.name for f in files]
    assert len({n.casefold() for n in names}) == len(handles), names  # apart on any file system
    assert all(part != "_" for n in names for part in n[:-4].split("-")), names


# -- 5. a long export keeps every occurrence -------------------------------------------------

def test_05_a_csv_export_of_three_years_of_a_daily_slot_has_every_day(tmp_path: Path) -> None:
    db = fresh(tmp_path / "presence.db")
    with Repository.open(db) as repo:
        repo.add(Slot("x", W48.start + timedelta(hours=9), 15, Activity.REPLY, "FREQ=DAILY"))
    result = run_cli("export", "--db", str(db), "--week", "2026-W48", "--weeks", "156")
    count_inputs()
    assert result.returncode == 0, result.stderr
    assert len(rows_of(result.stdout)) == 156 * 7


# -- 6. an exported week imported back adds nothing -------------------------------------------

def test_06_reimporting_an_exported_week_does_not_duplicate_its_repeating_slots(tmp_path: Path) -> None:
    db = fresh(tmp_path / "presence.db")
    with Repository.open(db) as repo:
        repo.add(Slot("x", W48.start + timedelta(hours=9), 15, Activity.REPLY, "FREQ=DAILY"))
        repo.add(Post("x", W48.start + timedelta(hours=10), PostKind.OWN, text="hello"))
        before = repo.count()
    out = tmp_path / "week.csv"
    assert run_cli("export", "--db", str(db), "--week", "2026-W48", "-o", str(out)).returncode == 0
    result = run_cli("import", str(out), "--db", str(db))
    count_inputs()
    assert result.returncode == 0, result.stderr
    assert "Nothing new" in result.stdout, result.stdout
    with Repository.open(db) as repo:
        assert repo.count() == before


# -- 11. the printed checklist: every post or "and N more", on one page, fast ----------------------

@pytest.mark.parametrize("count", [150, 3000])
def test_11_the_printed_checklist_accounts_for_every_post(count: int, tmp_path: Path, qapp: object) -> None:
    from app.exchange.checklist import checklist_html
    from app.exchange.checklist_print import _layout_device, fit, page_layout

    db = fresh(tmp_path / "presence.db")
    with Repository.open(db) as repo:
        repo.add_many([Post("x", W48.start + timedelta(minutes=7 * n % (7 * 24 * 60)), PostKind.OWN,
                            text=f"post number {n}") for n in range(count)])
        plan = repo.load_plan(W48)
    started = time.monotonic()
    rect = page_layout("A4").paintRectPixels(96)
    doc, scale = fit(lambda cap: checklist_html(plan, [], max_findings=cap), rect.width(), rect.height(),
                     _layout_device())
    took = time.monotonic() - started
    count_inputs()
    text = doc.toPlainText()
    assert doc.size().height() * scale <= rect.height() + 1, "the page overflows: posts are cut off"
    listed = text.count("post number ")
    import re
    more = sum(int(n) for n in re.findall(r"and (\d+) more post", text))
    assert f"{count} posts" in text
    assert listed + more == count, (listed, more)
    assert took < 30


# -- 12. the second 02:30 of an autumn night --------------------------------------------------

def test_12_a_post_at_the_second_0230_round_trips(tmp_path: Path) -> None:
    db = fresh(tmp_path / "presence.db")
    second = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    with Repository.open(db) as repo:
        repo.add(Post("x", second, PostKind.OWN, text="late"))
    out = tmp_path / "week.csv"
    assert run_cli("export", "--db", str(db), "--week", "2026-10-25", "-o", str(out)).returncode == 0
    other = fresh(tmp_path / "other.db")
    assert run_cli("import", str(out), "--db", str(other)).returncode == 0
    with Repository.open(other) as repo:
        posts, _ = repo.items_between(second - timedelta(hours=3), second + timedelta(hours=3))
    assert [p.start.timestamp() for p in posts] == [second.timestamp()]
    result = run_cli("import", str(out), "--db", str(db))
    count_inputs(2)
    assert "Nothing new" in result.stdout, result.stdout


# -- 15. escape sequences never reach the terminal ---------------------------------------------

def test_15_escape_sequences_in_a_link_or_handle_are_printed_harmless(tmp_path: Path) -> None:
    db = fresh(tmp_path / "presence.db")
    evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
    with Repository.open(db) as repo:
        repo.conn.execute("INSERT INTO accounts (platform, handle, use) VALUES ('x', ?, 'business')",
                          (f"me{evil}",))
        repo.add(Post("x", W48.start + timedelta(hours=9), PostKind.PROMO, text="Buy", link=f"https://e.x/{evil}",
                      account=f"me{evil}"))
    for args in (["lint"], ["list"], ["export", "--format", "buffer", "-o", str(tmp_path) + "/"]):
        result = run_cli(*args, "--db", str(db), "--week", "2026-W48")
        count_inputs()
        assert "Traceback" not in result.stderr
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x07" not in stream, (args, stream)


# -- 16, 17. repeat rules: one validator for import, editor and storage --------------------------

LOOSE_OR_IMPOSSIBLE = [
    "FREQ=DAILY;UNTIL=2027", "FREQ=DAILY;UNTIL=1", "FREQ=DAILY;UNTIL=12/31/2026",
    "FREQ=DAILY;UNTIL=20270101T09",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=DAILY;BYHOUR=9,10", "FREQ=DAILY;BYMINUTE=0,30", "FREQ=WEEKLY;BYSECOND=1",
    "FREQ=DAILY;COUNT=0", "FREQ=DAILY;UNTIL=20200101T000000Z",
]


@pytest.mark.parametrize("rule", LOOSE_OR_IMPOSSIBLE)
def test_16_17_a_loose_impossible_or_sub_daily_rule_is_refused_by_line_and_field(
    rule: str, tmp_path: Path
) -> None:
    db = fresh(tmp_path / "presence.db")
    f = tmp_path / "in.csv"
    f.write_text(HEADER + f'slot,2026-11-24,09:00,Europe/Berlin,x,,reply,,15,"{rule}",,,,\r\n')
    started = time.monotonic()
    result = run_cli("import", str(f), "--db", str(db))
    count_inputs()
    assert result.returncode == 2, (rule, result.stdout)
    assert "line 2" in result.stderr and "repeat" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("rule", LOOSE_OR_IMPOSSIBLE)
def test_16_17_storage_refuses_what_import_refuses(rule: str, tmp_path: Path) -> None:
    from app.domain.recurrence import validate_rrule

    start = W48.start + timedelta(hours=9)
    with pytest.raises(ValueError):
        validate_rrule(rule, start)
    with Repository.open(fresh(tmp_path / "p.db")) as repo, pytest.raises(ValueError):
        repo.add(Slot("x", start, 15, Activity.REPLY, rule))
    count_inputs()


def test_16_a_date_only_until_counts_the_same_in_the_window_and_the_calendar(tmp_path: Path) -> None:
    from icalendar import Calendar

    from app.domain.recurrence import occurrences

    db = fresh(tmp_path / "presence.db")
    f = tmp_path / "in.csv"
    f.write_text(HEADER + "slot,2026-11-23,23:30,Europe/Berlin,x,,reply,,15,FREQ=DAILY;UNTIL=20261125,,,,"
                 "\r\n")
    assert run_cli("import", str(f), "--db", str(db)).returncode == 0
    with Repository.open(db) as repo:
        (slot,) = repo.slots_between(W48.start, W48.end)
    shown = len(occurrences(slot, W48.start, W48.end))
    result = run_cli("export", "--db", str(db), "--week", "2026-W48", "--format", "ics")
    count_inputs(2)
    event = next(c for c in Calendar.from_ical(result.stdout).walk("VEVENT"))
    from dateutil.rrule import rrulestr
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event["DTSTART"].dt)
    assert len(list(rule)) == shown


# -- 20. text: control characters, UTF-16, a hand-off set replaced together ---------------------

def test_20_control_characters_never_reach_ics_text(tmp_path: Path) -> None:
    db = fresh(tmp_path / "presence.db")
    with Repository.open(db) as repo:
        repo.add(Post("x", W48.start + timedelta(hours=9), PostKind.OWN, text="a\x00b\x1bc\x7fd\x0ce",
                      notes="n\x01", link="https://e.x/\x08"))
    result = run_cli("export", "--db", str(db), "--week", "2026-W48", "--format", "ics")
    count_inputs()
    assert result.returncode == 0
    body = result.stdout.replace("\n", "").replace("\t", "")  # line ends and folding
    assert not [c for c in body if ord(c) < 32 or ord(c) == 127]


def test_20_a_utf16_file_is_told_it_is_not_utf8(tmp_path: Path) -> None:
    db = fresh(tmp_path / "presence.db")
    f = tmp_path / "in.csv"
    f.write_bytes((HEADER + "post,2026-11-24,09:00,Europe/Berlin,x,,own,,,,hi,,,\r\n").encode("utf-16"))
    result = run_cli("import", str(f), "--db", str(db))
    count_inputs()
    assert result.returncode == 2
    assert "UTF-16" in result.stderr and "UTF-8" in result.stderr, result.stderr


def test_20_a_hand_off_set_is_replaced_together_or_not_at_all(tmp_path: Path) -> None:
    from app.exchange.files import ExportWriteError, write_files_atomically

    a, b = tmp_path / "a.csv", tmp_path / "b"
    a.write_text("old a")
    b.mkdir()  # a folder where the second file goes: its rename fails after the first's
    with pytest.raises(ExportWriteError):
        write_files_atomically([(a, "new a"), (b, "new b")])
    count_inputs()
    assert a.read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b"]


def test_20_an_encoding_that_cannot_say_it_does_not_crash_the_export(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.reliability.support import ROOT, child_env

    db = fresh(tmp_path / "presence.db")
    with Repository.open(db) as repo:
        repo.add(Post("x", W48.start + timedelta(hours=9), PostKind.OWN, text="中文 😀 ok"))
    for args in (["export"], ["list"], ["lint"]):
        result = subprocess.run([sys.executable, "-m", "app", *args, "--db", str(db), "--week", "2026-W48"],
                                cwd=ROOT, env=child_env(PYTHONIOENCODING="latin-1"), capture_output=True)
        count_inputs()
        assert b"Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 1), result.stderr
    assert "中文 😀 ok".encode() in subprocess.run(
        [sys.executable, "-m", "app", "export", "--db", str(db), "--week", "2026-W48"],
        cwd=ROOT, env=child_env(PYTHONIOENCODING="latin-1"), capture_output=True).stdout
