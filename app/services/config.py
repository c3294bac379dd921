"""The settings a user can change, declared once for the window and `presence config`.

Each setting has a key (`rules.promo_ratio`), a label and a one-line explanation in plain
words, a default, and a parser from text whose refusal is one line naming what is wrong.
The window and the command line both check values here, so they accept and refuse the
same things in the same words. Shares read and print as "1 in 3" or a percentage, never
0.333. Nothing here imports Qt.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

from app.domain.platforms import BUILTIN_BY_ID, Counting, Platform, is_valid_slug
from app.domain.zones import get_zone, system_zone
from app.rules.settings import PRESETS, RANGES, RULE_IDS, RuleSettings
from app.storage.repository import Repository

# Value kinds; each has its own parser and printer below.
ZONE, WEEK_START, PRESET, SHARE, HOURS, MINUTES, COUNT, RULE_LIST = (
    "zone", "week_start", "preset", "share", "hours", "minutes", "count", "rules")
NAME, LIMIT, COLOUR, COUNTING, SHOWN = "name", "limit", "colour", "counting", "shown"  # platforms.ID.*
POSTING = "posting_times"  # posting_times.ID: the weekly times a user likes to post there

CUSTOM = "custom"  # what rules.preset reads when the promo share matches no preset


class ConfigError(ValueError):
    """A bad key or value: `str()` is the line for the user, `reason` the part after the key."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def preset_name(preset: str) -> str:
    """The command-line spelling of a preset: `80/20` is `80-20`."""
    return re.sub(r"[\s_/]+", "-", preset.strip().lower())


PRESET_NAMES: dict[str, str] = {preset_name(p): p for p in PRESETS}  # CLI name -> PRESETS key
PRESET_TITLES: dict[str, str] = {"rule-of-thirds": "Rule of thirds", "80/20": "80/20", "4-1-1": "4-1-1"}


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: how it is named, explained, read from text and printed."""

    key: str
    kind: str
    label: str
    explanation: str
    default: Any
    rule: str | None = None  # the rule id a threshold tunes
    lowest: float = 0.0
    highest: float = 0.0

    @property
    def field(self) -> str | None:
        """The RuleSettings field a rules threshold is stored in."""
        if self.key.startswith("rules.") and self.kind != PRESET:
            return self.key.removeprefix("rules.")
        return None

    def parse(self, text: str) -> Any:
        """The value `text` stands for; ConfigError with one line if it is not one.

        An empty text is the default.
        """
        text = text.strip()
        if not text:
            return self.default
        try:
            return _PARSERS[self.kind](self, text)
        except ValueError as exc:
            raise ConfigError(self.key, str(exc)) from None

    def show(self, value: Any) -> str:
        """The value as a person reads it, in a form `parse` takes back."""
        return str(_PRINTERS[self.kind](self, value))


# -- shares, durations and counts -----------------------------------------------------

_SHARE = re.compile(
    r"^(?:(?P<a>\d+)\s*(?:/|in|out\s+of)\s*(?P<b>\d+)"
    r"|(?P<pct>\d+(?:\.\d*)?|\.\d+)\s*%"
    r"|(?P<dec>\d+(?:\.\d*)?|\.\d+))$",
    re.IGNORECASE,
)
_MOST_IN = 20  # "1 in 20" is the smallest share shown as "1 in n"


def _snap(value: float, decimals: int) -> float:
    """A rounded share typed by hand (33%, 0.333) as the "1 in n" it rounds, when only one does."""
    if decimals < 2:
        return value
    if any(math.isclose(value * n, 1.0, abs_tol=1e-9) for n in range(1, _MOST_IN + 1)):
        return value
    half = 0.5 * 10.0 ** -decimals
    near = [n for n in range(2, _MOST_IN + 1) if abs(value - 1 / n) < half - 1e-12]
    return 1 / near[0] if len(near) == 1 else value


def _parse_share(s: Setting, text: str) -> float:
    m = _SHARE.match(text)
    wrong = f'must be a share like "1 in 3" or 33%, not {text!r}'
    if m is None:
        raise ValueError(wrong)
    if m["a"] is not None:
        a, b = int(m["a"]), int(m["b"])
        if b == 0:
            raise ValueError(wrong)
        value = a / b
    elif m["pct"] is not None:
        decimals = len(m["pct"].partition(".")[2]) + 2
        value = _snap(float(m["pct"]) / 100, decimals)
    else:
        value = _snap(float(m["dec"]), len(m["dec"].partition(".")[2]))
    if not s.lowest <= value <= s.highest:
        raise ValueError(f'must be a share from 0% to 100%, like "1 in 3" or 33%, not {text!r}')
    return value


def show_share(value: float) -> str:
    """A share as "1 in 3" when it is one in so many, else as a percentage ("40%")."""
    for n in range(2, _MOST_IN + 1):
        if math.isclose(value * n, 1.0, abs_tol=1e-9):
            return f"1 in {n}"
    # The fewest decimals that keep it to a hundredth of a percent, and that do not read back as
    # a "1 in n" (14% would be taken for 1 in 7; 0.14 shows as 14.0%).
    for places in range(4):
        percent = round(value * 100, places)
        if abs(percent / 100 - value) <= 5e-5 + 1e-12 and _snap(percent / 100, places + 2) == percent / 100:
            return f"{percent:.{places}f}%"
    return f"{value * 100:.4f}%"


_AMOUNT = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)$", re.IGNORECASE)
_UNIT_MINUTES = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 1),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 60),
    **dict.fromkeys(("d", "day", "days"), 24 * 60),
}


def _minutes_of(text: str, unit_minutes: int) -> float | None:
    """Minutes in "48", "48h", "90 min", "3 days"; a bare number is in the setting's own unit."""
    m = _AMOUNT.match(text)
    if m is None:
        return None
    unit = m[2].lower()
    if unit and unit not in _UNIT_MINUTES:
        return None
    return float(m[1]) * (_UNIT_MINUTES[unit] if unit else unit_minutes)


