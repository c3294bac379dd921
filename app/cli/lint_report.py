"""The human form of `presence lint`: one entry per problem, most important first.

Each problem shows its severity, platform, plain name and day, the message, the suggestion
(`->`), its key (for `presence fix` and `presence ignore`) and its quick fix if it has one;
the findings folded into it follow, indented. The header counts problems, not findings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from app.domain.weeks import Week
from app.rules.context import DAY_NAMES, SHORT_MONTHS
from app.rules.explain import SEVERITY_WORDS, rule_name
from app.services.advice import Advice, Entry, problem_summary
from app.services.quickfix import Fix

FixOf = Callable[[str], Fix | None]


def _day_header(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {SHORT_MONTHS[day.month - 1]}"


def _title(entry: Entry, week: Week) -> str:
    day = entry.finding.day
    name = rule_name(entry.finding.rule)
    if day is None:
        return f"{name}, the whole week"
    inside = 0 <= (day - week.first).days < 7
    return f"{name}, {DAY_NAMES[day.weekday()] if inside else _day_header(day)}"


def render(week: Week, advice: Advice, names: Mapping[str, str], width: int | None = None,
           fix_of: FixOf | None = None, show_set_aside: bool = False) -> str:
    """Plain text of the week's problems; `fix_of(key)` names each one's quick fix.

    With a `width` (a terminal's), long lines wrap under their own column.
    """
    first, last = week.days[0], week.days[-1]
    title = f"Week {week.label} ({_day_header(first)} to {_day_header(last)})"
    problems = advice.problems()
    aside = advice.set_aside()
    aside_note = f"{len(aside)} set aside" if aside else ""
    if not problems:
        head = f"{title}: nothing to change. A week of conversation, not a megaphone."
        if aside_note:
            head += f" ({aside_note}.)"
        lines = [head]
    else:
        counts = problem_summary(problems) + (f"; {aside_note}" if aside_note else "")
        lines = [f"{title}: {counts}"]
    shown = [*problems, *(aside if show_set_aside else ())]
    everything = [e for p in shown for e in (p, *advice.folded(p.key))]
    column = max((len(_platform(e, names)) for e in everything), default=3)
    for number, entry in enumerate(shown):
        lines.append("")
        if show_set_aside and number == len(problems):
            lines.append("Set aside (presence unignore KEY brings one back):")
            lines.append("")
        lines.extend(_entry(entry, week, names, column, width, fix_of, "  "))
        for inner in advice.folded(entry.key):
            if inner.ignored and not entry.ignored and not show_set_aside:
                continue  # set aside on its own, inside a problem that is not
            lines.extend(_entry(inner, week, names, column, width, fix_of,
                                "  " + " " * (column + 11) + "+ "))
    if problems or aside:
        lines.append("")
        hints = [f"presence fix --week {week.label} KEY applies a quick fix",
                 f"presence ignore --week {week.label} KEY sets a problem aside"]
        if aside and not show_set_aside:
            hints.append("presence lint --all lists what is set aside")
        lines.extend(_wrap("; ".join(hints) + ".", "", "", width))
    return "\n".join(lines) + "\n"


def _platform(entry: Entry, names: Mapping[str, str]) -> str:
    platform = entry.finding.platform
    return names.get(platform, platform) if platform else "all"


def _entry(entry: Entry, week: Week, names: Mapping[str, str], column: int, width: int | None,
           fix_of: FixOf | None, lead_in: str) -> list[str]:
    finding = entry.finding
    word = SEVERITY_WORDS[finding.severity]
    if lead_in.endswith("+ "):  # folded: the platform is the one of the problem above
        lead = f"{lead_in}{word}: "
    else:
        lead = f"{lead_in}{word:<7}  {_platform(entry, names):<{column}}  "
    indent = " " * len(lead)
    out = _wrap(_title(entry, week), lead, indent, width)
    out.extend(_wrap(finding.message, indent, indent, width))
    out.extend(_wrap(finding.suggestion, indent + "-> ", indent + "   ", width))
    fix = fix_of(entry.key) if fix_of is not None else None
    tail = f"key {entry.key}" + (f"; quick fix: {fix.label}" if fix is not None else "")
    out.extend(_wrap(tail, indent, indent + "  ", width))
    return out


def _wrap(text: str, first: str, rest: str, width: int | None) -> list[str]:
    if width is None or len(first) + len(text) <= width or width - len(rest) < 20:
        return [first + text]
    import textwrap

    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False, break_long_words=False)

