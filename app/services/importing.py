"""Importing a CSV into the database: all rows or none, and no double entries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from app.domain.ideas import Idea
from app.domain.items import Post, Slot
from app.domain.zones import to_epoch
from app.exchange.csv_format import decode, read_csv_with_ideas
from app.services.preferences import user_zone
from app.storage import backlog
from app.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int  # posts, slots and backlog ideas
    already_there: int
    ideas: int = 0  # of `added`, ideas put in the backlog (rows with an empty date)


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
    if ideas:
        with repo.transaction():
            result = import_items(repo, items)
            fresh_ideas = _new_ideas(repo, ideas)
            backlog.add_ideas(repo, fresh_ideas)
        return ImportResult(result.added + len(fresh_ideas),
                            result.already_there + len(ideas) - len(fresh_ideas), len(fresh_ideas))
    return import_items(repo, items)


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
    starts = [item.start for item in items]
    lo, hi = min(starts) - timedelta(minutes=1), max(starts) + timedelta(minutes=1)
    posts, slots = repo.items_between(lo, hi)
    planned: list[Post | Slot] = [*posts, *slots]
    existing = Counter(_signature(i) for i in planned if lo <= i.start < hi)
    fresh: list[Post | Slot] = []
    for item in items:
        sig = _signature(item)
        if existing[sig] > 0:
            existing[sig] -= 1
        else:
            fresh.append(item)
    repo.add_many(fresh)
    return ImportResult(len(fresh), len(items) - len(fresh))
