"""Hostile and odd CSV input: nothing crashes, nothing partial is written, every rejection
names its line and its reason.

Times skipped by a DST change (02:30 on a spring-forward night) move forward by the
length of the gap, as dateutil does: 02:30 becomes 03:30. A time that happens twice
(02:30 on a fall-back night) is the first of the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.items import Post, Slot
from app.domain.platforms import BUILTIN_PLATFORMS
from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.exchange.csv_format import COLUMNS, CsvImportError, read_csv, restore
from app.services.importing import import_csv_bytes
from app.storage.repository import Repository
from tests.reliability import hostile
from tests.reliability.support import count_inputs, run_cli, snapshot

BERLIN = get_zone("Europe/Berlin")
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    """One real database that every generated file is imported into, one after another."""
    repo = Repository.open(tmp_path_factory.mktemp("hostile") / "presence.db")
    yield repo
    repo.close()


PLATFORMS = {p.id: p for p in BUILTIN_PLATFORMS}


def _check_rejection(exc: CsvImportError, starts: list[int] | None, total_lines: int) -> None:
    assert exc.errors, "a rejection without a reason"
    for error in exc.errors:
        assert 1 <= error.line <= total_lines + 1, error
        if starts is not None and error.line != 1:
            assert error.line in starts, (error, starts)
        assert error.field is None or error.field in COLUMNS
        assert error.reason.strip() and "\n" not in str(error) and "\r" not in str(error)
        assert str(error).startswith(f"line {error.line}")


@settings(max_examples=400)
@given(rows=hostile.well_formed_files)
def test_well_formed_files_of_odd_values(rows: list[dict[str, str]]) -> None:
    count_inputs()
    text = hostile.as_csv(rows)
    starts = hostile.record_lines(rows)
    try:
        items = read_csv(text, PLATFORMS)
    except CsvImportError as exc:
        _check_rejection(exc, starts, text.count("\n") + text.count("\r"))
        return
    assert len(items) == len([r for r in rows if any(r.values())])
    for item in items:
        assert isinstance(item, Post | Slot)
        assert item.start.tzinfo is not None
        assert 1970 <= item.start.year <= 2999


@settings(max_examples=400)
@given(rows=st.lists(hostile.nearly_valid_rows(), min_size=1, max_size=5))
def test_a_rejection_blames_a_field_that_is_wrong(rows: list[tuple[dict[str, str], set[str]]]) -> None:
    count_inputs()
    text = hostile.as_csv([row for row, _ in rows])
    starts = hostile.record_lines([row for row, _ in rows])
    try:
        items = read_csv(text, PLATFORMS)
    except CsvImportError as exc:
        _check_rejection(exc, starts, text.count("\n") + text.count("\r"))
        for error in exc.errors:
            row, spoiled = rows[starts.index(error.line)]
            if error.field is not None:  # None: the whole row (a NUL byte, a torn record)
                # An empty date makes a post a backlog idea; its time is then what is wrong.
                blamed = spoiled | ({"time"} if "date" in spoiled and not row["date"].strip() else set())
                assert error.field in blamed or "type" in spoiled, (error, spoiled)
        return
    assert len(items) == len(rows)
    for item, (row, _) in zip(items, rows, strict=True):
        if isinstance(item, Post):
            # A cell that starts with ' and then a formula character is a neutralised one.
            assert item.text == restore(row["text"]) and item.notes == restore(row["notes"])


@settings(max_examples=300)
@given(text=hostile.raw_files)
def test_torn_csv_is_rejected_by_line(text: str) -> None:
    count_inputs()
    try:
        items = read_csv(text, PLATFORMS)
    except CsvImportError as exc:
        _check_rejection(exc, None, text.count("\n") + text.count("\r") + 1)
        return
    # Taken whole: every row became a dated post or slot that the store can keep.
    assert len(items) <= text.count("\n") + text.count("\r")
    for item in items:
        assert isinstance(item, Post | Slot)
        assert item.start.tzinfo is not None and 1970 <= item.start.year <= 2999


def _dump(repo: Repository) -> tuple[list[tuple[object, ...]], ...]:
    return tuple(
        repo.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("items", "accounts", "slot_done")
    )


@settings(max_examples=200)
@given(data=st.one_of(
    hostile.raw_bytes,
    hostile.well_formed_files.map(lambda rows: hostile.as_csv(rows).encode("utf-8")),
    st.lists(hostile.nearly_valid_rows(), max_size=4).map(
        lambda rows: hostile.as_csv([row for row, _ in rows]).encode("utf-8")),
))
def test_import_is_all_or_nothing(shared_repo: Repository, data: bytes) -> None:
    count_inputs()
    before = _dump(shared_repo)
    try:
        result = import_csv_bytes(shared_repo, data, "week.csv")
    except CsvImportError as exc:
        assert _dump(shared_repo) == before, "a rejected file changed the database"
        _check_rejection(exc, None, data.count(b"\n") + data.count(b"\r") + 1)
        return
    after = _dump(shared_repo)
    assert len(after[0]) == len(before[0]) + result.added
    assert set(before[0]) <= set(after[0]), "an import changed items that were there"


# -- the cases the issue names, one by one -------------------------------------------


def _row(**cells: str) -> str:
    base = dict.fromkeys(COLUMNS, "")
    base.update(type="post", date="2026-11-24", time="09:00", timezone="Europe/Berlin",
                platform="x", kind="own")
    base.update(cells)
    return hostile.as_csv([base], header=False)


def _one(**cells: str) -> Post | Slot:
    count_inputs()
    items = read_csv(HEADER + "\r\n" + _row(**cells), PLATFORMS)
    assert len(items) == 1
    return items[0]


def _errors(*rows: str) -> list[str]:
    count_inputs()
    with pytest.raises(CsvImportError) as caught:
        read_csv(HEADER + "\r\n" + "".join(rows), PLATFORMS)
    return [str(e) for e in caught.value.errors]


def test_spring_forward_gap_moves_forward() -> None:
    berlin = _one(date="2026-03-29", time="02:30")
    assert (berlin.start.hour, berlin.start.minute, berlin.start.utcoffset().total_seconds()) == (
        3, 30, 7200)
    york = _one(date="2026-03-08", time="02:30", timezone="America/New_York")
    assert (york.start.hour, york.start.minute) == (3, 30)
    twice = _one(date="2026-10-25", time="02:30")  # fall back: the first, summer-time 02:30
    assert twice.start.utcoffset().total_seconds() == 7200


def test_24_00_and_other_impossible_times() -> None:
    # 9:00 is read as 09:00 (spreadsheets drop the zero); 9h30 is no 24-hour time.
    assert _errors(_row(time="24:00"), _row(time="12:60"), _row(time="9h30")) == [
        "line 2, time: '24:00' is not a time between 00:00 and 23:59",
        "line 3, time: '12:60' is not a time between 00:00 and 23:59",
        "line 4, time: '9h30' is not a 24-hour time like 09:30",
    ]


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Pacific/Kiritimati", "America/New_York", "UTC"])
@pytest.mark.parametrize(("day", "at"), [("0001-01-01", "00:00"), ("9999-12-31", "23:59")])
def test_first_and_last_years_are_refused_cleanly(zone: str, day: str, at: str) -> None:
    # Year 1 00:00 east of UTC is before datetime.min in UTC: this used to be a traceback.
    assert _errors(_row(date=day, time=at, timezone=zone)) == [
        f"line 2, date: {day} is outside the years Presence plans (1970 to 2999)"
    ]


def test_invalid_zones_are_named() -> None:
    # " Europe/Berlin" is read leniently (spaces around a zone name are a spreadsheet's).
    bad = ["Mars/Phobos", "../../etc/passwd", "/etc/localtime", "", "Europe/"]
    errors = _errors(*[_row(timezone=z) for z in bad])
    assert errors == [
        f"line {n}, timezone: {z!r} is not an IANA time zone like Europe/Berlin"
        for n, z in enumerate(bad, start=2)
    ]


def test_endless_and_malformed_repeat_rules(tmp_path: Path) -> None:
    slot = dict(type="slot", kind="reply", duration_min="30")
    endless = _one(**slot, repeat="FREQ=DAILY")
    far = _one(**slot, repeat="FREQ=DAILY;UNTIL=99991231T235959Z")
    errors = _errors(
        _row(**slot, repeat="FREQ=DAILY;INTERVAL=0"),  # dateutil would loop forever
        _row(**slot, repeat="FREQ=SECONDLY"),
        _row(**slot, repeat="FREQ=WEEKLY;BYDAY=XX"),
        _row(**slot, repeat="BYDAY=MO"),
    )
    assert [e.split(":")[0] for e in errors] == [f"line {n}, repeat" for n in range(2, 6)]
    assert "INTERVAL" in errors[0] and "daily at most" in errors[1]
    with Repository.open(tmp_path / "p.db") as repo:  # stored and expanded without hanging
        repo.add_many([endless, far])
        plan = repo.load_plan(Week.parse("2027-W10", BERLIN))
        assert len(plan.week_occurrences()) == 14


def test_nul_bytes_and_bad_bytes_name_their_line(tmp_path: Path) -> None:
    assert _errors(_row(text="ok"), _row(text="a\x00b")) == ["line 3: contains a NUL byte"]
    db = tmp_path / "p.db"
    Repository.open(db).close()
    source = tmp_path / "week.csv"
    data = (HEADER + "\r\n" + _row(text="ok") + _row(text="caf\x01")).encode()
    source.write_bytes(data.replace(b"\x01", b"\xe9"))  # Latin-1, not UTF-8
    offset = data.index(b"\x01")
    before = snapshot(tmp_path)
    result = run_cli("import", str(source), "--db", str(db))
    count_inputs()
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{source}: line 3: {source} is not UTF-8 text (byte {offset})",
        f"presence: nothing imported: 1 problem in {source}",
    ]
    assert snapshot(tmp_path) == before


def test_every_bad_row_is_listed_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "data" / "presence.db"
    db.parent.mkdir()
    Repository.open(db).close()
    good = [_row(text=f"fine {n}", time=f"{9 + n % 10:02d}:00") for n in range(998)]
    source = tmp_path / "week.csv"
    source.write_text(HEADER + "\r\n" + "".join(good[:500]) + _row(platform="myspace")
                      + "".join(good[500:]) + _row(kind="spam"), encoding="utf-8")
    before = snapshot(db.parent)
    result = run_cli("import", str(source), "--db", str(db))
    count_inputs()
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith(f"{source}: line 502, platform: unknown platform")
    assert result.stderr.splitlines()[1] == (
        f"{source}: line 1001, kind: 'spam' is not a post kind (promo, own, curated, conversation)")
    assert snapshot(db.parent) == before


def _roundtrip(tmp_path: Path, **cells: str) -> tuple[str, Post]:
    """Import one row through the CLI, export the week, import the export again."""
    db = tmp_path / "presence.db"
    if not db.exists():
        Repository.open(db).close()
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\r\n" + _row(**cells), encoding="utf-8")
    imported = run_cli("import", str(source), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    exported = run_cli("export", "--week", "2026-W48", "--db", str(db), "-o", str(tmp_path / "out.csv"))
    assert exported.returncode == 0, exported.stderr
    again = run_cli("import", str(tmp_path / "out.csv"), "--db", str(db))
    assert again.returncode == 0 and "already planned" in again.stdout, again.stdout + again.stderr
    count_inputs()
    with Repository.open(db, readonly=True) as repo:
        posts = repo.items_between(datetime(2026, 11, 23, tzinfo=BERLIN),
                                   datetime(2026, 11, 30, tzinfo=BERLIN))[0]
    assert len(posts) == 1
    return (tmp_path / "out.csv").read_text(encoding="utf-8"), posts[0]


def test_every_plane_right_to_left_newlines_and_quotes_survive(tmp_path: Path) -> None:
    text = hostile.PLANE_CHARS + " " + hostile.RIGHT_TO_LEFT + ' "quoted", \r\nnext line \\'
    out, post = _roundtrip(tmp_path, text=text, notes="note\nwith ; and \"", tags="a;b")
    assert post.text == text
    assert post.notes == "note\nwith ; and \""
    assert hostile.PLANE_CHARS in out


@pytest.mark.parametrize("unit", ["x", "\n", '"', "\U0001f600", "\u202e", ",\r\n"])
def test_a_megabyte_of_odd_text_is_read_whole(unit: str) -> None:
    text = (unit * hostile.MEGABYTE)[: hostile.MEGABYTE]
    post = _one(text=text, notes=text)
    assert isinstance(post, Post) and post.text == text and post.notes == text


def test_a_megabyte_of_text_survives(tmp_path: Path) -> None:
    text = ("\U0001f600 long read " * 100_000)[: hostile.MEGABYTE]
    _, post = _roundtrip(tmp_path, text=text)
    assert post.text == text


def test_a_refused_import_into_a_new_file_leaves_no_file(tmp_path: Path) -> None:
    source = tmp_path / "week.csv"
    source.write_text(HEADER + "\r\n" + _row(time="24:00"), encoding="utf-8")
    db = tmp_path / "data" / "presence.db"
    db.parent.mkdir()
    result = run_cli("import", str(source), "--db", str(db))
    count_inputs()
    assert result.returncode == 2
    assert list(db.parent.iterdir()) == []
    unreadable = run_cli("import", str(tmp_path / "none.csv"), "--db", str(db))
    assert unreadable.returncode == 2 and list(db.parent.iterdir()) == []