def _parse_hours(s: Setting, text: str) -> float:
    minutes = _minutes_of(text, 60)
    if minutes is None or not s.lowest < minutes / 60 <= s.highest:
        raise ValueError(f"must be a number of hours from more than {s.lowest:g} to {s.highest:g}, "
                         f"like 48 or 48h, not {text!r}")
    return minutes / 60


def _parse_minutes(s: Setting, text: str) -> int:
    minutes = _minutes_of(text, 1)
    if minutes is None or minutes != int(minutes) or not s.lowest <= minutes <= s.highest:
        raise ValueError(f"must be a whole number of minutes from {s.lowest:g} to {s.highest:g}, "
                         f"like 60 or 1h, not {text!r}")
    return int(minutes)


def _parse_count(s: Setting, text: str) -> int:
    if not text.isdigit() or not s.lowest <= int(text) <= s.highest:
        raise ValueError(f"must be a whole number from {s.lowest:g} to {s.highest:g}, not {text!r}")
    return int(text)


def _plural(n: float, unit: str) -> str:
    return f"{n:g} {unit}" if n == 1 else f"{n:g} {unit}s"


# -- zone, week start, preset, rule list ----------------------------------------------

def _parse_zone(s: Setting, text: str) -> str:
    if text.lower() == "system":
        return ""
    try:
        return get_zone(text).key
    except ValueError:
        pass
    names = sorted(available_timezones())
    same = [n for n in names if n.lower() == text.lower()]
    if same:
        return same[0]
    near = [n for n in names if text.lower() in n.lower()][:3]
    hint = f" (did you mean {' or '.join(near)}?)" if near else ""
    raise ValueError(f"must be an IANA time zone like Europe/Berlin, not {text!r}{hint}")


def _parse_week_start(s: Setting, text: str) -> str:
    for day in ("monday", "sunday"):
        if text.lower() in (day, day[:3]):
            return day
    raise ValueError(f"must be monday or sunday, not {text!r}")


