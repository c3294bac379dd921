"""Planning faster (SPEC section 11): posting times, the backlog, evergreen runs, the fill.

`fill` places backlog ideas and evergreen posts that are due into the free posting times
of a week, and never makes the week worse: every placement is checked by linting the
plan with it applied (only its platform's items: every rule that warns or errs looks at
one platform at a time), and kept only if no warning or error appears that the week did
not have and no warning or error names the new post (a day already over its cap, a promo
share already tipped, a link already repeated are not made louder). Goals it can help
come first.

A `PlanChange` is one user-visible edit over items, ideas, evergreen marks and runs; it is
written in one transaction (items through `edits.apply`) and its inverse undoes it. The
window wraps it in one QUndoCommand; `presence fill` applies it once. Nothing here
imports Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.ideas import Evergreen, Idea, PostingTimes, parse_posting_times, show_posting_times
from app.domain.items import GoalMetric, Post, PostStatus
from app.domain.plan import WeekPlan
from app.domain.weeks import Week
from app.domain.zones import UTC, local
from app.rules.findings import Finding
from app.rules.settings import RuleSettings
from app.services.edits import Change, apply
from app.storage import backlog
from app.storage.repository import Repository

POSTING_TIMES_KEY = "posting_times"  # one setting: {platform id: canonical text}
# A posting time is taken when a post on its platform starts this close to it.
TAKEN_WITHIN = timedelta(minutes=30)
# Rules a fill always respects, even when switched off for the lint (the promise).
ALWAYS_GUARDED = frozenset({"daily-cap", "promo-ratio", "link-repeat", "link-burst", "goal-shortfall"})


# -- posting times ----------------------------------------------------------------------

def posting_times(repo: Repository) -> dict[str, PostingTimes]:
    """Every platform's posting times; a damaged entry reads as none."""
    raw = repo.setting(POSTING_TIMES_KEY)
    out: dict[str, PostingTimes] = {}
    if not isinstance(raw, dict):
        return out
    for pid, text in raw.items():
        try:
            times = parse_posting_times(str(text))
        except ValueError:
            continue
        if times:
            out[str(pid)] = times
    return out


def set_posting_times(repo: Repository, platform: str, times: PostingTimes) -> None:
    """Store one platform's posting times (none: cleared), in one transaction."""
    with repo.transaction():
        raw = repo.setting(POSTING_TIMES_KEY)
        data = dict(raw) if isinstance(raw, dict) else {}
        if times:
            data[platform] = show_posting_times(times)
        else:
            data.pop(platform, None)
        repo.set_setting(POSTING_TIMES_KEY, data)


def time_slots(week: Week, times: PostingTimes) -> list[datetime]:
    """The week's posting times as local moments in the week's zone, in order."""
    out = []
    for day in week.days:
        for weekday, at in times:
            if weekday == day.weekday():
                out.append(local(day, at, week.zone))
    return sorted(out)


def _taken(posts: Iterable[Post], platform: str, moment: datetime) -> bool:
    return any(p.platform == platform and p.status is not PostStatus.SKIPPED
               and abs(p.start - moment) < TAKEN_WITHIN for p in posts)


def free_times(plan: WeekPlan, platform: str, times: PostingTimes,
               not_before: datetime | None = None) -> list[datetime]:
    """The platform's posting times in the week that no post on it takes yet."""
    posts = [p for p in plan.posts if p.platform == platform]
    return [m for m in time_slots(plan.week, times)
            if (not_before is None or m >= not_before) and not _taken(posts, platform, m)]


def next_free_time(plan: WeekPlan, platform: str, times: PostingTimes, day: date | None = None,
                   after: datetime | None = None) -> datetime | None:
    """The first free posting time on `day` (or in the week, from `after`), if any."""
    for moment in free_times(plan, platform, times, after):
        if day is None or moment.astimezone(plan.week.zone).date() == day:
            return moment
    return None


# -- one edit over items, ideas, evergreen marks and runs ---------------------------------

MarkChange = tuple[int, Evergreen | None, Evergreen | None]  # post id, mark before, after


