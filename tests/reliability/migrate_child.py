"""Opens a Presence database with one extra, slow migration, as a newer Presence would.

The real schema is not changed: this process appends a migration to
`app.storage.schema.MIGRATIONS` before opening, so the parent can kill it mid-migration.
Prints `migrated` once the database is open at the new version.
"""

from __future__ import annotations

import sys

import app.storage.database as database
import app.storage.schema as schema

ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000

SLOW_MIGRATION = f"""
    CREATE TABLE bulk (n INTEGER PRIMARY KEY, payload BLOB NOT NULL);
    INSERT INTO bulk (n, payload)
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {ROWS})
        SELECT x, randomblob(300) FROM c;
    UPDATE items SET notes = 'migrated ' || id;
    CREATE INDEX bulk_by_payload ON bulk (payload);
"""


def main(db: str) -> None:
    schema.MIGRATIONS.append(SLOW_MIGRATION)
    schema.SCHEMA_VERSION = len(schema.MIGRATIONS)
    database.SCHEMA_VERSION = schema.SCHEMA_VERSION  # bound at import time there
    from app.storage.repository import Repository

    with Repository.open(db) as repo:
        version = repo.conn.execute("PRAGMA user_version").fetchone()[0]
    print(f"migrated {version}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