def _parse_preset(s: Setting, text: str) -> str:
    name = preset_name(text)
    if name in PRESET_NAMES:
        return name
    if name == CUSTOM:
        raise ValueError("is custom when you set rules.promo_ratio to a share of your own")
    raise ValueError(f"must be one of {', '.join(PRESET_NAMES)}, not {text!r}")


def _parse_rule_list(s: Setting, text: str) -> frozenset[str]:
    if text.lower() == "none":
        return frozenset()
    ids = [part for part in re.split(r"[\s,]+", text.lower()) if part]
    for rule in ids:
        if rule not in RULE_IDS:
            near = difflib.get_close_matches(rule, RULE_IDS, n=1, cutoff=0.5)
            hint = f"did you mean {near[0]}?" if near else f"the rules are {', '.join(RULE_IDS)}"
            raise ValueError(f"unknown rule {rule!r} ({hint})")
    return frozenset(ids)


def _show_rule_list(s: Setting, value: frozenset[str]) -> str:
    return ", ".join(r for r in RULE_IDS if r in value) or "none"


# -- a platform's name, limits, colour, counting, and whether it is shown ---------------

_COUNTING_WORDS = {**{c.value: c for c in Counting}, "bluesky": Counting.GRAPHEMES}
_YES = ("yes", "y", "true", "on", "1", "shown", "show")
_NO = ("no", "n", "false", "off", "0", "hidden", "hide")


def _parse_name(s: Setting, text: str) -> str:
    if len(text) > 40:
        raise ValueError(f"must be a name of at most 40 characters, not {len(text)}")
    return text


def _parse_limit(s: Setting, text: str) -> int | None:
    if text.lower() == "none":
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"must be a whole number from 1, or none, not {text!r}")
    return int(text)


