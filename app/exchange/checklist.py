"""The printed weekly checklist as HTML: what to post and when to engage, to tick off at the desk.

Built in plain Python (no Qt), so the same page can be saved as HTML or painted to PDF by
`app.exchange.checklist_print`. Every piece of user text is HTML-escaped: a post that says
`<script>` prints `<script>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from app.domain.items import Activity, Goal, GoalMetric, Occurrence, Post, PostStatus
from app.domain.plan import WeekPlan
from app.domain.platforms import Platform

BOX = "\u2610"  # ☐, drawn by every DejaVu / Liberation / Noto font
FIRST_CHARS = 70
MAX_TALLY = 30

_GOAL_ACTIVITY = {
    Activity.REPLY.value: "reply to people",
    Activity.COMMENT.value: "comment on posts",
    Activity.SHARE.value: "share others' posts",
    Activity.LISTEN.value: "listen / read the feed",
    Activity.NETWORK.value: "reach out to new people",
}
_SEVERITY_LABEL = {"error": "Fix", "warning": "Check", "info": "Consider"}
_SEVERITY_COLOUR = {"error": "#b00020", "warning": "#9a5b00", "info": "#35608f"}

# Lines a day's cell lists: a full week of these still fits one page at the smallest
# readable scale, so nothing is cut off unsaid (150 posts in a week once printed 143).
DAY_POSTS = 9
DAY_SLOTS = 5

STYLE = """
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: %(pt)spt;
       color: #111; }
