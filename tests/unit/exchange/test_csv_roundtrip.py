"""Export then import gives the same week back, whatever the text, link, zone or time."""

from __future__ import annotations

import io
import string
import tempfile
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.items import Activity, Occurrence, Post, PostKind, PostStatus, Slot
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.zones import UTC, get_zone, local
from app.exchange.csv_format import read_csv, write_csv

ZONES = sorted(z for z in available_timezones() if "/" in z or z == "UTC")
# Any text a user can type: newlines, quotes, commas, formula starters, tabs, CR, emoji...
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
FORMULA = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "'=", "''+", "=HYPERLINK(\"x\")"])
TRICKY = st.builds(lambda head, body: head + body, FORMULA, TEXT)
WORD = st.text(string.ascii_letters + string.digits + "-_.@=+", min_size=1, max_size=12)
LINK = st.one_of(
    st.just(""),
    st.builds(lambda host, path: f"https://{host}.example.org/{path}",
              st.text(string.ascii_lowercase, min_size=1, max_size=10),
              st.text(string.ascii_letters + string.digits + "/?&=%-_.~", max_size=30)),
)


@st.composite
def moments(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    zone = get_zone(draw(st.sampled_from(ZONES)))
    day = draw(st.dates(date(2001, 1, 1), date(2037, 12, 31)))
    at = time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    return local(day, at, zone)


@st.composite
def posts(draw: st.DrawFn) -> Post:
    return Post(
        platform=draw(st.sampled_from(sorted(BUILTIN_BY_ID))),
        start=draw(moments()),
        kind=draw(st.sampled_from(list(PostKind))),
        status=draw(st.sampled_from(list(PostStatus))),
        text=draw(TRICKY),
        link=draw(LINK),
        tags=tuple(draw(st.lists(WORD, max_size=3))),
        notes=draw(TRICKY),
        account=draw(st.one_of(st.none(), WORD)),
    )


@st.composite
def occurrences(draw: st.DrawFn) -> Occurrence:
    start = draw(moments())
    done = frozenset({start.astimezone(UTC)}) if draw(st.booleans()) else frozenset()
    slot = Slot(draw(st.sampled_from(sorted(BUILTIN_BY_ID))), start, draw(st.integers(1, 1440)),
                draw(st.sampled_from(list(Activity))), None, draw(TRICKY), done)
    return Occurrence(slot, start)


def _post_key(p: Post) -> tuple[object, ...]:
    return (p.start.astimezone(UTC), p.tz, p.platform, p.kind, p.status, p.text, p.link, p.tags,
            p.notes, p.account)


def _slot_key(s: Slot) -> tuple[object, ...]:
    return (s.start.astimezone(UTC), s.tz, s.platform, s.activity, s.duration_min, s.rrule,
            s.notes, s.done)


@given(st.lists(posts(), max_size=6), st.lists(occurrences(), max_size=4), st.booleans())
def test_export_then_import_gives_the_same_week_back(
    week_posts: list[Post], occs: list[Occurrence], bom: bool
) -> None:
    out = io.StringIO()
    write_csv(out, week_posts, occs, bom=bom)
    items = read_csv(out.getvalue(), BUILTIN_BY_ID)
    back_posts = [i for i in items if isinstance(i, Post)]
    back_slots = [i for i in items if isinstance(i, Slot)]
    assert sorted(map(_post_key, back_posts), key=repr) == sorted(map(_post_key, week_posts), key=repr)
    assert sorted(map(_slot_key, back_slots), key=repr) == sorted(
        (_slot_key(o.slot) for o in occs), key=repr)


def test_formula_cells_are_neutralised_in_the_file_and_restored_on_import() -> None:
    start = local(date(2026, 11, 24), time(9), get_zone("Europe/Berlin"))
    post = Post("x", start, PostKind.OWN, text="=cmd|' /C calc'!A0", notes="@risk", account="+1")
    out = io.StringIO()
    write_csv(out, [post], [])
    line = out.getvalue().splitlines()[1]
    assert "'=cmd" in line and "'@risk" in line and "'+1" in line
    (back,) = read_csv(out.getvalue(), BUILTIN_BY_ID)
    assert isinstance(back, Post)
    assert (back.text, back.notes, back.account) == (post.text, post.notes, post.account)


def test_a_slot_in_the_hour_that_a_dst_change_skips_comes_back_at_the_same_instant() -> None:
    zone = get_zone("Europe/Berlin")
    start = local(date(2026, 3, 29), time(2, 30), zone)  # does not exist: becomes 03:30
    assert start.hour == 3
    occ = Occurrence(Slot("x", start, 30, Activity.REPLY), start)
    out = io.StringIO()
    write_csv(out, [], [occ])
    (back,) = read_csv(out.getvalue(), BUILTIN_BY_ID)
    assert back.start.astimezone(UTC) == start.astimezone(UTC)
    assert back.start + timedelta(0) == start


@settings(max_examples=25)
@given(st.lists(posts(), min_size=1, max_size=5),
       st.sampled_from(["Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe"]))
def test_a_stored_week_exported_and_imported_into_another_database_is_the_same(
    planned: list[Post], zone_name: str
) -> None:
    from app.domain.weeks import Week
    from app.services.export import render
    from app.services.importing import import_csv_bytes
    from app.storage.repository import Repository

    zone = get_zone(zone_name)
    week = Week.containing(planned[0].start.astimezone(zone).date(), zone)
    with tempfile.TemporaryDirectory() as folder:
        first = Repository.open(Path(folder) / "first.db")
        second = Repository.open(Path(folder) / "second.db")
        try:
            first.add_many(planned)
            text = render(first, "csv", week.start, week.end)
            import_csv_bytes(second, text.encode("utf-8"), "week.csv")
            assert render(second, "csv", week.start, week.end) == text
            in_week = [p for p in planned if week.contains(p.start)]
            assert len(second.items_between(week.start, week.end)[0]) == len(in_week)
        finally:
            first.close()
            second.close()
