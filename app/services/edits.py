"""Every change the window makes to a plan, each returning a `Change` that says what changed.

A `Change` holds whole items before and after, so undo is applying its inverse and redo
applying it again; both run in one committed transaction, so a crash never leaves half
an edit. The window wraps each call in a QUndoCommand; nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain.items import UTC_ZONE, Post, PostStatus, Slot
from app.domain.zones import local
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


def set_post_status(repo: Repository, item_ids: Iterable[int], status: PostStatus) -> Change:
    """Mark posts posted, skipped, draft...; slots among the ids are left alone."""
    pairs: list[tuple[Item, Item]] = []
    for item_id in dict.fromkeys(item_ids):
        item = _require(repo, item_id)
        if isinstance(item, Post) and item.status is not status:
            pairs.append((item, item.with_(status=status)))
    return apply(repo, Change(updated=tuple(pairs))) if pairs else Change()


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


def shift(moment: datetime, minutes: int) -> datetime:
    """Elapsed-time shift that stays in the moment's own zone."""
    zone = moment.tzinfo
    return (moment.astimezone(UTC_ZONE) + timedelta(minutes=minutes)).astimezone(zone)