def _parse_colour(s: Setting, text: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        raise ValueError(f"must be a colour like #1185fe, not {text!r}")
    return text.lower()


def _parse_counting(s: Setting, text: str) -> str:
    found = _COUNTING_WORDS.get(text.lower())
    if found is None:
        raise ValueError(f"must be one of {', '.join(c.value for c in Counting)}, not {text!r}")
    return found.value


def _parse_shown(s: Setting, text: str) -> bool:
    if text.lower() in _YES or text.lower() in _NO:
        return text.lower() in _YES
    raise ValueError(f"must be yes or no, not {text!r}")


def _parse_posting(s: Setting, text: str) -> str:
    """Checked posting times, kept as their canonical text ("mon-fri 09:00,13:00; sat 10:00")."""
    from app.domain.ideas import parse_posting_times, show_posting_times

    if text.lower() == "none":
        return ""
    return show_posting_times(parse_posting_times(text))


_PARSERS: dict[str, Any] = {
    ZONE: _parse_zone,
    WEEK_START: _parse_week_start,
    PRESET: _parse_preset,
    SHARE: _parse_share,
    HOURS: _parse_hours,
    MINUTES: _parse_minutes,
    COUNT: _parse_count,
    RULE_LIST: _parse_rule_list,
    NAME: _parse_name,
    LIMIT: _parse_limit,
    COLOUR: _parse_colour,
    COUNTING: _parse_counting,
    SHOWN: _parse_shown,
    POSTING: _parse_posting,
}
_PRINTERS: dict[str, Any] = {
    ZONE: lambda s, v: v or system_zone().key,
    WEEK_START: lambda s, v: v,
    PRESET: lambda s, v: v,
    SHARE: lambda s, v: show_share(v),
    HOURS: lambda s, v: _plural(v, "hour"),
    MINUTES: lambda s, v: _plural(v, "minute"),
    COUNT: lambda s, v: f"{v:d}",
    RULE_LIST: _show_rule_list,
    NAME: lambda s, v: v,
    LIMIT: lambda s, v: "none" if v is None else f"{v:d}",
    COLOUR: lambda s, v: v,
    COUNTING: lambda s, v: v,
    SHOWN: lambda s, v: "yes" if v else "no",
    POSTING: lambda s, v: v or "none",
}


# -- the catalogue --------------------------------------------------------------------

def _threshold(field: str, kind: str, rule: str, label: str, explanation: str) -> Setting:
    lowest, highest = RANGES[field]
    default = getattr(RuleSettings(), field)
    return Setting(f"rules.{field}", kind, label, explanation, default, rule, lowest, highest)


_PRESET_LIST = ", ".join(f"{preset_name(p)} ({show_share(r)})" for p, r in PRESETS.items())

SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("zone", ZONE, "Time zone",
            "Zone of new posts and slots; the week's days are its local days (empty: the system's)", ""),
    Setting("week_start", WEEK_START, "Week starts on",
            "First day of the week: monday (ISO weeks) or sunday", "monday"),
    Setting("rules.preset", PRESET, "Promotion preset",
            f"A named promo share: {_PRESET_LIST}", preset_name(next(iter(PRESETS))),
            "promo-ratio"),
    _threshold("promo_ratio", SHARE, "promo-ratio", "Promo posts at most",
               "Largest share of a platform's posts in a week that promote your own work"),
    _threshold("link_repeat_hours", HOURS, "link-repeat", "Same link again within",
               "The same link again on one platform within this time is a repeat"),
    _threshold("link_burst_count", COUNT, "link-burst", "Posts of one link",
               "This many posts of one link on one platform close together are a burst"),
    _threshold("link_burst_minutes", MINUTES, "link-burst", "Close together: within",
               "How close together the posts of one link make a burst"),
    _threshold("post_burst_max", COUNT, "post-burst", "Posts at once at most",
               "More posts than this on one platform close together flood timelines"),
    _threshold("post_burst_minutes", MINUTES, "post-burst", "Close together: within",
               "How close together posts on one platform count as at once"),
    _threshold("curation_min_posts", COUNT, "curation-balance", "Judged from (posts)",
               "Others' work against your own is judged from this many posts a week"),
    _threshold("bare_reshare_share", SHARE, "bare-reshare", "Shares with your own words, at least",
               "Share of posts of others' work that should add words of your own"),
    _threshold("bare_reshare_min_curated", COUNT, "bare-reshare", "Judged from (shares)",
               "Words on shares are judged from this many shared posts a week"),
    _threshold("echo_only_min_posts", COUNT, "echo-only", "Judged from (posts)",
               "A platform that only shares others' work is noted from this many posts"),
    _threshold("cross_blast_platforms", COUNT, "cross-blast", "Platforms at once",
               "The same link on this many platforms close together is a blast"),
    _threshold("cross_blast_minutes", MINUTES, "cross-blast", "Close together: within",
               "How close together one link on several platforms is a blast"),
    Setting("rules.disabled", RULE_LIST, "Rules switched off",
            "Rules not checked, by id, separated by commas (none: all are checked)", frozenset()),
)}


# A platform's settings: platforms.ID.FIELD -> (kind, label, explanation with {name}).
PLATFORM_FIELDS: dict[str, tuple[str, str, str]] = {
    "name": (NAME, "name", "The name shown on cards and in lists"),
    "text_limit": (LIMIT, "text limit", "Longest post {name} takes, counted as it counts (none: no limit)"),
    "daily_cap": (LIMIT, "daily cap", "Most posts a day on {name} before a warning (none: no cap)"),
    "colour": (COLOUR, "colour", "{name}'s colour on cards and in the week's mix"),
    "counting": (COUNTING, "counting", "How {name} counts a post: characters, x, mastodon or graphemes"),
    "shown": (SHOWN, "shown", "Offered when you plan a post (no: hidden; posts planned there stay)"),
    "hashtag_limit": (LIMIT, "hashtag limit", "Most hashtags a post on {name} may carry (none: no limit)"),
    "link_limit": (LIMIT, "link limit", "Most links a post on {name} may carry (none: no limit)"),
    "comment_limit": (LIMIT, "first comment limit",
                      "Longest first comment {name} takes, in characters (none: not checked)"),
}
NEW_COLOUR = "#7a7a7a"  # a platform the user adds starts grey
KEEP_ONE_SHOWN = "keep at least one platform shown, or there is nowhere to plan a post"


