"""The sliding windows behind the burst rules agree with the obvious brute force."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from app.domain.items import Post, PostKind
from app.domain.zones import UTC
from app.rules.context import PostEntry
from app.rules.windows import crowded, spread

_MOMENT = datetime(2026, 11, 23, tzinfo=UTC)


def _entries(spec: list[tuple[int, str]]) -> list[PostEntry]:
    spec = sorted(spec)
    return [PostEntry(Post(p, _MOMENT, PostKind.OWN, id=i), float(t), _MOMENT, True)
            for i, (t, p) in enumerate(spec)]


_spec = st.lists(st.tuples(st.integers(0, 400), st.sampled_from("abcd")), max_size=25)


@given(spec=_spec, seconds=st.integers(1, 120), at_least=st.integers(1, 5))
def test_crowded_marks_exactly_the_members_of_crowded_windows(spec, seconds, at_least) -> None:
    entries = _entries(spec)
    expected = set()
    for first in entries:
        window = [e for e in entries if first.ts <= e.ts < first.ts + seconds]
        if len(window) >= at_least:
            expected |= {id(e) for e in window}
    clusters = crowded(entries, seconds, at_least)
    found = [id(e) for cluster in clusters for e in cluster]
    assert len(found) == len(set(found)) and set(found) == expected
    for before, after in pairwise(clusters):
        assert after[0].ts >= before[-1].ts  # disjoint, in time order


@given(spec=_spec, seconds=st.integers(1, 120), platforms=st.integers(2, 4))
def test_spread_marks_exactly_the_members_of_wide_windows(spec, seconds, platforms) -> None:
    entries = _entries(spec)
    expected = set()
    for first in entries:
        window = [e for e in entries if first.ts <= e.ts < first.ts + seconds]
        if len({e.post.platform for e in window}) >= platforms:
            expected |= {id(e) for e in window}
    found = [id(e) for cluster in spread(entries, seconds, platforms) for e in cluster]
    assert len(found) == len(set(found)) and set(found) == expected
