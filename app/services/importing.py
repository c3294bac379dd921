"""Importing a CSV into the database: all rows or none, and no double entries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from app.domain.items import Post, Slot
from app.domain.zones import to_epoch
from app.exchange.csv_format import decode, read_csv
from app.services.preferences import user_zone
from app.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already_there: int


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
    items = read_csv(decode(data, name), repo.platforms(), user_zone(repo))
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
