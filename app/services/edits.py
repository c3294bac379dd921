"""Every change the window makes to a plan, each returning a `Change` that says what changed.

A `Change` holds whole items before and after, so undo is applying its inverse and redo
applying it again; both run in one committed transaction, so a crash never leaves half
an edit. The window wraps each call in a QUndoCommand; nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain.items import UTC_ZONE, Post, Slot
from app.domain.recurrence import same_rule, split_rule
from app.domain.zones import local, normalise
from app.storage.repository import Repository

Item = Post | Slot


@dataclass(frozen=True, slots=True)
class Change:
    """Items added, removed and replaced (before, after) by one user-visible edit."""

    added: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()
    updated: tuple[tuple[Item, Item], ...] = ()

    def inverse(self) -> Change:
        """The change that puts everything back as it was."""
        return Change(
            added=self.removed,
            removed=self.added,
            updated=tuple((after, before) for before, after in self.updated),
        )

    @property
    def ids(self) -> frozenset[int]:
        """Every item id this change touches."""
        items = [*self.added, *self.removed, *(a for pair in self.updated for a in pair)]
        return frozenset(i.id for i in items if i.id is not None)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.updated)

    def __add__(self, other: Change) -> Change:
        return Change(self.added + other.added, self.removed + other.removed,
                      self.updated + other.updated)


def apply(repo: Repository, change: Change) -> Change:
    """Write a change in one transaction; returns it with the ids new items were given.

    Items that carry an id are re-inserted under that id, so redoing an add or undoing a
    delete gives the item back its old identity (findings and selections keep working).
    """
    with repo.transaction():
        added = tuple(repo.add(item) for item in change.added)
        for item in change.removed:
            assert item.id is not None
            repo.delete(item.id)
        for _before, after in change.updated:
            repo.update(after)
    return Change(added, change.removed, change.updated)


def _require(repo: Repository, item_id: int) -> Item:
    item = repo.get(item_id)
    if item is None:
        raise KeyError(f"item {item_id} no longer exists")
    return item


def add_item(repo: Repository, item: Post | Slot) -> Change:
    """Plan a new post or slot."""
    return apply(repo, Change(added=(item.with_(id=None),)))


def update_item(repo: Repository, item: Post | Slot) -> Change:
    """Replace a stored item with an edited version of it (same id)."""
    assert item.id is not None
    before = _require(repo, item.id)
    if before == item:
        return Change()
    return apply(repo, Change(updated=((before, item),)))


def delete_items(repo: Repository, item_ids: Iterable[int]) -> Change:
    """Remove items (a recurring slot goes with all its occurrences)."""
    removed = tuple(_require(repo, i) for i in dict.fromkeys(item_ids))
    return apply(repo, Change(removed=removed))


def duplicate_items(repo: Repository, item_ids: Iterable[int]) -> Change:
    """Copies of items at the same time; a copy of a slot starts with nothing done."""
    copies: list[Item] = []
    for item_id in dict.fromkeys(item_ids):
        item = _require(repo, item_id)
        copy = item.with_(id=None, done=frozenset()) if isinstance(item, Slot) else item.with_(id=None)
        copies.append(copy)
    return apply(repo, Change(added=tuple(copies)))


def moved_start(start: datetime, day: date, view_zone: ZoneInfo) -> datetime:
    """The same wall-clock time (as seen in `view_zone`) on another day, in the item's zone."""
    seen = start.astimezone(view_zone)
    moved = local(day, seen.time().replace(tzinfo=None), view_zone)
    own_zone = start.tzinfo
    return moved.astimezone(own_zone)


def move_item(repo: Repository, item_id: int, day: date, view_zone: ZoneInfo,
              at: datetime | None = None) -> Change:
    """Move an item to another day, keeping its time, or to the instant `at` if given."""
    item = _require(repo, item_id)
    start = at.astimezone(item.start.tzinfo) if at is not None else moved_start(
        item.start, day, view_zone)
    if start == item.start:
        return Change()
    after = item.with_(start=start)
    if isinstance(item, Slot) and item.done:
        shift = start - item.start
        after = after.with_(done=frozenset(d + shift for d in item.done))
    return apply(repo, Change(updated=((item, after),)))