@dataclass(frozen=True, slots=True)
class PlanChange:
    """Items added, removed and updated (an `edits.Change`), ideas taken from or put back
    into the backlog, evergreen marks changed, and which added or removed posts are runs
    of an evergreen post (`*_sources`, aligned with `items.added` / `items.removed`)."""

    items: Change = field(default_factory=Change)
    ideas_added: tuple[Idea, ...] = ()
    ideas_removed: tuple[Idea, ...] = ()
    marks: tuple[MarkChange, ...] = ()
    added_sources: tuple[int | None, ...] = ()
    removed_sources: tuple[int | None, ...] = ()
    added_marks: tuple[Evergreen | None, ...] = ()  # the mark each added post carries
    removed_marks: tuple[Evergreen | None, ...] = ()

    def inverse(self) -> PlanChange:
        return PlanChange(
            self.items.inverse(), self.ideas_removed, self.ideas_added,
            tuple((i, after, before) for i, before, after in self.marks),
            self.removed_sources, self.added_sources, self.removed_marks, self.added_marks,
        )

    @property
    def empty(self) -> bool:
        return self.items.empty and not (self.ideas_added or self.ideas_removed or self.marks)


def _pad(values: tuple[Any, ...], n: int) -> tuple[Any, ...]:
    return (values + (None,) * n)[:n]


def apply_plan(repo: Repository, change: PlanChange) -> PlanChange:
    """Write the change in one transaction; returns it with the ids new rows were given
    and the runs and marks of removed posts, so its inverse puts everything back."""
    items = change.items
    with repo.transaction():
        removed_ideas = tuple(backlog.remove_idea(repo, i.id) for i in change.ideas_removed
                              if i.id is not None)
        removed_ids = [i.id for i in items.removed if i.id is not None]
        marks_now = backlog.evergreen(repo, removed_ids) if removed_ids else {}
        sources_now = {i: backlog.source_of(repo, i) for i in removed_ids}
        fresh = [i.id is None for i in items.added]
        applied = apply(repo, items)
        added_sources = _pad(change.added_sources, len(applied.added))
        added_marks = _pad(change.added_marks, len(applied.added))
        for item, new, source, mark in zip(applied.added, fresh, added_sources, added_marks,
                                           strict=True):
            assert item.id is not None
            if new:  # SQLite may hand out the id of a deleted item: no marks from it
                backlog.clear_stale(repo, item.id)
            if source is not None:
                backlog.record_run(repo, item.id, source)
            if mark is not None or not new:
                backlog.set_evergreen(repo, item.id, mark)
        for item_id in removed_ids:
            if sources_now.get(item_id) is not None:
                backlog.forget_run(repo, item_id)
        added_ideas = tuple(backlog.add_idea(repo, i) for i in change.ideas_added)
        for item_id, _before, after in change.marks:
            backlog.set_evergreen(repo, item_id, after)
    return PlanChange(
        applied, added_ideas, removed_ideas or change.ideas_removed, change.marks,
        added_sources, tuple(sources_now.get(i.id) if i.id is not None else None
                             for i in items.removed),
        added_marks, tuple(marks_now.get(i.id) if i.id is not None else None for i in items.removed),
    )


def place_idea(repo: Repository, idea_id: int, start: datetime) -> PlanChange:
    """Drag an idea onto a day: it leaves the backlog and is planned at `start`."""
    found = backlog.idea(repo, idea_id)
    if found is None:
        raise KeyError(f"idea {idea_id} is no longer in the backlog")
    return apply_plan(repo, PlanChange(Change(added=(found.as_post(start),)), ideas_removed=(found,)))


def to_backlog(repo: Repository, item_ids: Iterable[int]) -> PlanChange:
    """Drag posts back to the backlog: each becomes an idea again (slots are left alone)."""
    posts = [p for p in (repo.get(i) for i in dict.fromkeys(item_ids)) if isinstance(p, Post)]
    if not posts:
        return PlanChange()
    return apply_plan(repo, PlanChange(Change(removed=tuple(posts)),
                                       ideas_added=tuple(Idea.of_post(p) for p in posts)))


