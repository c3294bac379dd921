"""The week's advice as a blogger reads it: one entry per problem (SPEC section 8).

`advise` lints the week and gives every finding a stable key, folds the findings that a
broader one already covers, marks the ones set aside, and orders the problems by what
matters most. It runs on every keystroke in the window, so keys and folding are a single
cheap pass over the findings; quick fixes are checked (which means linting again) only
when one is asked for, through `Advice.fix`.

Keys look like `promo-ratio:x:1f3a9c2b`: the rule, the platform (`all` for a finding
across platforms) and a hash of the day, the items' ids and the content of those items
that the rules read (time and zone, platform, kind, status, account, text and link of a
post; time, duration, activity and repeat of a slot). The key is the same for the same
problem as long as its items are unchanged, so an ignore lapses by itself as soon as one
of them is edited. Notes, tags and done marks are left out: they change no finding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from app.domain.items import Post, Slot
from app.domain.plan import WeekPlan
from app.rules.engine import lint
from app.rules.explain import SEVERITY_WORDS
from app.rules.findings import Finding, Severity
from app.rules.settings import RuleSettings
from app.services.quickfix import Fix, validated_fix

# What matters most to the week, among findings of the same severity and scope: first
# whether anyone is there to answer (the seeds' common thread), then how much of the week
# sells, the user's own goals, then the link and timing habits, the mix notes last.
_PRIORITY: dict[str, int] = {rule: rank for rank, rule in enumerate((
    "link-burst", "text-limit", "no-engagement", "promo-ratio", "goal-shortfall",
    "engagement-gap", "link-repeat", "post-burst", "daily-cap", "account-mix",
    "curation-balance", "echo-only", "bare-reshare", "cross-blast",
    "hashtag-limit", "link-limit", "first-comment", "alt-text",
))}


@dataclass(frozen=True, slots=True)
class Entry:
    """One finding with its key, the problem it is folded into (if any), and if set aside."""

    finding: Finding
    key: str  # stable while its items are unchanged
    folded_into: str | None  # key of the broader finding covering it
    ignored: bool  # set aside by the user (itself, or the problem it is folded into)

    def to_json(self, fix: Fix | None, with_ignored: bool = False) -> dict[str, object]:
        """SPEC section 5: the finding's fields plus `key`, `fix`, `folded_into` (and `ignored`)."""
        out = self.finding.to_json()
        out["key"] = self.key
        out["fix"] = {"label": fix.label} if fix is not None else None
        out["folded_into"] = self.folded_into
        if with_ignored:
            out["ignored"] = self.ignored
        return out