def platform_setting(pid: str, field: str, name: str | None = None) -> Setting:
    """The setting `platforms.PID.FIELD`; its default is the built-in platform's, if any."""
    kind, label, explanation = PLATFORM_FIELDS[field]
    base = BUILTIN_BY_ID.get(pid) or Platform(pid, "", None, None, NEW_COLOUR)
    default: Any = getattr(base, field) if field not in ("shown", "counting") else (
        True if field == "shown" else base.counting.value)
    shown_name = name or base.name or pid
    return Setting(f"platforms.{pid}.{field}", kind, f"{shown_name}: {label}",
                   explanation.format(name=shown_name), default)


def _platform_key(key: str) -> Setting | None:
    m = re.fullmatch(r"platforms?\.([^.]*)\.([A-Za-z_-]+)", key.strip())
    if m is None:
        return None
    pid, field = m[1], m[2].lower().replace("-", "_")
    if not is_valid_slug(pid):
        raise ConfigError(key, f"platform id {pid!r} must be a lowercase slug like my-forum")
    if field not in PLATFORM_FIELDS:
        raise ConfigError(key, f"no such platform setting (a platform has {', '.join(PLATFORM_FIELDS)})")
    return platform_setting(pid, field)


def posting_setting(pid: str, name: str | None = None) -> Setting:
    """The setting `posting_times.PID`: the weekly times a user likes to post on a platform."""
    shown_name = name or (BUILTIN_BY_ID[pid].name if pid in BUILTIN_BY_ID else pid)
    return Setting(f"{POSTING}.{pid}", POSTING, f"{shown_name}: posting times",
                   f'Weekly times to post on {shown_name}, days then times: "mon-fri 09:00,13:00; '
                   f'sat 10:00" (none: no posting times)', "")


def _posting_key(key: str) -> Setting | None:
    m = re.fullmatch(r"posting[_-]times\.([^.]*)", key.strip())
    if m is None:
        return None
    if not is_valid_slug(m[1]):
        raise ConfigError(key, f"platform id {m[1]!r} must be a lowercase slug like my-forum")
    return posting_setting(m[1])


def setting(key: str) -> Setting:
    """The setting called `key` (`week-start` and `rules.promo-ratio` are taken too)."""
    found = (SETTINGS.get(key.strip().lower().replace("-", "_")) or _platform_key(key)
             or _posting_key(key))
    if found is not None:
        return found
    near = difflib.get_close_matches(key, list(SETTINGS), n=1)
    if not near:
        near = [k for k in SETTINGS if k.endswith(f".{key.strip().lower().replace('-', '_')}")]
    hint = f"; did you mean {near[0]}?" if near else ""
    raise ConfigError(key, f"no such setting (`presence config` lists them){hint}")


def thresholds() -> list[Setting]:
    """The rules' thresholds, in the order of the catalogue."""
    return [s for s in SETTINGS.values() if s.field is not None and s.kind != RULE_LIST]


# -- reading and writing --------------------------------------------------------------

def _rule_settings(raw: Any) -> RuleSettings:
    """The stored thresholds; one that is damaged reads as its default, so the rest still show."""
    try:
        return RuleSettings.from_dict(raw)
    except ValueError:
        pass
    good: dict[str, Any] = {}
    for name, value in raw.items() if isinstance(raw, dict) else ():
        try:
            RuleSettings.from_dict({name: value})
        except ValueError:
            continue
        good[name] = value
    return RuleSettings.from_dict(good)


def platform_settings(repo: Repository) -> list[Setting]:
    """The settings of every platform there is, hidden ones too, in the platforms' order."""
    return [s for pid, p in repo.platforms().items()
            for s in (*(platform_setting(pid, field, p.name) for field in PLATFORM_FIELDS),
                      posting_setting(pid, p.name))]