def add_ideas(repo: Repository, ideas: Sequence[Idea]) -> PlanChange:
    return apply_plan(repo, PlanChange(ideas_added=tuple(i.with_(id=None) for i in ideas)))


def remove_ideas(repo: Repository, idea_ids: Iterable[int]) -> PlanChange:
    found = [i for i in (backlog.idea(repo, n) for n in idea_ids) if i is not None]
    return apply_plan(repo, PlanChange(ideas_removed=tuple(found)))


def set_evergreen(repo: Repository, post_id: int, mark: Evergreen | None,
                  edited: Post | None = None) -> PlanChange:
    """Mark a post evergreen (or not), with an edit of the post itself in the same step."""
    before = backlog.evergreen(repo, [post_id]).get(post_id)
    items = Change()
    if edited is not None:
        stored = repo.get(post_id)
        if stored is not None and stored != edited:
            items = Change(updated=((stored, edited),))
    marks = ((post_id, before, mark),) if before != mark else ()
    return apply_plan(repo, PlanChange(items, marks=marks))


# -- evergreen runs -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EvergreenSource:
    """An evergreen post, its mark, and the starts of its earlier runs (itself included)."""

    post: Post
    mark: Evergreen
    runs: tuple[datetime, ...]  # starts of the runs so far, the post's own start first

    @property
    def runs_left(self) -> int | None:
        return None if self.mark.max_runs is None else self.mark.max_runs - (len(self.runs) - 1)

    def allows(self, moment: datetime, zone: ZoneInfo) -> str | None:
        """Why a run at `moment` is not allowed (None: it is)."""
        left = self.runs_left
        if left is not None and left <= 0:
            return f"has run {self.mark.max_runs} time{'s' if self.mark.max_runs != 1 else ''} already"
        if self.mark.until is not None and moment.astimezone(zone).date() > self.mark.until:
            return f"runs until {self.mark.until.isoformat()}"
        if moment <= self.post.start:
            return "runs again only after it first ran"
        gap = timedelta(days=self.mark.gap_days)
        if any(abs(moment - r) < gap for r in self.runs):
            return f"ran less than {self.mark.gap_days} days before"
        return None

    def due(self, week: Week) -> bool:
        """Whether a run could fall anywhere in the week."""
        return any(self.allows(week.start + timedelta(hours=h), week.zone) is None
                   for h in range(0, int(week.hours), 6))


def evergreen_sources(repo: Repository) -> list[EvergreenSource]:
    """Every evergreen post with its runs so far (skipped runs do not count)."""
    marks = backlog.evergreen(repo)
    if not marks:
        return []
    by_source = backlog.runs(repo)
    out = []
    for post_id, mark in marks.items():
        post = repo.get(post_id)
        if not isinstance(post, Post):
            continue
        runs = [r for r in (repo.get(i) for i in by_source.get(post_id, ()))
                if isinstance(r, Post) and r.status is not PostStatus.SKIPPED]
        out.append(EvergreenSource(post, mark, (post.start, *sorted(r.start for r in runs))))
    return out


# -- the fill ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Placement:
    """One post the fill plans: from an idea of the backlog, or a run of an evergreen post."""

    post: Post
    idea: Idea | None = None
    source: int | None = None  # the evergreen post this runs again

    def to_json(self, zone: ZoneInfo) -> dict[str, Any]:
        seen = self.post.start.astimezone(zone)
        return {
            "start": seen.isoformat(timespec="minutes"),
            "platform": self.post.platform,
            "kind": self.post.kind.value,
            "text": self.post.text,
            "link": self.post.link,
            "from": "idea" if self.idea is not None else "evergreen",
            "idea": self.idea.id if self.idea is not None else None,
            "evergreen_of": self.source,
        }


@dataclass(frozen=True, slots=True)
class Left:
    """A candidate the fill could not place, and why."""

    title: str
    platform: str
    reason: str
    idea: int | None = None
    source: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "platform": self.platform, "reason": self.reason,
                "idea": self.idea, "evergreen_of": self.source}