@dataclass
class Advice:
    """The advice on one week: every finding, and the problems a person reads."""

    plan: WeekPlan
    settings: RuleSettings
    entries: list[Entry]  # every finding, in lint order (scripts rely on `lint --json`)
    _by_key: dict[str, Entry] = field(default_factory=dict, repr=False)
    _inside: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _problems: list[Entry] = field(default_factory=list, repr=False)
    _fixes: dict[str, Fix | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {e.key: e for e in self.entries}
        self._inside = {}
        tops: list[Entry] = []
        for entry in self.entries:
            if entry.folded_into is None:
                tops.append(entry)
            else:
                self._inside.setdefault(entry.folded_into, []).append(entry)
        tops.sort(key=lambda e: _importance(e.finding))
        self._problems = tops

    def problems(self) -> list[Entry]:
        """Top-level (not folded), not set aside, ordered by what matters most."""
        return [e for e in self._problems if not e.ignored]

    def folded(self, key: str) -> list[Entry]:
        """The findings folded inside one problem, in lint order."""
        return list(self._inside.get(key, ()))

    def set_aside(self) -> list[Entry]:
        """The problems the user set aside, in the same order as `problems`."""
        return [e for e in self._problems if e.ignored]

    def entry(self, key: str) -> Entry | None:
        return self._by_key.get(key)

    def fix(self, key: str) -> Fix | None:
        """The finding's quick fix, only if it removes the finding and adds no warning or error.

        Checked by linting the plan with the fix applied, so computed on demand and kept.
        """
        if key in self._fixes:
            return self._fixes[key]
        entry = self._by_key.get(key)
        fix = None
        if entry is not None:
            findings = [e.finding for e in self.entries]
            fix = validated_fix(entry.finding, self.plan, self.settings, findings)
        self._fixes[key] = fix
        return fix

    @property
    def blocks(self) -> bool:
        """Any warning or error not set aside: `presence lint` exits 1."""
        return any(e.finding.blocks for e in self.entries if not e.ignored)

    def summary(self) -> str:
        """"3 problems: 1 error, 2 warnings" (notes named as such); "" when there is none."""
        return problem_summary(self.problems())


def problem_summary(problems: Iterable[Entry]) -> str:
    """Counts problems (not findings) by severity, in plain words."""
    problems = list(problems)
    if not problems:
        return ""
    counts = {s: 0 for s in Severity}
    for entry in problems:
        counts[entry.finding.severity] += 1
    parts = [
        f"{n} {SEVERITY_WORDS[s]}{'' if n == 1 else 's'}" for s, n in counts.items() if n
    ]
    total = len(problems)
    return f"{total} problem{'' if total == 1 else 's'}: {', '.join(parts)}"


def _importance(finding: Finding) -> tuple[int, int, date, int, str, tuple[int, ...]]:
    """Errors, then warnings, then notes; within each, problems of the whole week (they shape
    every day, and fixing them often settles the day ones) before those of one day, days in
    order, and by `_PRIORITY` among findings of the same day."""
    return (
        finding.severity.rank,
        0 if finding.day is None else 1,
        finding.day or date.min,
        _PRIORITY.get(finding.rule, len(_PRIORITY)),
        finding.platform or "",
        finding.items,
    )


# -- keys -------------------------------------------------------------------------------

@lru_cache(maxsize=16384)
def _content(item: Post | Slot) -> bytes:
    """What the rules read of an item, as bytes to hash (remembered per item version)."""
    start = item.start
    when = f"{int(start.timestamp())}@{item.tz}"
    parts: tuple[str, ...]
    if isinstance(item, Post):
        parts = ("p", str(item.id), item.platform, when, item.kind.value, item.status.value,
                 item.account or "", item.text, item.link)
        if item.first_comment or item.has_image or item.alt_text:  # read by the compose rules
            parts += (item.first_comment, "image" if item.has_image else "", item.alt_text)
    else:
        parts = ("s", str(item.id), item.platform, when, str(item.duration_min),
                 item.activity.value, item.rrule or "")
    return "\x1f".join(parts).encode()


def _items_by_id(plan: WeekPlan) -> dict[int, Post | Slot]:
    found: dict[int, Post | Slot] = {}
    for occurrence in plan.occurrences:
        slot = occurrence.slot
        if slot.id is not None:
            found[slot.id] = slot
    for post in plan.posts:
        if post.id is not None:
            found[post.id] = post
    return found


def finding_key(finding: Finding, items: dict[int, Post | Slot], salt: str = "") -> str:
    """`rule:platform:hash` of the finding's day, items and their content."""
    digest = hashlib.blake2b(digest_size=4)
    digest.update(f"{finding.rule}\x1e{finding.platform}\x1e{finding.day}\x1e{salt}".encode())
    for item_id in finding.items:
        item = items.get(item_id)
        digest.update(b"\x1e" + (_content(item) if item is not None else str(item_id).encode()))
    if not finding.items or finding.rule == "goal-shortfall":
        # A goal is part of what the finding is about, and is not an item: its words name it.
        digest.update(b"\x1e" + finding.message.encode())
    return f"{finding.rule}:{finding.platform or 'all'}:{digest.hexdigest()}"


# -- folding ----------------------------------------------------------------------------

def _fold(findings: list[Finding]) -> dict[int, int]:
    """Which finding (by position) is folded into which broader one (SPEC section 8).

    - `engagement-gap` days of a platform that has `no-engagement` (no time kept at all);
    - `link-repeat` chains that share posts with a `link-burst` of the same platform, and a
      `post-burst`, `daily-cap` or `engagement-gap` whose posts are all in that platform's
      link bursts (the burst is the problem; the rest describe the same posts);
    - `daily-cap` and `post-burst` on the same day: the narrower one inside the broader
      (a crowded hour inside a crowded day, or a day whose posts are all one burst);
    - `curation-balance`, and a goal on the very same promo posts, inside `promo-ratio` of
      the platform: one problem, a week that speaks about you more than about others;
    - `bare-reshare` inside `echo-only` of the platform: no voice of your own there;
    - the other promo days without time to answer on a platform inside the first one.

    Not folded, because the remedies differ: `promo-ratio` and `link-repeat` on the same
    posts, `text-limit` / `account-mix` / `engagement-gap` of the same post, `cross-blast`.
    A parent is never less severe than what it holds.
    """
    by_rule: dict[tuple[str, str | None], list[int]] = {}
    for i, f in enumerate(findings):
        by_rule.setdefault((f.rule, f.platform), []).append(i)
    parent: dict[int, int] = {}
    item_sets = [frozenset(f.items) for f in findings]
    platforms = {f.platform for f in findings}

    def group(rule: str, platform: str | None) -> list[int]:
        return by_rule.get((rule, platform), [])

    for platform in platforms:
        none_kept = group("no-engagement", platform)
        gaps = group("engagement-gap", platform)
        if none_kept:
            for i in gaps:
                parent[i] = none_kept[0]
        bursts = group("link-burst", platform)
        if bursts:
            burst_items = frozenset().union(*(item_sets[b] for b in bursts))
            for i in group("link-repeat", platform):
                for b in bursts:
                    if item_sets[i] & item_sets[b]:
                        parent[i] = b
                        break
            for i in (*group("post-burst", platform), *group("daily-cap", platform), *gaps):
                if i not in parent and item_sets[i] <= burst_items:
                    parent[i] = next(b for b in bursts if item_sets[i] & item_sets[b])
        for cap in group("daily-cap", platform):
            for burst in group("post-burst", platform):
                if findings[burst].day != findings[cap].day:
                    continue
                if item_sets[cap] <= item_sets[burst]:
                    parent.setdefault(cap, burst)
                elif item_sets[burst] <= item_sets[cap] and burst not in parent:
                    parent[burst] = cap
        promo = group("promo-ratio", platform)
        if promo:
            for i in group("curation-balance", platform):
                parent[i] = promo[0]
            for i in group("goal-shortfall", platform):
                if item_sets[i] and item_sets[i] == item_sets[promo[0]]:
                    parent[i] = promo[0]
        echo = group("echo-only", platform)
        if echo:
            for i in group("bare-reshare", platform):
                parent[i] = echo[0]
        open_gaps = [i for i in gaps if i not in parent]
        if len(open_gaps) > 1:
            first = min(open_gaps, key=lambda i: findings[i].day or date.min)
            for i in open_gaps:
                if i != first:
                    parent[i] = first
    # A parent folded in turn (a daily cap in a post burst in a link burst): point at the top.
    for child in list(parent):
        top = parent[child]
        seen = {child}
        while top in parent and top not in seen:
            seen.add(top)
            top = parent[top]
        parent[child] = top
    return parent


def advise(plan: WeekPlan, settings: RuleSettings, ignored: Collection[str] = ()) -> Advice:
    """The week's findings as problems: keyed, folded, set aside where the user said so."""
    findings = lint(plan, settings)
    items = _items_by_id(plan)
    keys: list[str] = []
    taken: set[str] = set()
    for finding in findings:
        key = finding_key(finding, items)
        if key in taken:  # two findings on the very same items: their words tell them apart
            key = finding_key(finding, items, finding.message)
        taken.add(key)
        keys.append(key)
    parent = _fold(findings)
    ignored = set(ignored)
    entries = []
    for i, finding in enumerate(findings):
        top = parent.get(i)
        top_key = keys[top] if top is not None else None
        entries.append(Entry(finding, keys[i], top_key,
                             keys[i] in ignored or (top_key is not None and top_key in ignored)))
    return Advice(plan, settings, entries)
