"""The human form of `presence lint`: one header per day, findings under it, the
suggestion indented below each, and a group for the findings about the whole week."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from app.domain.weeks import Week
from app.rules.context import DAY_NAMES, SHORT_MONTHS
from app.rules.findings import Finding, Severity

_LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _day_header(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {SHORT_MONTHS[day.month - 1]}"


def _summary(findings: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    parts = []
    for severity, one, many in (
        (Severity.ERROR, "error", "errors"),
        (Severity.WARNING, "warning", "warnings"),
        (Severity.INFO, "info", "info"),
    ):
        if counts[severity]:
            parts.append(f"{counts[severity]} {one if counts[severity] == 1 else many}")
    return ", ".join(parts)


def render(
    week: Week, findings: Sequence[Finding], names: Mapping[str, str], width: int | None = None
) -> str:
    """Plain text; the week-wide group first, then the days in order.

    With a `width` (a terminal's), long lines wrap under their own column.
    """
    first, last = week.days[0], week.days[-1]
    title = f"Week {week.label} ({_day_header(first)} to {_day_header(last)})"
    if not findings:
        return f"{title}: nothing to change. A week of conversation, not a megaphone.\n"
    lines = [f"{title}: {_summary(findings)}"]
    groups: dict[date | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.day, []).append(finding)
    order = sorted(groups, key=lambda d: (d is not None, d or date.min))
    column = max(len(names.get(f.platform, f.platform)) if f.platform else 3 for f in findings)
    for day in order:
        lines.append("")
        lines.append("The whole week" if day is None else _day_header(day))
        for finding in groups[day]:  # already by severity
            platform = names.get(finding.platform, finding.platform) if finding.platform else "all"
            ids = ", ".join(f"#{i}" for i in finding.items)
            lead = f"  {_LABEL[finding.severity]:<7}  {platform:<{column}}  "
            indent = " " * len(lead)
            message = finding.message + (f" [{ids}]" if ids else "")
            lines.extend(_wrap(message, lead, indent, width))
            lines.extend(_wrap(finding.suggestion, indent + "-> ", indent + "   ", width))
    return "\n".join(lines) + "\n"


def _wrap(text: str, first: str, rest: str, width: int | None) -> list[str]:
    if width is None or len(first) + len(text) <= width or width - len(rest) < 30:
        return [first + text]
    import textwrap

    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)
