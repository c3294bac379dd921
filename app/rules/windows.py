"""Sliding time windows over time-ordered entries: bursts of posts and of links.

"Within 60 min" means less than 60 minutes apart, so posts at 09:00 and 10:00 are not in
one window. Overlapping windows merge into one cluster, reported once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from app.rules.context import PostEntry

E = TypeVar("E", bound=PostEntry)


def crowded(entries: Sequence[E], seconds: float, at_least: int) -> list[list[E]]:
    """Clusters of entries where some window shorter than `seconds` holds `at_least` of them."""
    out: list[list[E]] = []
    count = len(entries)
    if count < at_least:
        return out
    times = [e.ts for e in entries]
    if at_least > 1 and not any(
        last - first < seconds for first, last in zip(times, times[at_least - 1 :], strict=False)
    ):
        return out  # the usual case: no window is crowded, decided in one C-speed pass
    current: list[E] | None = None
    current_end = -1
    j = 0
    for i in range(count):
        j = max(j, i)
        start = times[i]
        while j + 1 < count and times[j + 1] - start < seconds:
            j += 1
        if j - i + 1 < at_least:
            continue
        if current is not None and i <= current_end:
            current.extend(entries[current_end + 1 : j + 1])
            current_end = max(current_end, j)
        else:
            if current:
                out.append(current)
            current = list(entries[i : j + 1])
            current_end = j
    if current:
        out.append(current)
    return out


def spread(entries: Sequence[E], seconds: float, platforms: int) -> list[list[E]]:
    """Clusters where some window shorter than `seconds` reaches `platforms` distinct platforms."""
    out: list[list[E]] = []
    count = len(entries)
    if count < platforms or len({e.post.platform for e in entries}) < platforms:
        return out
    seen: dict[str, int] = {}
    current: list[E] | None = None
    current_end = -1
    j = -1  # entries[i..j] are counted in `seen`
    for i in range(count):
        if j < i:
            seen.clear()
            j = i
            seen[entries[i].post.platform] = 1
        start = entries[i].ts
        while j + 1 < count and entries[j + 1].ts - start < seconds:
            j += 1
            key = entries[j].post.platform
            seen[key] = seen.get(key, 0) + 1
        if len(seen) >= platforms:
            if current is not None and i <= current_end:
                current.extend(entries[current_end + 1 : j + 1])
                current_end = max(current_end, j)
            else:
                if current:
                    out.append(current)
                current = list(entries[i : j + 1])
                current_end = j
        key = entries[i].post.platform
        left = seen[key] - 1
        if left:
            seen[key] = left
        else:
            del seen[key]
    if current:
        out.append(current)
    return out
