"""Edits a Presence database through the Repository in a loop until it is killed.

After each commit it prints what was committed, flushed, one line per edit:
`A id` (added), `U id n` (text set to "v<n>"), `D id` (deleted). Before a delete it
prints `? D id`, so the parent knows which item the one edit that may have been committed
but not yet reported is about. The parent kills this process at random moments and
checks that every reported edit is in the file.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain.items import Activity, Post, PostKind, Slot
from app.storage.repository import Repository

ZONE = ZoneInfo("Europe/Berlin")


def main(db: str, seed: int, version: int, shared: bool = False) -> None:
    """`shared`: another process edits the same file at the same time; touch only our own
    items and delete none (a deleted highest id could be handed to the other process)."""
    rng = random.Random(seed)
    out = sys.stdout
    repo = Repository.open(db)
    out.write("ready\n")
    out.flush()
    live: list[int] = [] if shared else [
        r[0] for r in repo.conn.execute("SELECT id FROM items WHERE type = 'post'")
    ]
    base = datetime(2026, 11, 23, 9, 0, tzinfo=ZONE)
    while True:
        roll = rng.random()
        start = base + timedelta(minutes=rng.randrange(7 * 24 * 60))
        if roll < 0.4 or len(live) < 5:
            post = repo.add(Post("x", start, PostKind.OWN, text="new " + "é" * rng.randrange(200)))
            assert post.id is not None
            live.append(post.id)
            out.write(f"A {post.id}\n")
        elif roll < 0.55:
            added = repo.add_many(
                [Post("bluesky", start, PostKind.CURATED, text="batch") for _ in range(3)]
                + [Slot("bluesky", start, 30, Activity.REPLY, "FREQ=WEEKLY")]
            )
            for item in added:
                assert item.id is not None
                if isinstance(item, Post):
                    live.append(item.id)
            out.write("".join(f"A {item.id}\n" for item in added))
        elif roll < 0.85 or shared:
            item_id = rng.choice(live)
            current = repo.get(item_id)
            assert isinstance(current, Post)
            version += 1
            repo.update(current.with_(text=f"v{version}"))
            out.write(f"U {item_id} {version}\n")
        else:
            item_id = live.pop(rng.randrange(len(live)))
            out.write(f"? D {item_id}\n")
            out.flush()
            repo.delete(item_id)
            out.write(f"D {item_id}\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:] == ["shared"])