def set_occurrence_done(repo: Repository, slot_id: int, occurrence: datetime,
                        done: bool) -> Change:
    """Tick (or untick) one occurrence of an engagement slot."""
    slot = _require(repo, slot_id)
    if not isinstance(slot, Slot):
        raise TypeError(f"item {slot_id} is a post, not an engagement slot")
    mark = occurrence.astimezone(UTC_ZONE)
    marks = slot.done | {mark} if done else slot.done - {mark}
    if marks == slot.done:
        return Change()
    return apply(repo, Change(updated=((slot, slot.with_(done=frozenset(marks))),)))


def apply_fix(repo: Repository, added: Iterable[Item] = (), updated: Iterable[Item] = ()) -> Change:
    """A quick fix: new items and edited versions of existing ones, as one edit."""
    pairs = []
    for item in updated:
        assert item.id is not None
        before = _require(repo, item.id)
        if before != item:
            pairs.append((before, item))
    return apply(repo, Change(added=tuple(i.with_(id=None) for i in added), updated=tuple(pairs)))


# -- one occurrence of a repeating slot ------------------------------------------------------


class Scope(StrEnum):
    """Which occurrences of a repeating slot an edit, move or delete applies to."""

    THIS = "this"  # just this one: an exception (EXDATE), plus a single slot if it changes
    FOLLOWING = "following"  # this one and all after it: the series is split here
    ALL = "all"  # the whole series


def _occurrence_of(repo: Repository, slot_id: int, occurrence: datetime) -> tuple[Slot, datetime]:
    series = _require(repo, slot_id)
    if not isinstance(series, Slot):
        raise TypeError(f"item {slot_id} is a post, not an engagement slot")
    return series, occurrence.astimezone(UTC_ZONE)


def delete_occurrence(repo: Repository, slot_id: int, occurrence: datetime, scope: Scope) -> Change:
    """Delete one occurrence (an exception), this and the following ones (the series ends
    just before it) or the whole series."""
    series, mark = _occurrence_of(repo, slot_id, occurrence)
    if not series.rrule or scope is Scope.ALL:
        return apply(repo, Change(removed=(series,)))
    if scope is Scope.THIS:
        after = series.with_(exdates=series.exdates | {mark}, done=series.done - {mark})
        return apply(repo, Change(updated=((series, after),)))
    head_rule, _tail_rule = split_rule(series, occurrence)
    if head_rule is None:  # nothing comes before it: that is the whole series
        return apply(repo, Change(removed=(series,)))
    head = series.with_(rrule=head_rule, done=frozenset(d for d in series.done if d < mark),
                        exdates=frozenset(e for e in series.exdates if e < mark))
    return apply(repo, Change(updated=((series, head),)))


def _by_days(rule: str) -> list[str] | None:
    """The plain weekday codes of a rule's BYDAY (`MO,TH`), or None when it has none that
    a move can shift (no BYDAY, or ordinals like `1MO`)."""
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "BYDAY":
            codes = value.upper().split(",")
            return codes if all(c in _DAY_CODES for c in codes) else None
    return None


def _moved_rule(rule: str, old_day: int, new_day: int) -> str:
    """A weekly rule whose occurrence moved from one weekday to another: that day's code
    is replaced (BYDAY=MO,TH with Thursday moved to Friday becomes MO,FR)."""
    codes = _by_days(rule)
    if codes is None or old_day == new_day or _DAY_CODES[old_day] not in codes:
        return rule
    wanted = {_DAY_CODES[new_day] if c == _DAY_CODES[old_day] else c for c in codes}
    days = ",".join(c for c in _DAY_CODES if c in wanted)
    return ";".join(f"BYDAY={days}" if p.partition("=")[0].upper() == "BYDAY" else p
                    for p in rule.split(";"))


