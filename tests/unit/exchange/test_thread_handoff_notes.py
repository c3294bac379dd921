"""The hand-off tells the user what to do with a thread's other parts."""

from __future__ import annotations

from app.domain.items import join_thread
from app.domain.platforms import BUILTIN_BY_ID
from app.exchange.schedulers import select_posts

from .test_thread_exchange import PARTS, THREAD


def test_a_thread_is_handed_off_when_each_part_fits_and_the_user_is_told() -> None:
    long = THREAD.with_(text=join_thread([p + " " + "x" * 200 for p in PARTS]))
    chosen = select_posts([long], BUILTIN_BY_ID)
    assert chosen.posts == [long]  # 750 in all, but each part fits X's 280
    notes = chosen.notes(BUILTIN_BY_ID, drafts_hint="--drafts", force_hint="--force")
    assert notes == ['X Tue 24 Nov 09:00 "Seven walks through Lisbon, one for eac…" is a thread of 3: '
                     "only its first part is in the file; add parts 2 to 3 as replies in the scheduler"]
