"""The schema, as a list of forward migrations; `PRAGMA user_version` counts them."""

from __future__ import annotations

# 'PRES' in ASCII: lets us tell our files from other programs' SQLite databases.
APPLICATION_ID = 0x50524553

# Each entry migrates from version i to i + 1; never edit one that has shipped.
MIGRATIONS: list[str] = [
    # 0 -> 1: the first schema.
    """
    CREATE TABLE platforms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        text_limit INTEGER,
        daily_cap INTEGER,
        colour TEXT NOT NULL,
        counting TEXT NOT NULL DEFAULT 'characters',
        builtin INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
        handle TEXT NOT NULL,
        use TEXT NOT NULL CHECK (use IN ('business', 'personal')),
        UNIQUE (platform, handle)
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('post', 'slot')),
        platform TEXT NOT NULL REFERENCES platforms(id),
        account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        start_utc INTEGER NOT NULL,
        tz TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT,
        duration_min INTEGER,
        rrule TEXT,
        text TEXT NOT NULL DEFAULT '',
        link TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX items_by_start ON items (start_utc);
    CREATE INDEX items_recurring ON items (start_utc) WHERE rrule IS NOT NULL;
    CREATE TABLE slot_done (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        occurrence_utc INTEGER NOT NULL,
        PRIMARY KEY (item_id, occurrence_utc)
    ) WITHOUT ROWID;
    CREATE TABLE goals (
        id INTEGER PRIMARY KEY,
        week TEXT NOT NULL,
        platform TEXT NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        metric TEXT NOT NULL CHECK (metric IN ('at_least', 'at_most')),
        target INTEGER NOT NULL CHECK (target >= 0)
    );
    CREATE INDEX goals_by_week ON goals (week);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 1 -> 2: when a repeating slot's last occurrence starts (NULL: no end, or not yet
    # known for slots written before), so reading a week skips series that ended long ago.
    """
    ALTER TABLE items ADD COLUMN last_utc INTEGER;
    CREATE INDEX items_recurring_by_end ON items (last_utc, start_utc) WHERE rrule IS NOT NULL;
    """,
    # 2 -> 3: findings set aside by key; single occurrences removed from a repeating slot
    # (RFC 5545 EXDATE); platforms a user hides; standing goals (week NULL: every week
    # from `since`, until removed; a goal for one week overrides the standing one).
    """
    CREATE TABLE ignored_findings (
        key TEXT PRIMARY KEY,
        week TEXT NOT NULL,
        rule TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        at_utc INTEGER NOT NULL
    );
    CREATE INDEX ignored_by_week ON ignored_findings (week);
    CREATE TABLE slot_exceptions (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        occurrence_utc INTEGER NOT NULL,
        PRIMARY KEY (item_id, occurrence_utc)
    ) WITHOUT ROWID;
    ALTER TABLE platforms ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE goals_v3 (
        id INTEGER PRIMARY KEY,
        week TEXT,
        since TEXT,
        platform TEXT NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        metric TEXT NOT NULL CHECK (metric IN ('at_least', 'at_most')),
        target INTEGER NOT NULL CHECK (target >= 0),
        CHECK ((week IS NULL) != (since IS NULL))
    );
    INSERT INTO goals_v3 (id, week, since, platform, subject, metric, target)
        SELECT id, week, NULL, platform, subject, metric, target FROM goals;
    DROP TABLE goals;
    ALTER TABLE goals_v3 RENAME TO goals;
    CREATE INDEX goals_by_week ON goals (week);
    """,
    # 3 -> 4: what calendar sync last published, per calendar and UID: where the event is
    # on the server (href), the server's ETag of it, and a digest of what was sent, so the
    # next sync sends only what changed and removes what was deleted here. No foreign key
    # to items: a deleted item's row is what tells the next sync to remove its event.
    """
    CREATE TABLE caldav_published (
        calendar TEXT NOT NULL,
        uid TEXT NOT NULL,
        item_id INTEGER NOT NULL,
        href TEXT NOT NULL,
        etag TEXT,
        digest TEXT NOT NULL,
        PRIMARY KEY (calendar, uid)
    ) WITHOUT ROWID;
    """,
    # 4 -> 5: the daily loop. What happened to a post (when it went out and where, or why
    # it was skipped) beside its status; and every due-now notice told, so a notice never
    # fires twice and one missed while Presence was closed is told once.
    """
    CREATE TABLE post_marks (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('posted', 'skipped')),
        at_utc INTEGER NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE notices (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        due_utc INTEGER NOT NULL,
        told_utc INTEGER NOT NULL,
        missed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (item_id, due_utc)
    ) WITHOUT ROWID;
    """,
    # 5 -> 6: planning faster. Ideas without a date wait in their own table (so no week
    # query ever meets a post without a start); evergreen posts and the record of their
    # runs (a run is an ordinary post that names the post it repeats). No foreign keys to
    # items: undoing a delete puts an item back under its old id, and its evergreen marks
    # must still be there; readers skip rows whose post is gone.
    """
    CREATE TABLE ideas (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        account TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        link TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE evergreen (
        item_id INTEGER PRIMARY KEY,
        gap_days INTEGER NOT NULL CHECK (gap_days >= 1),
        max_runs INTEGER CHECK (max_runs IS NULL OR max_runs >= 1),
        until TEXT
    );
    CREATE TABLE evergreen_runs (
        item_id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL
    );
    CREATE INDEX evergreen_runs_by_source ON evergreen_runs (source_id);
    """,
    # 6 -> 7: what goes with a post beyond its text (SPEC section 9): its first comment,
    # whether it will carry an image, and that image's alt text. Only posts that have any
    # of them get a row. Each platform's limits beyond length (NULL: none): hashtags and
    # links a post may carry, and the first comment's length; the built-in ones get theirs.
    """
    CREATE TABLE post_extras (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        first_comment TEXT NOT NULL DEFAULT '',
        has_image INTEGER NOT NULL DEFAULT 0,
        alt_text TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE platforms ADD COLUMN hashtag_limit INTEGER;
    ALTER TABLE platforms ADD COLUMN link_limit INTEGER;
    ALTER TABLE platforms ADD COLUMN comment_limit INTEGER;
    UPDATE platforms SET hashtag_limit = 5, comment_limit = 2200 WHERE id = 'instagram' AND builtin = 1;
    UPDATE platforms SET link_limit = 5 WHERE id = 'threads' AND builtin = 1;
    UPDATE platforms SET comment_limit = 8000 WHERE id = 'facebook' AND builtin = 1;
    UPDATE platforms SET comment_limit = 1250 WHERE id = 'linkedin' AND builtin = 1;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