def edit_occurrence(repo: Repository, slot_id: int, occurrence: datetime, edited: Slot,
                    scope: Scope) -> Change:
    """Edit (or move) the occurrence of a repeating slot that starts at `occurrence`.

    `edited` is the slot as the user left it, its start the occurrence's new start. This
    one: an exception plus a single slot carrying the occurrence's done-mark. This and
    following: the series ends just before, a new one starts here with the later marks.
    All: the series changes, its start and marks shifted as this occurrence was.
    """
    series, mark = _occurrence_of(repo, slot_id, occurrence)
    if not series.rrule:
        return update_item(repo, edited.with_(id=series.id, done=series.done,
                                              exdates=series.exdates))
    old_zone, new_zone = series.start.tzinfo, edited.start.tzinfo
    assert isinstance(old_zone, ZoneInfo) and isinstance(new_zone, ZoneInfo)
    was = occurrence.astimezone(old_zone).replace(tzinfo=None)
    now = edited.start.replace(tzinfo=None)
    day_shift = timedelta(days=(now.date() - was.date()).days)
    time_shift = (datetime.combine(date.min, now.time()) - datetime.combine(date.min, was.time()))
    rule_kept = same_rule(edited.rrule, series.rrule, old_zone)
    rule = _moved_rule(series.rrule, was.weekday(), now.weekday()) if rule_kept else edited.rrule
    by_day = _by_days(series.rrule) is not None

    def moved(moment: datetime, *, this_day: bool) -> datetime:
        """A start (or a mark) moved as the occurrence was: with a BYDAY rule only the
        occurrences on the moved weekday change day; every one takes the new time."""
        wall = moment.astimezone(old_zone).replace(tzinfo=None)
        if this_day or not by_day or wall.weekday() == was.weekday():
            wall += day_shift
        return normalise((wall + time_shift).replace(tzinfo=new_zone))

    def marks(found: frozenset[datetime]) -> frozenset[datetime]:
        return frozenset(moved(m, this_day=False).astimezone(UTC_ZONE) for m in found)

    fields = {"platform": edited.platform, "duration_min": edited.duration_min,
              "activity": edited.activity, "notes": edited.notes}
    own_mark = frozenset({edited.start.astimezone(UTC_ZONE)}) if mark in series.done else frozenset()
    if scope is Scope.THIS or rule is None:  # one occurrence, or a series that stops repeating
        if edited.start == occurrence and all(getattr(series, k) == v for k, v in fields.items()):
            return Change()
        single = series.with_(id=None, start=edited.start, rrule=None, exdates=frozenset(),
                              done=own_mark, **fields)
        if scope is Scope.THIS:
            rest = series.with_(exdates=series.exdates | {mark}, done=series.done - {mark})
            return apply(repo, Change(added=(single,), updated=((series, rest),)))
        head_rule = split_rule(series, occurrence)[0] if scope is Scope.FOLLOWING else None
        if head_rule is None:
            return apply(repo, Change(updated=((series, single.with_(id=series.id)),)))
        head = series.with_(rrule=head_rule, done=frozenset(d for d in series.done if d < mark),
                            exdates=frozenset(e for e in series.exdates if e < mark))
        return apply(repo, Change(added=(single,), updated=((series, head),)))
    head_rule = None
    if scope is Scope.FOLLOWING:
        head_rule, tail_rule = split_rule(series, occurrence)
        if head_rule is not None:
            if rule_kept:
                rule = _moved_rule(tail_rule, was.weekday(), now.weekday())
            head = series.with_(rrule=head_rule,
                                done=frozenset(d for d in series.done if d < mark),
                                exdates=frozenset(e for e in series.exdates if e < mark))
            tail = series.with_(id=None, start=edited.start, rrule=rule,
                                done=marks(frozenset(d for d in series.done if d >= mark)),
                                exdates=marks(frozenset(e for e in series.exdates if e >= mark)),
                                **fields)
            return apply(repo, Change(added=(tail,), updated=((series, head),)))
    # The whole series (or "following" from its first occurrence, which is the same).
    start = moved(series.start, this_day=not by_day or series.start.astimezone(old_zone)
                  .weekday() == was.weekday())
    after = series.with_(start=start, rrule=rule, done=marks(series.done),
                         exdates=marks(series.exdates), **fields)
    if after == series:
        return Change()
    return apply(repo, Change(updated=((series, after),)))


def move_occurrence(repo: Repository, slot_id: int, occurrence: datetime, to: datetime,
                    scope: Scope) -> Change:
    """Drag one occurrence of a repeating slot to another day or time (`to`, aware)."""
    series, _mark = _occurrence_of(repo, slot_id, occurrence)
    return edit_occurrence(repo, slot_id, occurrence,
                           series.with_(start=to.astimezone(series.start.tzinfo)), scope)


_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
