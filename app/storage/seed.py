"""The built-in platforms a new database starts with."""

from __future__ import annotations

import sqlite3

from app.domain.platforms import BUILTIN_PLATFORMS


def seed_platforms(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO platforms"
        " (id, name, text_limit, daily_cap, colour, counting, builtin, position)"
        " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
        [
            (p.id, p.name, p.text_limit, p.daily_cap, p.colour, p.counting.value, pos)
            for pos, p in enumerate(BUILTIN_PLATFORMS)
        ],
    )
