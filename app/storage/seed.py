"""The built-in platforms a new database starts with."""

from __future__ import annotations

import sqlite3

from app.domain.platforms import BUILTIN_PLATFORMS


def seed_platforms(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(platforms)")}
    if "hashtag_limit" not in columns:  # a file built to an older schema (tests make them)
        conn.executemany(
            "INSERT OR IGNORE INTO platforms"
            " (id, name, text_limit, daily_cap, colour, counting, builtin, position)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            [(p.id, p.name, p.text_limit, p.daily_cap, p.colour, p.counting.value, pos)
             for pos, p in enumerate(BUILTIN_PLATFORMS)],
        )
        return
    conn.executemany(
        "INSERT OR IGNORE INTO platforms"
        " (id, name, text_limit, daily_cap, colour, counting, builtin, position,"
        " hashtag_limit, link_limit, comment_limit)"
        " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
        [
            (p.id, p.name, p.text_limit, p.daily_cap, p.colour, p.counting.value, pos,
             p.hashtag_limit, p.link_limit, p.comment_limit)
            for pos, p in enumerate(BUILTIN_PLATFORMS)
        ],
    )
