"""Storage of the ideas backlog, evergreen marks and the record of evergreen runs.

Kept apart from the items table (its own tables, schema 6), so no week query ever meets
a post without a date. A read-only open of an older file has none of these tables: its
backlog is empty and nothing is evergreen. Writes join the caller's transaction when one
is open (`Repository.transaction` nests), so a fill is one commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from app.domain.ideas import Evergreen, Idea
from app.domain.items import PostKind
from app.storage.errors import StorageError
from app.storage.repository import Repository

_IDEA_COLUMNS = "id, platform, account, kind, text, link, tags, notes, position"


def available(repo: Repository) -> bool:
    """Whether the file has the backlog tables (an older file opened read-only has not)."""
    row = repo.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ideas'").fetchone()
    return row is not None


def _require(repo: Repository) -> None:
    if not available(repo):
        raise StorageError(f"{repo.path}: this database is too old for a backlog; open it in "
                           "Presence once to bring it up to date")


def _idea(row: tuple[Any, ...]) -> Idea:
    (idea_id, platform, account, kind, text, link, tags, notes, position) = row
    try:
        return Idea(str(platform), PostKind(str(kind)), str(text), str(link),
                    tuple(t for t in str(tags).split(";") if t), str(notes),
                    None if account is None else str(account), int(idea_id), int(position))
    except (ValueError, TypeError):
        raise StorageError(f"idea {idea_id} is damaged (kind {kind!r})") from None


def ideas(repo: Repository) -> list[Idea]:
    """Every idea in the backlog, in its order."""
    if not available(repo):
        return []
    rows = repo.conn.execute(f"SELECT {_IDEA_COLUMNS} FROM ideas ORDER BY position, id").fetchall()
    return [_idea(r) for r in rows]


def idea(repo: Repository, idea_id: int) -> Idea | None:
    if not available(repo):
        return None
    row = repo.conn.execute(f"SELECT {_IDEA_COLUMNS} FROM ideas WHERE id = ?", (idea_id,)).fetchone()
    return None if row is None else _idea(row)


def add_idea(repo: Repository, new: Idea) -> Idea:
    """Store an idea (at the end of the backlog when it has no id yet); an idea with an id is
    put back under that id and position (undo of a placement)."""
    _require(repo)
    with repo.transaction() as tx:
        values = (new.platform, new.account, new.kind.value, new.text, new.link,
                  ";".join(t for t in new.tags if t), new.notes)
        if new.id is None:
            position = tx.execute("SELECT coalesce(max(position), -1) + 1 FROM ideas").fetchone()[0]
            cur = tx.execute(
                "INSERT INTO ideas (platform, account, kind, text, link, tags, notes, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", (*values, position))
            return new.with_(id=cur.fetchone()[0], position=position)
        tx.execute(f"INSERT INTO ideas ({_IDEA_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (new.id, *values, new.position))
        return new


def add_ideas(repo: Repository, new: Iterable[Idea]) -> list[Idea]:
    with repo.transaction():
        return [add_idea(repo, i) for i in new]


def remove_idea(repo: Repository, idea_id: int) -> Idea:
    """Take an idea out of the backlog; returns it (with its id and position) for undo."""
    _require(repo)
    with repo.transaction() as tx:
        found = idea(repo, idea_id)
        if found is None:
            raise KeyError(f"idea {idea_id} is no longer in the backlog")
        tx.execute("DELETE FROM ideas WHERE id = ?", (idea_id,))
        return found


# -- evergreen posts ---------------------------------------------------------------------

def evergreen(repo: Repository, item_ids: Iterable[int] | None = None) -> dict[int, Evergreen]:
    """Evergreen marks by post id (of posts that still exist); all of them without ids."""
    if not available(repo):
        return {}
    rows = repo.conn.execute(
        "SELECT e.item_id, e.gap_days, e.max_runs, e.until FROM evergreen e"
        " JOIN items i ON i.id = e.item_id AND i.type = 'post'").fetchall()
    wanted = None if item_ids is None else set(item_ids)
    out: dict[int, Evergreen] = {}
    for item_id, gap, most, until in rows:
        if wanted is not None and item_id not in wanted:
            continue
        try:
            out[item_id] = Evergreen(int(gap), None if most is None else int(most),
                                     None if until is None else date.fromisoformat(until))
        except (ValueError, TypeError):
            raise StorageError(f"{repo.path}: the evergreen mark of post {item_id} is damaged") from None
    return out


def set_evergreen(repo: Repository, item_id: int, mark: Evergreen | None) -> Evergreen | None:
    """Mark a post evergreen (or not, with None); returns the mark before."""
    _require(repo)
    with repo.transaction() as tx:
        before = evergreen(repo, [item_id]).get(item_id)
        tx.execute("DELETE FROM evergreen WHERE item_id = ?", (item_id,))
        if mark is not None:
            tx.execute("INSERT INTO evergreen (item_id, gap_days, max_runs, until) VALUES (?, ?, ?, ?)",
                       (item_id, mark.gap_days, mark.max_runs,
                        None if mark.until is None else mark.until.isoformat()))
        return before


def runs(repo: Repository) -> dict[int, list[int]]:
    """The runs of each evergreen post (ids of posts that still exist), by source id."""
    if not available(repo):
        return {}
    out: dict[int, list[int]] = {}
    for run_id, source_id in repo.conn.execute(
            "SELECT r.item_id, r.source_id FROM evergreen_runs r JOIN items i ON i.id = r.item_id"
            " ORDER BY i.start_utc, r.item_id"):
        out.setdefault(source_id, []).append(run_id)
    return out


def source_of(repo: Repository, run_id: int) -> int | None:
    """The evergreen post a run repeats, if it is one."""
    if not available(repo):
        return None
    row = repo.conn.execute("SELECT source_id FROM evergreen_runs WHERE item_id = ?", (run_id,)).fetchone()
    return None if row is None else int(row[0])


def record_run(repo: Repository, run_id: int, source_id: int) -> None:
    _require(repo)
    with repo.transaction() as tx:
        tx.execute("INSERT OR REPLACE INTO evergreen_runs (item_id, source_id) VALUES (?, ?)",
                   (run_id, source_id))


def forget_run(repo: Repository, run_id: int) -> None:
    _require(repo)
    with repo.transaction() as tx:
        tx.execute("DELETE FROM evergreen_runs WHERE item_id = ?", (run_id,))


def clear_stale(repo: Repository, item_id: int) -> None:
    """A new post that SQLite gave the id of a deleted one must not inherit its marks."""
    if not available(repo):
        return
    with repo.transaction() as tx:
        tx.execute("DELETE FROM evergreen WHERE item_id = ?", (item_id,))
        tx.execute("DELETE FROM evergreen_runs WHERE item_id = ?", (item_id,))