@dataclass(frozen=True, slots=True)
class FillPlan:
    week: Week
    placements: tuple[Placement, ...]
    left: tuple[Left, ...]
    free: int  # free posting times there were

    def change(self) -> PlanChange:
        posts = tuple(p.post for p in self.placements)
        ideas = tuple(p.idea for p in self.placements if p.idea is not None)
        return PlanChange(Change(added=posts), ideas_removed=ideas,
                          added_sources=tuple(p.source for p in self.placements))

    def to_json(self) -> dict[str, Any]:
        return {"week": self.week.label, "free_times": self.free,
                "placements": [p.to_json(self.week.zone) for p in self.placements],
                "left": [x.to_json() for x in self.left]}


def guard_settings(settings: RuleSettings) -> RuleSettings:
    """The user's thresholds, with the rules a fill always respects switched on."""
    return replace(settings, disabled=frozenset(settings.disabled - ALWAYS_GUARDED))


def _sig(f: Finding) -> tuple[str, str | None, date | None]:
    return (f.rule, f.platform, f.day)


def makes_worse(before: Sequence[Finding], after: Sequence[Finding], new_id: int,
                plan: WeekPlan, post: Post) -> str | None:
    """Why `after` (the plan with `post`, id `new_id`, placed) is worse than `before`, or None.

    Worse: a warning or error the week did not have (by rule, platform and day), or one
    that names the new post (it joins a problem already there). A goal asking for at
    least so many posts names the posts it counts: a post that helps it is no harm.
    """
    loud_before = Counter(_sig(f) for f in before if f.blocks)
    loud_after = Counter(_sig(f) for f in after if f.blocks)
    for sig, count in loud_after.items():
        if count > loud_before[sig]:
            return _REASONS.get(sig[0], f"would add a '{sig[0]}' warning")
    for f in after:
        if f.blocks and new_id in f.items and f.rule != "goal-shortfall":
            return _REASONS.get(f.rule, f"would join a '{f.rule}' warning")
    for goal in plan.goals:
        if (goal.metric is GoalMetric.AT_MOST and goal.platform == post.platform
                and goal.subject == post.kind.value and goal.week == plan.week.label):
            count = sum(1 for p in plan.week_posts() if p.counts and p.platform == post.platform
                        and p.kind is post.kind)
            if count > goal.target:
                return "would go over a goal of at most so many posts"
    return None


_REASONS = {
    "daily-cap": "the day would go over the platform's daily cap",
    "promo-ratio": "would tip the promo share",
    "link-repeat": "would repeat a link within the repeat window",
    "link-burst": "would make a burst of one link",
    "post-burst": "would make a burst of posts",
    "no-engagement": "no engagement slot on the platform this week",
    "engagement-gap": "no engagement slot on the platform that day",
    "goal-shortfall": "would go over a goal",
    "text-limit": "the text is over the platform's limit",
    "account-mix": "a promo post from a personal account",
    "curation-balance": "would tip the curation balance",
}


def _with_post(plan: WeekPlan, post: Post) -> WeekPlan:
    posts = sorted((*plan.posts, post), key=lambda p: p.start)
    return replace(plan, posts=tuple(posts))


def _goal_need(plan: WeekPlan, platform: str, kind: str) -> int:
    """How many posts of the kind the platform's at-least goals still ask for."""
    need = 0
    for goal in plan.goals:
        if goal.platform == platform and goal.subject == kind and goal.metric is GoalMetric.AT_LEAST:
            have = sum(1 for p in plan.week_posts() if p.counts and p.platform == platform
                       and p.kind.value == kind)
            need = max(need, goal.target - have)
    return need


