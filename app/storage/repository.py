"""The repository: every read and edit of a Presence database goes through here.

Reads use the sqlite3 module directly, so the command line starts fast; each edit is
its own committed transaction, so nothing waits for a Save button.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.items import (
    Account,
    AccountUse,
    Activity,
    Goal,
    GoalMetric,
    Post,
    PostKind,
    PostStatus,
    Slot,
)
from app.domain.marks import PostMark
from app.domain.plan import MARGIN, WeekPlan
from app.domain.platforms import Counting, Platform
from app.domain.recurrence import expand, last_start, validate_rrule
from app.domain.weeks import Week
from app.domain.zones import UTC, from_epoch, get_zone, to_epoch
from app.storage.database import open_database
from app.storage.errors import StorageError
from app.storage.schema import MIGRATIONS

Item = Post | Slot

_ITEM_COLUMNS = (
    "id, type, platform, account_id, start_utc, tz, kind, status, duration_min, rrule,"
    " text, link, tags, notes"
)


# Repeating slots that may occur before `hi` and have not ended before `lo`; parameters
# (hi, lo, hi). `+start_utc` makes SQLite search by last_utc rather than by the start.
_RUNNING_SERIES = (
    f"SELECT {_ITEM_COLUMNS} FROM items WHERE rrule IS NOT NULL AND last_utc IS NULL"
    " AND start_utc < ?"
    f" UNION ALL SELECT {_ITEM_COLUMNS} FROM items"
    " WHERE rrule IS NOT NULL AND last_utc >= ? AND +start_utc < ?"
)
# The same for a schema-1 file opened read-only (the command line does not migrate):
# every series that started before `hi`; `lo` is read and ignored to keep the parameters.
_RUNNING_SERIES_V1 = (
    f"SELECT {_ITEM_COLUMNS} FROM items WHERE rrule IS NOT NULL AND start_utc < ?"
    f" UNION ALL SELECT {_ITEM_COLUMNS} FROM items WHERE 0 AND ? AND ?"
)
# Enum lookups by value through a dict: calling the enum costs more than the row's other work.
_POST_KINDS = {kind.value: kind for kind in PostKind}
_POST_STATUSES = {status.value: status for status in PostStatus}
_ACTIVITIES = {activity.value: activity for activity in Activity}
# Ids per `IN (...)` query, well below SQLite's limit on variables.
_ID_CHUNK = 500


def _start_and_id(item: Item) -> tuple[datetime, int]:
    return item.start, item.id or 0


def _tags_text(tags: Iterable[str]) -> str:
    return ";".join(t for t in tags if t)


def _tags_tuple(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(";") if t)


class Repository:
    """Reads and single-transaction edits over one open database connection."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._account_ids: dict[tuple[str, str], int] | None = None
        # A writable open migrates to the latest schema; a read-only one reads what is there.
        self._read_version()

    def _read_version(self) -> None:
        # A read-only open of an older file has only that schema's tables: readers of newer
        # tables check `schema_version` first.
        self.schema_version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        self._running_series = _RUNNING_SERIES if self.schema_version >= 2 else _RUNNING_SERIES_V1

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False) -> Repository:
        return cls(open_database(path, readonly=readonly), Path(path))

    def close(self) -> None:
        self.conn.close()

    def reopen(self) -> None:
        """Connect again to the same file, e.g. after a restore replaced it under a closed
        connection; whoever holds this repository (the window's undo stack) keeps working."""
        if self.path is None:
            raise StorageError("this database has no file to open again")
        conn = open_database(self.path)
        self.conn.close()
        self.conn = conn
        self._account_ids = None
        self._read_version()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; rolled back whole on any error."""
        if self.conn.in_transaction:
            yield self.conn  # nested: the outer transaction decides
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk
                self.conn.execute("ROLLBACK")
            self._account_ids = None
            raise
        self.conn.execute("COMMIT")

    def change_stamp(self) -> tuple[int, int, int]:
        """Differs after any commit, this connection's or another's: what caches of a
        week's plan and advice are keyed by (PRAGMA data_version misses our own writes)."""
        return id(self.conn), self.conn.total_changes, self.data_version()

    def data_version(self) -> int:
        """Changes when another connection commits; the window polls it to refresh."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- platforms and accounts ------------------------------------------------------

    def platforms(self) -> dict[str, Platform]:
        """Every platform, hidden ones too: posts planned on them still need their name."""
        hidden = "hidden" if self.schema_version >= 3 else "0"  # a read-only schema-2 file
        # Limits beyond length came with schema 7; an older file read-only has the built-ins'.
        more = ("hashtag_limit, link_limit, comment_limit" if self.schema_version >= 7
                else "NULL, NULL, NULL")
        rows = self.conn.execute(
            f"SELECT id, name, text_limit, daily_cap, colour, counting, builtin, {hidden}, {more}"
            " FROM platforms ORDER BY position, id"
        )
        platforms = {
            r[0]: Platform(r[0], r[1], r[2], r[3], r[4], Counting(r[5]), bool(r[6]), bool(r[7]),
                           r[8], r[9], r[10])
            for r in rows
        }
        if self.schema_version < 7:
            from app.domain.platforms import BUILTIN_BY_ID

            for pid, p in platforms.items():
                base = BUILTIN_BY_ID.get(pid)
                if base is not None and p.builtin:
                    platforms[pid] = p.with_(hashtag_limit=base.hashtag_limit, link_limit=base.link_limit,
                                             comment_limit=base.comment_limit)
        return platforms

    def save_platform(self, platform: Platform) -> None:
        with self.transaction() as tx:
            self._save_platform(tx, platform)
            if self.schema_version >= 7:
                tx.execute(
                    "UPDATE platforms SET hashtag_limit = ?, link_limit = ?, comment_limit = ? WHERE id = ?",
                    (platform.hashtag_limit, platform.link_limit, platform.comment_limit, platform.id),
                )

    def _save_platform(self, tx: sqlite3.Connection, platform: Platform) -> None:
        position = tx.execute("SELECT coalesce(max(position), -1) + 1 FROM platforms").fetchone()[0]
        tx.execute(
            "INSERT INTO platforms (id, name, text_limit, daily_cap, colour, counting, builtin,"
            " position, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " name = excluded.name, text_limit = excluded.text_limit,"
            " daily_cap = excluded.daily_cap, colour = excluded.colour,"
            " counting = excluded.counting, hidden = excluded.hidden",
            (platform.id, platform.name, platform.text_limit, platform.daily_cap,
             platform.colour, platform.counting.value, int(platform.builtin), position,
             int(platform.hidden)),
        )

    def delete_platform(self, platform_id: str) -> None:
        """Remove a platform that nothing is planned on; ValueError otherwise."""
        with self.transaction() as tx:
            used = tx.execute("SELECT count(*) FROM items WHERE platform = ?", (platform_id,))
            if used.fetchone()[0]:
                raise ValueError(f"platform {platform_id!r} still has planned items")
            tx.execute("DELETE FROM platforms WHERE id = ?", (platform_id,))

    def accounts(self) -> list[Account]:
        rows = self.conn.execute("SELECT id, platform, handle, use FROM accounts ORDER BY platform, handle")
        return [Account(r[1], r[2], AccountUse(r[3]), r[0]) for r in rows]

    def save_account(self, account: Account) -> Account:
        self._account_ids = None
        with self.transaction() as tx:
            if account.id is None:
                cur = tx.execute(
                    "INSERT INTO accounts (platform, handle, use) VALUES (?, ?, ?)"
                    " ON CONFLICT(platform, handle) DO UPDATE SET use = excluded.use RETURNING id",
                    (account.platform, account.handle, account.use.value),
                )
                return Account(account.platform, account.handle, account.use, cur.fetchone()[0])
            # By id: an update, or (undoing its removal) the account back under its old id.
            tx.execute(
                "INSERT INTO accounts (id, platform, handle, use) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET platform = excluded.platform,"
                " handle = excluded.handle, use = excluded.use",
                (account.id, account.platform, account.handle, account.use.value),
            )
            return account

    def delete_account(self, account_id: int) -> None:
        self._account_ids = None
        with self.transaction() as tx:
            tx.execute("DELETE FROM accounts WHERE id = ?", (account_id,))

    def items_on_account(self, account_id: int) -> list[int]:
        """Ids of the items planned on an account (deleting it leaves them on none)."""
        rows = self.conn.execute("SELECT id FROM items WHERE account_id = ? ORDER BY id", (account_id,))
        return [r[0] for r in rows]

    def set_items_account(self, item_ids: Iterable[int], account_id: int) -> None:
        """Plan items on an account again, as they were before it was removed."""
        with self.transaction() as tx:
            tx.executemany("UPDATE items SET account_id = ? WHERE id = ?",
                           [(account_id, item_id) for item_id in item_ids])

    def _account_id(self, platform: str, handle: str | None) -> int | None:
        """The id of an account, created as a business account the first time it is named."""
        if not handle:
            return None
        if self._account_ids is None:
            rows = self.conn.execute("SELECT platform, handle, id FROM accounts")
            self._account_ids = {(r[0], r[1]): r[2] for r in rows}
        key = (platform, handle)
        if key not in self._account_ids:
            cur = self.conn.execute(
                "INSERT INTO accounts (platform, handle, use) VALUES (?, ?, 'business') RETURNING id",
                key,
            )
            self._account_ids[key] = cur.fetchone()[0]
        return self._account_ids[key]

    # -- items -----------------------------------------------------------------------

    def _item_values(self, item: Item) -> tuple[Any, ...]:
        start = to_epoch(item.start)
        if isinstance(item, Post):
            account = self._account_id(item.platform, item.account)
            return ("post", item.platform, account, start, item.tz, item.kind.value,
                    item.status.value, None, None, item.text, item.link,
                    _tags_text(item.tags), item.notes, None)
        last = last_start(item) if item.rrule else None
        return ("slot", item.platform, None, start, item.tz, item.activity.value, None,
                item.duration_min, item.rrule, "", "", "", item.notes,
                None if last is None else to_epoch(last))

    def _insert(self, tx: sqlite3.Connection, item: Item) -> Item:
        if item.id is None and isinstance(item, Slot) and item.rrule:
            # The check import and the slot editor make: a new slot never stores a rule
            # that hangs, repeats within a day or never happens (ValueError, one line).
            validate_rrule(item.rrule, item.start)
        values = self._item_values(item)
        if item.id is None:
            cur = tx.execute(
                "INSERT INTO items (type, platform, account_id, start_utc, tz, kind, status,"
                " duration_min, rrule, text, link, tags, notes, last_utc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                values,
            )
            new_id = cur.fetchone()[0]
            item = item.with_(id=new_id)
        else:  # re-inserting a deleted item keeps its id (undo of a delete)
            tx.execute(
                f"INSERT INTO items ({_ITEM_COLUMNS}, last_utc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item.id, *values),
            )
        if isinstance(item, Slot) and item.done:
            tx.executemany(
                "INSERT OR IGNORE INTO slot_done (item_id, occurrence_utc) VALUES (?, ?)",
                [(item.id, to_epoch(d)) for d in item.done],
            )
        if isinstance(item, Slot) and item.exdates:
            tx.executemany(
                "INSERT OR IGNORE INTO slot_exceptions (item_id, occurrence_utc) VALUES (?, ?)",
                [(item.id, to_epoch(d)) for d in item.exdates],
            )
        if isinstance(item, Post):
            self._write_extras(tx, item)
        return item

    def _write_extras(self, tx: sqlite3.Connection, post: Post) -> None:
        """A post's first comment, image mark and alt text (schema 7); a row only if any."""
        if self.schema_version < 7:
            return
        tx.execute("DELETE FROM post_extras WHERE item_id = ?", (post.id,))
        if post.first_comment or post.has_image or post.alt_text:
            tx.execute(
                "INSERT INTO post_extras (item_id, first_comment, has_image, alt_text) VALUES (?, ?, ?, ?)",
                (post.id, post.first_comment, int(post.has_image), post.alt_text),
            )

    def _with_extras(self, items: list[Item]) -> list[Item]:
        """Posts with their first comment, image mark and alt text, read in chunks."""
        ids = [i.id for i in items if isinstance(i, Post)]
        extras: dict[int, tuple[str, bool, str]] = {}
        for item_id, comment, image, alt in self._by_item_ids(
                "SELECT item_id, first_comment, has_image, alt_text FROM post_extras", ids):
            extras[item_id] = (comment, bool(image), alt)
        if not extras:
            return items
        return [replace(i, first_comment=extras[i.id][0], has_image=extras[i.id][1], alt_text=extras[i.id][2])
                if isinstance(i, Post) and i.id in extras else i for i in items]

    def add(self, item: Item) -> Item:
        """Insert a post or slot in its own transaction; returns it with its id."""
        with self.transaction() as tx:
            return self._insert(tx, item)

    def add_many(self, items: Iterable[Item]) -> list[Item]:
        """Insert many items in one transaction: all are written, or none."""
        with self.transaction() as tx:
            return [self._insert(tx, item) for item in items]

    def update(self, item: Item) -> Item:
        """Replace a stored item by its id; returns the previous version (for undo)."""
        if item.id is None:
            raise ValueError("cannot update an item that has no id")
        with self.transaction() as tx:
            before = self.get(item.id)
            if before is None:
                raise KeyError(item.id)
            tx.execute(
                "UPDATE items SET type = ?, platform = ?, account_id = ?, start_utc = ?, tz = ?,"
                " kind = ?, status = ?, duration_min = ?, rrule = ?, text = ?, link = ?, tags = ?,"
                " notes = ?, last_utc = ? WHERE id = ?",
                (*self._item_values(item), item.id),
            )
            if isinstance(item, Post):
                self._write_extras(tx, item)
            if isinstance(item, Slot):
                tx.execute("DELETE FROM slot_done WHERE item_id = ?", (item.id,))
                tx.executemany(
                    "INSERT INTO slot_done (item_id, occurrence_utc) VALUES (?, ?)",
                    [(item.id, to_epoch(d)) for d in item.done],
                )
                tx.execute("DELETE FROM slot_exceptions WHERE item_id = ?", (item.id,))
                tx.executemany(
                    "INSERT INTO slot_exceptions (item_id, occurrence_utc) VALUES (?, ?)",
                    [(item.id, to_epoch(d)) for d in item.exdates],
                )
            return before

    def delete(self, item_id: int) -> Item:
        """Remove an item; returns what was removed, so it can be put back."""
        with self.transaction() as tx:
            before = self.get(item_id)
            if before is None:
                raise KeyError(item_id)
            tx.execute("DELETE FROM items WHERE id = ?", (item_id,))
            return before

    def set_done(self, slot_id: int, occurrence: datetime, done: bool = True) -> None:
        """Mark one occurrence of a slot done, or not done."""
        with self.transaction() as tx:
            if done:
                tx.execute(
                    "INSERT OR IGNORE INTO slot_done (item_id, occurrence_utc) VALUES (?, ?)",
                    (slot_id, to_epoch(occurrence)),
                )
            else:
                tx.execute(
                    "DELETE FROM slot_done WHERE item_id = ? AND occurrence_utc = ?",
                    (slot_id, to_epoch(occurrence)),
                )

    def get(self, item_id: int) -> Item | None:
        items = self._items(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,))
        return items[0] if items else None

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM items").fetchone()[0])

    def _by_item_ids(self, select: str, ids: Sequence[int | None], condition: str = "",
                     params: tuple[int, ...] = ()) -> Iterator[Any]:
        """The rows of `select ... WHERE item_id IN (ids)` plus `condition` (with `params`),
        queried in chunks below SQLite's limit on variables."""
        for first in range(0, len(ids), _ID_CHUNK):
            chunk = ids[first:first + _ID_CHUNK]
            yield from self.conn.execute(
                f"{select} WHERE item_id IN ({','.join('?' * len(chunk))}){condition}", [*chunk, *params])

    def _done_marks(self, slot_ids: list[int], table: str = "slot_done",
                    window: tuple[int, int] | None = None) -> dict[int, frozenset[datetime]]:
        """Done-marks (or, from slot_exceptions, excepted occurrences) of the given slots,
        read in chunks below SQLite's variable limit; only those in `window` ([lo, hi) in
        epoch seconds) if given: a daily routine ticked for ten years has thousands."""
        assert table in ("slot_done", "slot_exceptions")
        marks: dict[int, set[datetime]] = {}
        within = " AND occurrence_utc >= ? AND occurrence_utc < ?" if window is not None else ""
        rows = self._by_item_ids(f"SELECT item_id, occurrence_utc FROM {table}", slot_ids, within,
                                 window or ())
        for item_id, at in rows:
            marks.setdefault(item_id, set()).add(from_epoch(at, UTC))
        return {item_id: frozenset(at) for item_id, at in marks.items()}

    def _items(self, sql: str, params: tuple[Any, ...],
               marks_window: tuple[int, int] | None = None) -> list[Item]:
        """Rows of `_ITEM_COLUMNS` as posts and slots; runs on every week shown, so kept lean.

        `marks_window`: read only the done-marks of occurrences starting in it."""
        rows = self.conn.execute(sql, params).fetchall()
        handles = {r[0]: r[1] for r in self.conn.execute("SELECT id, handle FROM accounts")} if any(
            r[3] is not None for r in rows) else {}
        done = self._done_marks([r[0] for r in rows if r[1] == "slot"], window=marks_window)
        # Exceptions only exist on repeating slots, and only from schema 3 on (a read-only
        # open of an older file has none).
        repeating = [r[0] for r in rows if r[9] is not None] if self.schema_version >= 3 else []
        skipped = self._done_marks(repeating, "slot_exceptions") if repeating else {}
        no_marks: frozenset[datetime] = frozenset()
        zones: dict[str, ZoneInfo] = {}
        tag_tuples: dict[str, tuple[str, ...]] = {}
        kinds, statuses, activities = _POST_KINDS, _POST_STATUSES, _ACTIVITIES
        fromtimestamp = datetime.fromtimestamp
        out: list[Item] = []
        append = out.append
        try:
            for (item_id, type_, platform, account_id, start_utc, tz, kind, status, duration,
                 rrule, text, link, tags, notes) in rows:
                zone = zones.get(tz)
                if zone is None:
                    zone = zones[tz] = get_zone(tz)
                start = fromtimestamp(start_utc, zone)
                if type_ == "post":
                    tag_tuple = tag_tuples.get(tags)
                    if tag_tuple is None:
                        tag_tuple = tag_tuples[tags] = _tags_tuple(tags)
                    append(Post(platform, start, kinds.get(kind) or PostKind(kind),
                                statuses.get(status) or PostStatus(status), text, link,
                                tag_tuple, notes, handles.get(account_id), item_id))
                else:
                    append(Slot(platform, start, duration, activities.get(kind) or Activity(kind),
                                rrule, notes, done.get(item_id, no_marks), item_id,
                                skipped.get(item_id, no_marks)))
        except (ValueError, TypeError, OverflowError, OSError) as exc:
            # A row no version of Presence writes (edited by hand, or by another program):
            # one line naming it, as for any damaged file, rather than a traceback.
            raise StorageError(f"{self.path}: item {item_id} is damaged ({exc})") from None
        if self.schema_version >= 7 and out:  # an older file (read-only) has no extras
            return self._with_extras(out)
        return out

    def items_between(self, start: datetime, end: datetime, *,
                      marks_within: bool = False) -> tuple[list[Post], list[Slot]]:
        """Posts starting in [start, end), and every slot that may occur in it, oldest first.

        Repeating slots are read only if they start before the end and have not ended
        before the start (`last_utc`, NULL when endless): a ten-year archive holds many
        routines that ended long ago. `marks_within`: the slots carry only the done-marks
        of occurrences in [start, end) (what a week shows), not every mark since they began.

        Sorted here, not by `ORDER BY` over the union: SQLite would then walk the index of
        every repeating series ever stored to merge in order (tests/unit/storage checks
        the query plan).
        """
        lo, hi = to_epoch(start), to_epoch(end)
        items = self._items(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE start_utc >= ? AND start_utc < ?"
            f" AND rrule IS NULL UNION ALL {self._running_series}",
            (lo, hi, hi, lo, hi),
            (lo, hi) if marks_within else None,
        )
        items.sort(key=_start_and_id)
        posts = [i for i in items if isinstance(i, Post)]
        slots = [i for i in items if isinstance(i, Slot)]
        return posts, slots

    def slots_between(self, start: datetime, end: datetime) -> list[Slot]:
        """Every slot that may occur in [start, end), as `items_between` reads them."""
        lo, hi = to_epoch(start), to_epoch(end)
        items = self._items(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE start_utc >= ? AND start_utc < ?"
            f" AND type = 'slot' AND rrule IS NULL UNION ALL {self._running_series}",
            (lo, hi, hi, lo, hi),
        )
        items.sort(key=_start_and_id)
        return [i for i in items if isinstance(i, Slot)]

    def post_rows_between(self, start: datetime, end: datetime) -> list[tuple[Any, ...]]:
        """Posts starting in [start, end) as plain rows, oldest first, for bulk export.

        (start_utc, id, tz, platform, account handle or None, kind, status, text, link,
        tags, notes). A year of a large archive is tens of thousands of rows; building a
        Post for each would cost more than writing it out.
        """
        return self.conn.execute(
            "SELECT i.start_utc, i.id, i.tz, i.platform, a.handle, i.kind, i.status, i.text,"
            " i.link, i.tags, i.notes FROM items i LEFT JOIN accounts a ON a.id = i.account_id"
            " WHERE i.start_utc >= ? AND i.start_utc < ? AND i.type = 'post'"
            " ORDER BY i.start_utc, i.id",
            (to_epoch(start), to_epoch(end)),
        ).fetchall()

    def load_plan(self, week: Week, margin: timedelta = MARGIN) -> WeekPlan:
        """Everything the rules and the week view need for one week.

        Its slots carry the done-marks of the week and its margins only (the occurrences'
        own); an edit reads the slot whole (`get`) before changing it."""
        start, end = week.start - margin, week.end + margin
        posts, slots = self.items_between(start, end, marks_within=True)
        return WeekPlan(
            week=week,
            posts=tuple(posts),
            occurrences=tuple(expand(slots, start, end)),
            platforms=self.platforms(),
            accounts=tuple(self.accounts()),
            goals=tuple(self.goals(week.label)),
            margin=margin,
        )

    # -- goals -----------------------------------------------------------------------

    def _goal_rows(self, where: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        # (id, week, since, platform, subject, metric, target); a read-only schema-2 file
        # has no `since` column and no standing goals.
        since = "since" if self.schema_version >= 3 else "NULL"
        return self.conn.execute(
            f"SELECT id, week, {since}, platform, subject, metric, target FROM goals"
            f" WHERE {where} ORDER BY platform, id",
            params,
        ).fetchall()

    def goals(self, week_label: str) -> list[Goal]:
        """The goals in force in a week: its own, and the standing goals from `since` on
        that no goal of the week overrides (same platform, subject and metric)."""
        own = [Goal(r[1], r[3], r[6], r[4], GoalMetric(r[5]), r[0])
               for r in self._goal_rows("week = ?", (week_label,))]
        taken = {g.key for g in own}
        standing = [replace(g, week=week_label) for g in self.standing_goals()
                    if g.since is not None and g.since <= week_label and g.key not in taken]
        return sorted(own + standing, key=lambda g: (g.platform, g.id or 0))

    def standing_goals(self) -> list[Goal]:
        """Every standing goal, each read for its first week."""
        if self.schema_version < 3:
            return []
        return [Goal(r[2], r[3], r[6], r[4], GoalMetric(r[5]), r[0], r[2])
                for r in self._goal_rows("week IS NULL", ())]

    def goal(self, goal_id: int) -> Goal | None:
        """One stored goal by id; a standing one read for its first week."""
        rows = self._goal_rows("id = ?", (goal_id,))
        if not rows:
            return None
        r = rows[0]
        return Goal(r[1] or r[2], r[3], r[6], r[4], GoalMetric(r[5]), r[0], r[2])

    def save_goal(self, goal: Goal) -> Goal:
        """Insert or update; a goal with `since` is stored as standing (no week)."""
        week, since = (None, goal.since) if goal.since is not None else (goal.week, None)
        with self.transaction() as tx:
            if goal.id is None:
                cur = tx.execute(
                    "INSERT INTO goals (week, since, platform, subject, metric, target)"
                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (week, since, goal.platform, goal.subject, goal.metric.value, goal.target),
                )
                return Goal(goal.week, goal.platform, goal.target, goal.subject, goal.metric,
                            cur.fetchone()[0], goal.since)
            # By id: an update, or (undoing its removal) the goal back under its old id.
            tx.execute(
                "INSERT INTO goals (id, week, since, platform, subject, metric, target)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET week = excluded.week,"
                " since = excluded.since, platform = excluded.platform, subject = excluded.subject,"
                " metric = excluded.metric, target = excluded.target",
                (goal.id, week, since, goal.platform, goal.subject, goal.metric.value, goal.target),
            )
            return goal

    def delete_goal(self, goal_id: int) -> None:
        with self.transaction() as tx:
            tx.execute("DELETE FROM goals WHERE id = ?", (goal_id,))

    # -- ignores: findings set aside until one of their items changes -----------------
    # The key (app/services/advice.py) hashes the items' content, so an edit makes a new
    # key and the old row simply matches nothing any more.

    def ignore(self, key: str, week: str, rule: str, message: str = "") -> None:
        """Set a finding aside (again: the newest time and words win)."""
        if self.schema_version < 3:
            raise StorageError(f"{self.path}: this database is too old to set findings aside")
        with self.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO ignored_findings (key, week, rule, message, at_utc)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, week, rule, message, to_epoch(datetime.now(UTC))),
            )

    def unignore(self, key: str) -> bool:
        """Bring a set-aside finding back; False if it was not set aside."""
        if self.schema_version < 3:
            return False
        with self.transaction() as tx:
            return tx.execute("DELETE FROM ignored_findings WHERE key = ?", (key,)).rowcount > 0

    def ignored_keys(self, week: str) -> set[str]:
        """The keys set aside in a week; none in a (read-only) file older than schema 3."""
        if self.schema_version < 3:
            return set()
        rows = self.conn.execute("SELECT key FROM ignored_findings WHERE week = ?", (week,))
        return {r[0] for r in rows}

    # -- settings (JSON values, shared by the window and the command line) -----------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except (json.JSONDecodeError, TypeError):
            raise StorageError(f"{self.path}: the setting {key!r} is damaged (not JSON)") from None

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as tx:
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def clear_setting(self, key: str) -> None:
        """Forget a setting: reading it gives its default again."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM settings WHERE key = ?", (key,))

    # -- marks: what happened to posts, and the due-now notices told -----------------
    # Tables of the daily loop's migration; a read-only older file has none (no marks, no
    # notices told), and writing them needs the window or a writable open to migrate.

    @property
    def has_marks(self) -> bool:
        return self.schema_version >= _MARKS_SCHEMA

    def _require_marks(self) -> None:
        if not self.has_marks:
            raise StorageError(f"{self.path}: this database is too old to keep marks")

    def post_marks(self, item_ids: Iterable[int]) -> dict[int, PostMark]:
        """The marks of these posts (posted when and where, skipped why), by item id."""
        ids = list(dict.fromkeys(item_ids))
        if not self.has_marks or not ids:
            return {}
        out: dict[int, PostMark] = {}
        for item_id, status, at, url, reason in self._by_item_ids(
                "SELECT item_id, status, at_utc, url, reason FROM post_marks", ids):
            out[item_id] = PostMark(item_id, PostStatus(status), from_epoch(at, UTC), url, reason)
        return out

    def set_post_mark(self, item_id: int, mark: PostMark | None) -> None:
        """Keep (or, with None, drop) the mark beside a post's status."""
        self._require_marks()
        with self.transaction() as tx:
            if mark is None:
                tx.execute("DELETE FROM post_marks WHERE item_id = ?", (item_id,))
                return
            tx.execute(
                "INSERT OR REPLACE INTO post_marks (item_id, status, at_utc, url, reason)"
                " VALUES (?, ?, ?, ?, ?)",
                (item_id, mark.status.value, to_epoch(mark.at), mark.url, mark.reason),
            )

    def notices_between(self, start: datetime, end: datetime) -> set[tuple[int, int]]:
        """(item id, due epoch) of the notices told for moments in [start, end]."""
        if not self.has_marks:
            return set()
        rows = self.conn.execute(
            "SELECT item_id, due_utc FROM notices WHERE due_utc >= ? AND due_utc <= ?",
            (to_epoch(start), to_epoch(end)),
        )
        return {(r[0], r[1]) for r in rows}

    def record_notices(self, told: Iterable[tuple[int, datetime, bool]], at: datetime,
                       watched_until: datetime) -> None:
        """Note notices as told ((item id, due moment, missed while closed)) and how far the
        clock has been watched, in one transaction: told once, even across a crash."""
        self._require_marks()
        with self.transaction() as tx:
            tx.executemany(
                "INSERT OR IGNORE INTO notices (item_id, due_utc, told_utc, missed) VALUES (?, ?, ?, ?)",
                [(item_id, to_epoch(due), to_epoch(at), int(missed)) for item_id, due, missed in told],
            )
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('daily.watched_until', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(to_epoch(watched_until)),),
            )

    def watched_until(self) -> datetime | None:
        """Up to when due-now notices were looked for (None: never, on this file)."""
        value = self.setting("daily.watched_until")
        return from_epoch(value, UTC) if isinstance(value, int) else None


# The schema version that has post_marks and notices (found by content: migrations are
# appended by several features, so its number is not fixed in advance).
_MARKS_SCHEMA = next(i + 1 for i, sql in enumerate(MIGRATIONS) if "CREATE TABLE post_marks" in sql)
