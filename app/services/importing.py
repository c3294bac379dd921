"""Importing a CSV into the database: all rows or none, and no double entries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from app.domain.ideas import Idea
from app.domain.items import Post, Slot
from app.domain.recurrence import expand
from app.domain.zones import UTC, to_epoch
from app.exchange.csv_format import decode, read_csv_with_ideas
from app.services.preferences import user_zone
from app.storage import backlog
from app.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int  # posts, slots and backlog ideas
    already_there: int
    ideas: int = 0  # of `added`, ideas put in the backlog (rows with an empty date)
    # What was written, with its ids: the window's undo takes exactly these out again.
    items: tuple[Post | Slot, ...] = ()
    new_ideas: tuple[Idea, ...] = ()


def _signature(item: Post | Slot) -> tuple[object, ...]:
    if isinstance(item, Post):
        return ("post", item.platform, to_epoch(item.start) // 60, item.tz, item.kind.value,
                item.status.value, item.text, item.link, item.tags, item.notes, item.account)
    return ("slot", item.platform, to_epoch(item.start) // 60, item.tz, item.activity.value,
            item.duration_min, item.rrule, item.notes)


def import_csv_bytes(repo: Repository, data: bytes, name: str = "file") -> ImportResult:
    """Parse and import; raises CsvImportError (nothing written) if any row is bad.

    Rows identical to items already planned are not added twice, so importing the same
    file again changes nothing.
    """
    known = {(a.platform, a.handle) for a in repo.accounts()}
    items, ideas = read_csv_with_ideas(decode(data, name), repo.platforms(), user_zone(repo), known)
    # One write transaction from the duplicate check to the last insert: a second import
    # of the same file at the same moment waits, then finds everything already planned.
    with repo.transaction():
        result = import_items(repo, items)
        if not ideas:
            return result
        fresh_ideas = _new_ideas(repo, ideas)
        stored = tuple(backlog.add_ideas(repo, fresh_ideas))
    return ImportResult(result.added + len(fresh_ideas),
                        result.already_there + len(ideas) - len(fresh_ideas), len(fresh_ideas),
                        result.items, stored)


def _new_ideas(repo: Repository, ideas: list[Idea]) -> list[Idea]:
    """Ideas not already in the backlog (the same file imported twice adds nothing)."""
    def sig(i: Idea) -> tuple[object, ...]:
        return (i.platform, i.kind.value, i.text, i.link, i.tags, i.notes, i.account)

    existing = Counter(sig(i) for i in backlog.ideas(repo))
    fresh = []
    for idea in ideas:
        if existing[sig(idea)] > 0:
            existing[sig(idea)] -= 1
        else:
            fresh.append(idea)
    return fresh


def import_items(repo: Repository, items: list[Post | Slot]) -> ImportResult:
    """Add dated posts and slots, skipping those already planned exactly so."""
    if not items:
        return ImportResult(0, 0)
    # In UTC: wall-clock arithmetic and comparison in one zone ignore `fold`, and would
    # miss the second 02:30 of a fall-back night.
    starts = [item.start.astimezone(UTC) for item in items]
    lo, hi = min(starts) - timedelta(minutes=1), max(starts) + timedelta(minutes=1)
    with repo.transaction():
        posts, slots = repo.items_between(lo, hi)
        planned: list[Post | Slot] = [*posts, *slots]
        existing = Counter(_signature(i) for i in planned if lo <= i.start < hi)
        # An exported week lists each occurrence of a repeating slot as a slot of its own:
        # imported back, each is already planned as that occurrence.
        for occ in expand([s for s in slots if s.rrule], lo, hi):
            existing[_signature(Slot(occ.platform, occ.start, occ.duration_min, occ.activity, None,
                                     occ.slot.notes))] += 1
        fresh = _fresh(items, existing)
        stored = tuple(repo.add_many(fresh))
    return ImportResult(len(fresh), len(items) - len(fresh), items=stored)


def _fresh(items: list[Post | Slot], existing: Counter[tuple[object, ...]]) -> list[Post | Slot]:
    fresh: list[Post | Slot] = []
    for item in items:
        sig = _signature(item)
        if existing[sig] > 0:
            existing[sig] -= 1
        else:
            fresh.append(item)
    return fresh
