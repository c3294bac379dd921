"""Every threshold of the rules, editable by the user and stored as the "rules" setting.

Daily caps and text limits are not here: they belong to each Platform (editable in the
platform settings), because a Mastodon instance may allow 1000 characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

# The presets of SPEC section 3: the largest share of promo posts each advice tolerates.
PRESETS: dict[str, float] = {
    "rule-of-thirds": 1 / 3,
    "80/20": 0.2,
    "4-1-1": 1 / 6,
}

RULE_IDS: tuple[str, ...] = (
    "promo-ratio",
    "link-repeat",
    "link-burst",
    "post-burst",
    "no-engagement",
    "engagement-gap",
    "curation-balance",
    "bare-reshare",
    "echo-only",
    "text-limit",
    "daily-cap",
    "account-mix",
    "cross-blast",
    "goal-shortfall",
    "hashtag-limit",
    "link-limit",
    "first-comment",
    "alt-text",
)

# Window rules see the 72 h margins around the week; a longer window would miss items.
MAX_WINDOW_MINUTES = 72 * 60


class SettingsSource(Protocol):
    def setting(self, key: str, default: Any = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """The thresholds of SPEC section 3, defaults as published there."""

    promo_ratio: float = PRESETS["rule-of-thirds"]  # promo posts may be at most this share
    link_repeat_hours: float = 72.0  # the same link twice within this is a repeat
    link_burst_count: int = 3  # this many of the same link ...
    link_burst_minutes: int = 60  # ... within this many minutes is a burst
    post_burst_max: int = 3  # more posts than this on one platform ...
    post_burst_minutes: int = 60  # ... within this many minutes is a burst
    curation_min_posts: int = 3  # curation balance is judged from this many posts up
    bare_reshare_share: float = 0.5  # at least this share of curated posts carry commentary
    bare_reshare_min_curated: int = 2  # judged from this many curated posts up
    echo_only_min_posts: int = 3  # all-curated is judged from this many posts up
    cross_blast_platforms: int = 3  # the same link on this many platforms ...
    cross_blast_minutes: int = 10  # ... within this many minutes is a blast
    disabled: frozenset[str] = field(default_factory=frozenset)  # rule ids switched off

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    @property
    def preset(self) -> str | None:
        """The preset whose promo share this is, if any."""
        for name, ratio in PRESETS.items():
            if math.isclose(ratio, self.promo_ratio, rel_tol=1e-9):
                return name
        return None

    def with_preset(self, name: str) -> RuleSettings:
        if name not in PRESETS:
            raise ValueError(f"unknown preset {name!r} (choose {', '.join(PRESETS)})")
        return replace(self, promo_ratio=PRESETS[name])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values, the shape `from_dict` reads back."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = sorted(value) if isinstance(value, frozenset) else value
        return out

    @classmethod
    def from_dict(cls, data: Any) -> RuleSettings:
        """Read thresholds (missing ones keep their defaults); ValueError names the bad one.

        A "preset" key sets the promo share unless "promo_ratio" is given too.
        """
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(f"rules: expected an object of thresholds, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "preset":
                if value is None:
                    continue
                if not isinstance(value, str) or value not in PRESETS:
                    raise ValueError(
                        f"rules.preset: unknown preset {value!r} (choose {', '.join(PRESETS)})"
                    )
                values.setdefault("promo_ratio", PRESETS[value])
                continue
            if key not in known:
                raise ValueError(f"rules.{key}: unknown threshold")
            values[key] = _CHECKS[key](key, value)  # an explicit promo_ratio beats a preset
        return cls(**values)

    @classmethod
    def load(cls, repo: SettingsSource) -> RuleSettings:
        """The user's thresholds from the "rules" setting; ValueError if they are bad."""
        return cls.from_dict(repo.setting("rules"))


def _number(key: str, value: Any, lo: float, hi: float, *, open_lo: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if ok and (value > lo if open_lo else value >= lo) and value <= hi:
        return float(value)
    low = f"more than {lo:g}" if open_lo else f"{lo:g}"
    raise ValueError(f"rules.{key}: must be a number from {low} to {hi:g}, not {value!r}")


def _integer(lo: int, hi: int):  # type: ignore[no-untyped-def]
    def check(key: str, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
            return value
        raise ValueError(f"rules.{key}: must be a whole number from {lo} to {hi}, not {value!r}")

    return check


def _hours(key: str, value: Any) -> float:
    return _number(key, value, 0.0, MAX_WINDOW_MINUTES / 60, open_lo=True)


def _share(key: str, value: Any) -> float:
    return _number(key, value, 0.0, 1.0)


def _rule_ids(key: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(v, str) for v in value
    ):
        raise ValueError(f"rules.{key}: must be a list of rule ids, not {value!r}")
    unknown = sorted(set(value) - set(RULE_IDS))
    if unknown:
        raise ValueError(f"rules.{key}: unknown rule id {unknown[0]!r}")
    return frozenset(value)


_CHECKS: dict[str, Any] = {
    "promo_ratio": _share,
    "link_repeat_hours": _hours,
    "link_burst_count": _integer(2, 1000),
    "link_burst_minutes": _integer(1, MAX_WINDOW_MINUTES),
    "post_burst_max": _integer(1, 1000),
    "post_burst_minutes": _integer(1, MAX_WINDOW_MINUTES),
    "curation_min_posts": _integer(1, 1000),
    "bare_reshare_share": _share,
    "bare_reshare_min_curated": _integer(1, 1000),
    "echo_only_min_posts": _integer(1, 1000),
    "cross_blast_platforms": _integer(2, 100),
    "cross_blast_minutes": _integer(1, MAX_WINDOW_MINUTES),
    "disabled": _rule_ids,
}

# The lowest and highest value of each numeric threshold, as the checks above take them, for
# editors and help (hours must be more than their lowest). tests/unit/services/test_config.py
# checks the two agree.
RANGES: dict[str, tuple[float, float]] = {
    "promo_ratio": (0.0, 1.0),
    "link_repeat_hours": (0.0, MAX_WINDOW_MINUTES / 60),
    "link_burst_count": (2, 1000),
    "link_burst_minutes": (1, MAX_WINDOW_MINUTES),
    "post_burst_max": (1, 1000),
    "post_burst_minutes": (1, MAX_WINDOW_MINUTES),
    "curation_min_posts": (1, 1000),
    "bare_reshare_share": (0.0, 1.0),
    "bare_reshare_min_curated": (1, 1000),
    "echo_only_min_posts": (1, 1000),
    "cross_blast_platforms": (2, 100),
    "cross_blast_minutes": (1, MAX_WINDOW_MINUTES),
}
