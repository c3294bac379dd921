"""What a rule reports: a finding the window lists and `presence lint` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How loudly a finding speaks; errors first, notes (info) last."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of advice about the week, naming the posts and slots it is about.

    `day` is the local date the finding is about, or None for the whole week; `platform`
    is a platform id, or None for a finding across platforms.
    """

    rule: str
    severity: Severity
    platform: str | None
    day: date | None
    items: tuple[int, ...]
    message: str
    suggestion: str

    def to_json(self) -> dict[str, Any]:
        """The SPEC section 5 shape of one finding."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "platform": self.platform,
            "day": self.day.isoformat() if self.day else None,
            "items": list(self.items),
            "message": self.message,
            "suggestion": self.suggestion,
        }

    @property
    def blocks(self) -> bool:
        """Warnings and errors make `presence lint` exit 1; notes do not."""
        return self.severity is not Severity.INFO


def sort_key(finding: Finding) -> tuple[int, date, str, str, tuple[int, ...]]:
    """Severity first, then day (week-wide findings before the days), then platform and rule."""
    return (
        finding.severity.rank,
        finding.day or date.min,
        finding.platform or "",
        finding.rule,
        finding.items,
    )
