"""The Settings and Goals windows' edits: each written in one transaction and returned as a
change (what was stored before and after), so the window can undo and redo it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.ideas import PostingTimes, show_posting_times
from app.domain.items import Account, Goal
from app.domain.platforms import Platform
from app.services.planning import POSTING_TIMES_KEY
from app.storage.repository import Repository

# The settings the Settings window edits, each a JSON value (None: not set, its default holds).
SETTING_KEYS = ("rules", "week_start", "zone", POSTING_TIMES_KEY)


@dataclass(frozen=True, slots=True)
class Setup:
    """What the Settings window edits, as stored."""

    values: tuple[tuple[str, Any], ...]
    platforms: tuple[Platform, ...]
    accounts: tuple[Account, ...]
    # account id -> the items planned on it: removing an account takes it off them
    account_items: tuple[tuple[int, tuple[int, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class SetupChange:
    before: Setup
    after: Setup

    def inverse(self) -> SetupChange:
        return SetupChange(self.after, self.before)

    @property
    def empty(self) -> bool:
        return self.before == self.after


@dataclass(frozen=True, slots=True)
class GoalsChange:
    """The goals of one week (its own and the standing ones) before and after an edit."""

    before: tuple[Goal, ...]
    after: tuple[Goal, ...]

    def inverse(self) -> GoalsChange:
        return GoalsChange(self.after, self.before)

    @property
    def empty(self) -> bool:
        return self.before == self.after


def read_setup(repo: Repository) -> Setup:
    accounts = tuple(repo.accounts())
    links = tuple((a.id, tuple(repo.items_on_account(a.id))) for a in accounts if a.id is not None)
    return Setup(tuple((key, repo.setting(key)) for key in SETTING_KEYS),
                 tuple(repo.platforms().values()), accounts, tuple(link for link in links if link[1]))


def _write_setup(repo: Repository, setup: Setup) -> None:
    for key, value in setup.values:
        if value is None:
            repo.clear_setting(key)
        else:
            repo.set_setting(key, value)
    wanted = {a.id for a in setup.accounts}
    for account in repo.accounts():
        if account.id not in wanted:
            assert account.id is not None
            repo.delete_account(account.id)
    for platform in setup.platforms:
        repo.save_platform(platform)
    for platform_id in set(repo.platforms()) - {p.id for p in setup.platforms}:
        repo.delete_platform(platform_id)
    for account in setup.accounts:
        repo.save_account(account)
    for account_id, item_ids in setup.account_items:
        repo.set_items_account(item_ids, account_id)


def save_setup(repo: Repository, *, values: Mapping[str, Any], platforms: Iterable[Platform],
               accounts: Iterable[Account], removed_accounts: Iterable[int] = (),
               posting_times: Mapping[str, PostingTimes] | None = None) -> SetupChange:
    """Store what the Settings window shows, in one transaction. `posting_times` replaces
    the posting times of the platforms it names (empty: cleared)."""
    with repo.transaction():
        before = read_setup(repo)
        for key, value in values.items():
            repo.set_setting(key, value)
        for platform in platforms:
            repo.save_platform(platform)
        for account_id in removed_accounts:
            repo.delete_account(account_id)
        for account in accounts:
            repo.save_account(account)
        if posting_times:
            raw = repo.setting(POSTING_TIMES_KEY)
            stored = dict(raw) if isinstance(raw, dict) else {}
            for platform_id, times in posting_times.items():
                if times:
                    stored[platform_id] = show_posting_times(times)
                else:
                    stored.pop(platform_id, None)
            repo.set_setting(POSTING_TIMES_KEY, stored)
        after = read_setup(repo)
    return SetupChange(before, after)


def apply_setup(repo: Repository, change: SetupChange) -> SetupChange:
    """Write `change.after` (the inverse of a change undoes it), in one transaction."""
    with repo.transaction():
        _write_setup(repo, change.after)
    return change


def week_goals(repo: Repository, week: str) -> tuple[Goal, ...]:
    """The goals stored for a week and the standing ones, as stored (standing ones for
    their first week)."""
    own = [g for g in repo.goals(week) if not g.standing]
    return (*repo.standing_goals(), *own)


def save_goals(repo: Repository, week: str, goals: Iterable[Goal],
               removed: Iterable[int] = ()) -> GoalsChange:
    """Store the Goals window's rows for `week` in one transaction. A row made standing that
    overrides a standing goal of the same platform, subject and metric becomes that goal."""
    with repo.transaction():
        before = week_goals(repo, week)
        standing = {g.key: g for g in repo.standing_goals()}
        for goal_id in removed:
            repo.delete_goal(goal_id)
        for goal in goals:
            hidden = standing.get(goal.key)
            if goal.standing and hidden is not None and hidden.id != goal.id:
                # The week's override is made standing: the standing goal takes its target.
                if goal.id is not None:
                    repo.delete_goal(goal.id)
                goal = Goal(goal.week, goal.platform, goal.target, goal.subject, goal.metric,
                            hidden.id, hidden.since)
            repo.save_goal(goal)
        after = week_goals(repo, week)
    return GoalsChange(before, after)


def apply_goals(repo: Repository, change: GoalsChange) -> GoalsChange:
    """Store `change.after` in place of `change.before`, in one transaction."""
    with repo.transaction():
        keep = {g.id for g in change.after}
        for goal in change.before:
            if goal.id not in keep:
                assert goal.id is not None
                repo.delete_goal(goal.id)
        for goal in change.after:
            repo.save_goal(goal)
    return change