def fill(plan: WeekPlan, ideas: Sequence[Idea], sources: Sequence[EvergreenSource],
         times: Mapping[str, PostingTimes], settings: RuleSettings,
         not_before: datetime | None = None) -> FillPlan:
    """Place ideas and due evergreen runs into the week's free posting times (see above)."""
    from app.rules.engine import lint

    guard = guard_settings(settings)
    week, zone = plan.week, plan.week.zone
    placements: list[Placement] = []
    left: list[Left] = []
    free_count = sum(len(free_times(plan, pid, t, not_before)) for pid, t in times.items())
    # Ideas first (fresh work), then evergreen runs; within each, what a goal asks for first.
    candidates: list[tuple[Idea | None, EvergreenSource | None]] = [(i, None) for i in ideas]
    candidates += [(None, s) for s in sources if s.due(week)]
    candidates.sort(key=lambda c: (c[0] is None, -_goal_need(
        plan, (c[0] or c[1].post).platform,  # type: ignore[union-attr]
        (c[0] or c[1].post).kind.value)))  # type: ignore[union-attr]
    platforms_plan: dict[str, WeekPlan] = {}
    before: dict[str, list[Finding]] = {}
    next_id = max([0, *(p.id or 0 for p in plan.posts), *(o.id or 0 for o in plan.occurrences)]) + 1_000_000
    for idea, source in candidates:
        proto = idea if idea is not None else source.post  # type: ignore[union-attr]
        pid = proto.platform
        title = idea.title if idea is not None else Idea.of_post(source.post).title  # type: ignore[union-attr]
        ident = {"idea": idea.id if idea is not None else None,
                 "source": source.post.id if source is not None else None}
        if pid not in plan.platforms:
            left.append(Left(title, pid, "no such platform", **ident))
            continue
        if pid not in times:
            left.append(Left(title, pid, "no posting times on this platform", **ident))
            continue
        if pid not in platforms_plan:
            platforms_plan[pid] = plan.only(pid)
            before[pid] = lint(platforms_plan[pid], guard)
        mine = platforms_plan[pid]
        open_times = free_times(mine, pid, times[pid], not_before)
        if not open_times:
            left.append(Left(title, pid, "no free posting time left this week", **ident))
            continue
        per_day = Counter(p.start.astimezone(zone).date() for p in mine.week_posts() if p.counts)
        open_times.sort(key=lambda m: (per_day[m.astimezone(zone).date()], m))
        reason = "no free posting time left this week"
        cap = plan.platforms[pid].daily_cap
        for moment in open_times:
            if cap is not None and per_day[moment.astimezone(zone).date()] >= cap:
                # Known without linting: one more would go over the day's cap (a rule a
                # fill always respects), and the days are tried quietest first.
                reason = _REASONS["daily-cap"]
                continue
            if source is not None:
                why = source.allows(moment, zone)
                if why is not None:
                    reason = why
                    continue
                post = source.post.with_(id=None, start=moment.astimezone(source.post.start.tzinfo),
                                         status=PostStatus.SCHEDULED)
            else:
                assert idea is not None
                post = idea.as_post(moment)
            trial = post.with_(id=next_id)
            after_plan = _with_post(mine, trial)
            after = lint(after_plan, guard)
            why = makes_worse(before[pid], after, next_id, after_plan, trial)
            if why is not None:
                reason = why
                continue
            next_id += 1
            per_day[moment.astimezone(zone).date()] += 1
            platforms_plan[pid] = after_plan
            before[pid] = after
            placements.append(Placement(post, idea, source.post.id if source is not None else None))
            if source is not None:
                source = replace(source, runs=(*source.runs, moment))
            break
        else:
            left.append(Left(title, pid, reason, **ident))
    placements.sort(key=lambda p: p.post.start)
    return FillPlan(week, tuple(placements), tuple(left), free_count)


def plan_fill(repo: Repository, plan: WeekPlan, settings: RuleSettings,
              now: datetime | None = None) -> FillPlan:
    """The fill of a stored week: its backlog, due evergreen posts and posting times;
    nothing is placed before `now` (default: this moment)."""
    moment = now if now is not None else datetime.now(UTC)
    return fill(plan, backlog.ideas(repo), evergreen_sources(repo), posting_times(repo), settings,
                moment)