def read(repo: Repository) -> dict[str, Any]:
    """Every setting's value as the program uses it (a damaged one as its default), platforms too."""
    rules = _rule_settings(repo.setting("rules"))
    zone = repo.setting("zone")
    if not isinstance(zone, str):
        zone = ""
    values: dict[str, Any] = {
        "zone": zone,
        "week_start": "sunday" if repo.setting("week_start") == "sunday" else "monday",
        "rules.preset": preset_name(rules.preset) if rules.preset else CUSTOM,
    }
    for s in SETTINGS.values():
        if s.field is not None:
            values[s.key] = getattr(rules, s.field)
    for pid, p in repo.platforms().items():
        values.update({
            f"platforms.{pid}.name": p.name, f"platforms.{pid}.text_limit": p.text_limit,
            f"platforms.{pid}.daily_cap": p.daily_cap, f"platforms.{pid}.colour": p.colour,
            f"platforms.{pid}.counting": p.counting.value, f"platforms.{pid}.shown": not p.hidden,
            f"platforms.{pid}.hashtag_limit": p.hashtag_limit, f"platforms.{pid}.link_limit": p.link_limit,
            f"platforms.{pid}.comment_limit": p.comment_limit,
        })
    from app.domain.ideas import show_posting_times
    from app.services.planning import posting_times

    times = posting_times(repo)
    for pid in repo.platforms():
        values[f"{POSTING}.{pid}"] = show_posting_times(times.get(pid, ()))
    return values


def _write_platform(repo: Repository, key: str, value: Any) -> None:
    _, pid, field = key.split(".")
    platforms = repo.platforms()
    current = platforms.get(pid)
    if current is None:
        if field != "name":
            raise ConfigError(key, f"no such platform; add it first with "
                                   f"`presence config platforms.{pid}.name NAME`")
        current = Platform(pid, value, None, None, NEW_COLOUR)
    if field == "name" and not value:
        raise ConfigError(key, "give the platform a name")
    if field == "shown":
        changed = current.with_(hidden=not value)
        if not value and all(p.hidden for p in platforms.values() if p.id != pid):
            raise ConfigError(key, KEEP_ONE_SHOWN)
    elif field == "counting":
        changed = current.with_(counting=Counting(value))
    else:
        changed = current.with_(**{field: value})
    repo.save_platform(changed)


def write(repo: Repository, key: str, value: Any) -> None:
    """Store one checked value (from `Setting.parse`) in one transaction; ConfigError if the
    rules stored beside it would no longer hold together."""
    if key.startswith("platforms."):
        with repo.transaction():
            _write_platform(repo, key, value)
        return
    if key.startswith(f"{POSTING}."):
        from app.domain.ideas import parse_posting_times
        from app.services.planning import set_posting_times

        pid = key.split(".", 1)[1]
        if pid not in repo.platforms():
            raise ConfigError(key, f"no such platform; add it first with "
                                   f"`presence config platforms.{pid}.name NAME`")
        set_posting_times(repo, pid, parse_posting_times(value))
        return
    s = SETTINGS[key]
    with repo.transaction():
        if s.kind == ZONE:
            repo.set_setting("zone", value)
        elif s.kind == WEEK_START:
            repo.set_setting("week_start", value)
        else:
            raw = repo.setting("rules")
            data = {k: v for k, v in raw.items() if k != "preset"} if isinstance(raw, dict) else {}
            if s.kind == PRESET:
                data["promo_ratio"] = PRESETS[PRESET_NAMES[value]]
            else:
                assert s.field is not None
                data[s.field] = sorted(value) if isinstance(value, frozenset) else value
            try:
                rules = RuleSettings.from_dict(data)
            except ValueError as exc:  # "rules.x: why": a damaged neighbour, named
                where, _, why = str(exc).partition(": ")
                raise ConfigError(where, why or str(exc)) from None
            repo.set_setting("rules", rules.to_dict())


def set_text(repo: Repository, key: str, text: str) -> tuple[Any, Any]:
    """Check and store `text` for `key`: (value before, value after); ConfigError, nothing
    written, when the key or the value is bad."""
    s = setting(key)
    value = s.parse(text)
    before = read(repo).get(s.key)
    write(repo, s.key, value)
    return before, value
