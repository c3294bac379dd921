"""What leaves Presence: a week as CSV, iCalendar or a scheduler's hand-off files, and the
checklist page; the same for `presence export` / `presence checklist` and the window."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from app.domain.plan import WeekPlan
from app.domain.recurrence import expand
from app.domain.weeks import Week
from app.exchange.csv_format import StoredRowError, write_stored_csv
from app.exchange.ics import calendar_id, slots_in_range, to_ics
from app.exchange.schedulers import HandOffFile, Selection, hand_off, select_posts
from app.rules.findings import Finding
from app.services.preferences import user_zone
from app.storage.errors import StorageError
from app.storage.repository import Repository

TEXT_FORMATS = ("csv", "ics")
SCHEDULERS = ("hootsuite", "buffer")


def render(repo: Repository, fmt: str, start: datetime, end: datetime, *,
           bom: bool = False, label: str = "") -> str:
    """The CSV or iCalendar text of [start, end); ValueError for any other format."""
    if fmt == "csv":  # posts as plain rows: a year of a large archive is tens of thousands
        buffer = io.StringIO()
        try:
            write_stored_csv(buffer, repo.post_rows_between(start, end),
                             expand(repo.slots_between(start, end), start, end), bom=bom)
        except StoredRowError as exc:  # the file's fault, told as any damaged file is
            raise StorageError(f"{repo.path}: {exc}") from None
        return buffer.getvalue()
    if fmt != "ics":
        raise ValueError(f"format {fmt!r} is not one of {', '.join(TEXT_FORMATS)}")
    posts, slots = repo.items_between(start, end)
    name = f"Presence {label}".strip()
    return to_ics(posts, slots_in_range(slots, start, end), repo.platforms(), calendar_id(repo), name=name)


def scheduler_files(repo: Repository, fmt: str, week: Week, weeks: int, *, bom: bool = False,
                    platform: str | None = None, account: str | None = None,
                    safe: bool = True, include_drafts: bool = False,
                    force: bool = False) -> tuple[list[HandOffFile], Selection]:
    """The hand-off files of a scheduler for `weeks` weeks from `week`, filtered, and the
    selection that says which posts were left out and why."""
    posts, _ = repo.items_between(week.start, week.shifted(weeks).start)
    if platform:
        posts = [p for p in posts if p.platform == platform]
    if account:
        posts = [p for p in posts if p.account == account]
    selection = select_posts(posts, repo.platforms(), include_drafts=include_drafts, force=force)
    label = week.label if weeks == 1 else f"{week.label}-{weeks}w"
    files = hand_off(fmt, selection.posts, user_zone(repo), label, bom=bom, safe=safe)
    return files, selection


def open_findings(plan: WeekPlan, repo: Repository) -> list[Finding]:
    """The week's open problems as the findings panel lists them: one per problem (the
    findings a broader one covers are left inside it), none that the user set aside."""
    # Here, not at the top: `presence export` needs no rules and starts faster without them.
    from app.rules.settings import RuleSettings
    from app.services.advice import advise

    advice = advise(plan, RuleSettings.load(repo), repo.ignored_keys(plan.week.label))
    return [entry.finding for entry in advice.problems()]


def checklist_builder(repo: Repository, week: Week, paper: str) -> Callable[[int | None], str]:
    """The checklist page's HTML for `week`, as the painter asks for it (findings capped or
    not); the database is read now, so the file may be closed before the page is built."""
    from app.exchange.checklist import checklist_html

    plan = repo.load_plan(week)
    findings = open_findings(plan, repo)

    def build(max_findings: int | None) -> str:
        return checklist_html(plan, findings, paper=paper, max_findings=max_findings)

    return build