h1 { font-size: 150%%; margin: 0; }
h2 { font-size: 110%%; margin-top: 8px; margin-bottom: 2px; }
p { margin-top: 0; margin-bottom: 1px; }
.sub { color: #555; }
.day { font-weight: bold; font-size: 105%%; margin-bottom: 2px; }
.eng { color: #555; font-size: 90%%; margin-top: 2px; }
.none { color: #888; font-style: italic; }
.note { color: #666; font-style: italic; }
.tally { font-size: 135%%; letter-spacing: 2px; margin-bottom: 4px; }
@page { size: %(paper)s; margin: 12mm; }
"""


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One local day of the week: its posts and its engagement slot occurrences."""

    day: date
    posts: tuple[Post, ...]
    slots: tuple[Occurrence, ...]


def day_plans(plan: WeekPlan) -> list[DayPlan]:
    """The week's days, each with its posts (skipped ones left out) and slots, in time order."""
    zone = plan.week.zone
    posts: dict[date, list[Post]] = {d: [] for d in plan.week.days}
    slots: dict[date, list[Occurrence]] = {d: [] for d in plan.week.days}
    for post in plan.week_posts():
        if post.status is not PostStatus.SKIPPED:
            posts[post.start.astimezone(zone).date()].append(post)
    for occ in plan.week_occurrences():
        slots[occ.start.astimezone(zone).date()].append(occ)
    return [
        DayPlan(d, tuple(sorted(posts[d], key=lambda p: p.start)),
                tuple(sorted(slots[d], key=lambda o: o.start)))
        for d in plan.week.days
    ]


def week_span(first: date, last: date) -> str:
    """"23–29 November 2026", "30 November – 6 December 2026", "28 December 2026 – 3 January 2027"."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def first_chars(text: str, limit: int = FIRST_CHARS) -> str:
    """The start of a text on one line, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",;:.") + "…"


def _name(platform_id: str | None, platforms: Mapping[str, Platform]) -> str:
    if platform_id is None:
        return "All platforms"
    platform = platforms.get(platform_id)
    return platform.name if platform else platform_id


def _colour(platform_id: str, platforms: Mapping[str, Platform]) -> str:
    platform = platforms.get(platform_id)
    colour = platform.colour if platform else "#333333"
    # A platform colour is user-editable; only a plain hex colour goes into the style.
    ok = colour.startswith("#") and len(colour) in (4, 7) and all(
        c in "0123456789abcdefABCDEF" for c in colour[1:])
    return colour if ok else "#333333"


def goal_text(goal: Goal, platforms: Mapping[str, Platform]) -> str:
    """A goal as a sentence: "LinkedIn: comment on posts, at least 10"."""
    what = f"{goal.subject} posts" if goal.counts_posts else _GOAL_ACTIVITY.get(goal.subject, goal.subject)
    bound = "at least" if goal.metric is GoalMetric.AT_LEAST else "at most"
    return f"{_name(goal.platform, platforms)}: {what}, {bound} {goal.target}"


def _post_line(post: Post, zone: Any, platforms: Mapping[str, Platform]) -> str:
    at = post.start.astimezone(zone).strftime("%H:%M")
    words = first_chars(post.text) if post.text.strip() else (post.link or "(no text yet)")
    if post.is_thread:  # one line for the whole thread
        words = f"{first_chars(post.parts[0])} (thread of {len(post.parts)})"
    status = ""
    if post.status in (PostStatus.IDEA, PostStatus.DRAFT):
        status = f' <span class="note">({post.status.value})</span>'
    elif post.status is PostStatus.POSTED:
        status = ' <span class="note">(posted)</span>'
    return (
        f"<p>{BOX} <b>{at}</b> "
        f'<span style="color:{_colour(post.platform, platforms)}"><b>'
        f"{escape(_name(post.platform, platforms))}</b></span> · {escape(post.kind.value)}"
        f"{status} — {escape(words)}</p>"
    )


def _slot_line(occ: Occurrence, zone: Any, platforms: Mapping[str, Platform]) -> str:
    at = occ.start.astimezone(zone).strftime("%H:%M")
    done = " ✓" if occ.done else ""
    return (
        f"<p>{BOX} <b>{at}</b> "
        f'<span style="color:{_colour(occ.platform, platforms)}">'
        f"{escape(_name(occ.platform, platforms))}</span> · {escape(occ.activity.value)}, "
        f"{occ.duration_min} min{done}</p>"
    )


def _day_cell(day: DayPlan, zone: Any, platforms: Mapping[str, Platform], today: date | None) -> str:
    label = day.day.strftime("%A %d %B").replace(" 0", " ")
    mark = ' <span class="sub">(today)</span>' if day.day == today else ""
    parts = [f'<p class="day">{label}{mark}</p>']
    if day.posts:
        shown = _shown(day.posts, DAY_POSTS)
        parts.extend(_post_line(p, zone, platforms) for p in shown)
        parts.append(_more(len(day.posts) - len(shown), "post", "posts"))
    else:
        parts.append('<p class="none">No posts planned.</p>')
    if day.slots:
        parts.append('<p class="eng">Engagement</p>')
        shown_slots = _shown(day.slots, DAY_SLOTS)
        parts.extend(_slot_line(o, zone, platforms) for o in shown_slots)
        parts.append(_more(len(day.slots) - len(shown_slots), "engagement slot", "engagement slots"))
    return "".join(parts)


def _shown(items: tuple[Any, ...], cap: int) -> tuple[Any, ...]:
    """All of a day's lines if they fit its cell, else one line fewer than the cap, leaving
    room for the "and N more" that says what was left out."""
    return items if len(items) <= cap else items[:cap - 1]


def _more(hidden: int, one: str, many: str) -> str:
    if not hidden:
        return ""
    return (f'<p class="note">… and {hidden} more {one if hidden == 1 else many} '
            "(see the window or <tt>presence list</tt>)</p>")


def _goals_cell(goals: Sequence[Goal], platforms: Mapping[str, Platform]) -> str:
    parts = ['<p class="day">Goals this week</p>']
    if not goals:
        parts.append('<p class="none">No goals set for this week.</p>')
    for goal in goals:
        boxes = BOX * min(goal.target, MAX_TALLY)
        more = f" +{goal.target - MAX_TALLY}" if goal.target > MAX_TALLY else ""
        parts.append(f"<p>{escape(goal_text(goal, platforms))}</p>")
        parts.append(f'<p class="tally">{boxes}{more}</p>')
    return "".join(parts)


def _finding_line(finding: Any, platforms: Mapping[str, Platform]) -> str:
    severity = str(getattr(finding.severity, "value", finding.severity))
    where = _name(finding.platform, platforms)
    if finding.day is not None:
        where += ", " + finding.day.strftime("%a %d %b")
    colour = _SEVERITY_COLOUR.get(severity, "#333")
    label = _SEVERITY_LABEL.get(severity, severity)
    suggestion = f' <span class="sub">{escape(finding.suggestion)}</span>' if finding.suggestion else ""
    return (
        f'<p>{BOX} <span style="color:{colour}"><b>{label}</b></span> '
        f"<i>{escape(where)}</i>: {escape(finding.message)}{suggestion}</p>"
    )


def checklist_html(
    plan: WeekPlan,
    findings: Sequence[Any] | None,
    *,
    paper: str = "A4",
    font_pt: float = 9.5,
    max_findings: int | None = None,
    today: date | None = None,
) -> str:
    """The whole page. `findings` None means the rules could not run (said on the page)."""
    week = plan.week
    zone = week.zone
    platforms = plan.platforms
    days = day_plans(plan)
    first, last = week.days[0], week.days[-1]
    span = week_span(first, last)
    posts = sum(len(d.posts) for d in days)
    minutes = sum(o.duration_min for d in days for o in d.slots)
    cells = [_day_cell(d, zone, platforms, today) for d in days]
    cells.append(_goals_cell(plan.goals, platforms))
    rows = "".join(
        f'<tr><td width="50%" valign="top">{cells[i]}</td>'
        f'<td width="50%" valign="top">{cells[i + 1]}</td></tr>'
        for i in range(0, len(cells), 2)
    )
    head = (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f"<td><h1>Week {escape(week.label)}</h1></td>"
        f'<td align="right" valign="bottom"><span class="sub">{escape(span)} · '
        f"{escape(zone.key)}<br>{posts} posts · {minutes} min of engagement</span></td>"
        "</tr></table>"
    )
    grid = (
        '<table width="100%" cellspacing="0" cellpadding="5" border="1" '
        f'style="border-color:#9a9a9a; border-style:solid; border-collapse:collapse; '
        f'margin-top:6px">{rows}</table>'
    )
    if findings is None:
        reminders = '<p class="none">The rules could not be checked for this week.</p>'
    elif not findings:
        reminders = '<p class="none">No open findings: a balanced week.</p>'
    else:
        shown = list(findings if max_findings is None else findings[:max_findings])
        reminders = "".join(_finding_line(f, platforms) for f in shown)
        if len(shown) < len(findings):
            reminders += (f'<p class="note">… and {len(findings) - len(shown)} more '
                          "(see the findings panel or <tt>presence lint</tt>).</p>")
    style = STYLE % {"pt": f"{font_pt:g}", "paper": "letter" if paper.lower() == "letter" else "A4"}
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>Presence checklist {escape(week.label)}</title><style>{style}</style></head>"
        f"<body>{head}{grid}<h2>Reminders from this week's advice</h2>{reminders}</body></html>"
    )

