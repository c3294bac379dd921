"""Link rules: the same link again (`link-repeat`), in a burst (`link-burst`), or blasted
to many platforms at once (`cross-blast`). Seeds 001 and 004: once is news, again is noise.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from app.rules.context import Context, PostEntry, first_day_in_week, item_ids, span_text
from app.rules.findings import Finding, Severity
from app.rules.windows import crowded, spread

_TRACKING = frozenset({"fbclid", "gclid"})
_DEFAULT_PORTS = (":80", ":443")


@lru_cache(maxsize=8192)
def normalise_link(link: str) -> str:
    """The form two links share when they lead to the same page.

    Scheme, `www.`, letter case of the host, default ports, a trailing slash, the fragment
    and tracking parameters (`utm_*`, `fbclid`, `gclid`) are ignored; other parameters are
    kept in sorted order. An empty link stays empty.
    """
    text = link.strip()
    if not text:
        return ""
    scheme, sep, rest = text.partition("://")
    if sep and scheme.replace("+", "").replace(".", "").replace("-", "").isalnum():
        text = rest
    text = text.lstrip("/")
    text = text.split("#", 1)[0]
    text, _, query = text.partition("?")
    host, slash, path = text.partition("/")
    host = host.rsplit("@", 1)[-1].lower().rstrip(".")
    for port in _DEFAULT_PORTS:
        if host.endswith(port):
            host = host[: -len(port)]
    if host.startswith("www."):
        host = host[4:]
    path = (slash + path).rstrip("/")
    kept = sorted(
        part for part in query.split("&")
        if part and not _is_tracking(part.split("=", 1)[0])
    )
    return host + path + ("?" + "&".join(kept) if kept else "")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in _TRACKING


@lru_cache(maxsize=8192)
def _link_in_text(text: str) -> str:
    at = text.find("http")
    if at < 0:
        return ""
    match = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE).search(text, at)
    return match[0].rstrip(".,;:!?)]}'\"") if match else ""


def link_key(entry: PostEntry) -> str:
    """The post's link (its link field, else the first URL in its text), normalised."""
    post = entry.post
    return normalise_link(post.link or _link_in_text(post.text))


def short_link(key: str) -> str:
    """A link short enough to name in a message."""
    return key if len(key) <= 48 else key[:45] + "..."


def _by_platform_and_link(ctx: Context) -> dict[tuple[str, str], list[PostEntry]]:
    cached = ctx.cache.get("links")
    if cached is None:
        cached = {}
        for entry in ctx.posts:
            key = link_key(entry)
            if key:
                cached.setdefault((entry.post.platform, key), []).append(entry)
        ctx.cache["links"] = cached
    return cached


def _link_bursts(ctx: Context) -> list[tuple[str, str, list[PostEntry]]]:
    cached = ctx.cache.get("link-bursts")
    if cached is None:
        settings = ctx.settings
        seconds = settings.link_burst_minutes * 60
        cached = [
            (platform, key, cluster)
            for (platform, key), entries in _by_platform_and_link(ctx).items()
            for cluster in crowded(entries, seconds, settings.link_burst_count)
        ]
        ctx.cache["link-bursts"] = cached
    return cached


def link_burst(ctx: Context) -> list[Finding]:
    """The same link three or more times on one platform within 60 minutes."""
    findings = []
    minutes = ctx.settings.link_burst_minutes
    for platform, key, cluster in _link_bursts(ctx):
        day = first_day_in_week(cluster)
        if day is None:
            continue
        name = ctx.name(platform)
        findings.append(Finding(
            "link-burst", Severity.ERROR, platform, day, item_ids(cluster),
            f"The same link ({short_link(key)}) goes out {len(cluster)} times on {name} "
            f"within {span_text(cluster)}, "
            f"{ctx.when(cluster[0].local)} to {cluster[-1].local:%H:%M}.",
            f"Keep the {cluster[0].local:%H:%M} post and drop the other "
            f"{len(cluster) - 1}: the same link {_times(len(cluster))} in "
            f"{minutes} minutes reads as spam.",
        ))
    return findings


def _times(count: int) -> str:
    return {2: "twice", 3: "three times"}.get(count, f"{count} times")


def link_repeat(ctx: Context) -> list[Finding]:
    """The same link twice on one platform within 72 hours, across the week's edges too."""
    settings = ctx.settings
    seconds = settings.link_repeat_hours * 3600
    hours = f"{settings.link_repeat_hours:g} h"
    in_bursts: set[int] = set()
    if settings.enabled("link-burst"):
        in_bursts = {id(e) for _, _, cluster in _link_bursts(ctx) for e in cluster}
    findings = []
    for (platform, key), entries in _by_platform_and_link(ctx).items():
        if len(entries) < 2:
            continue
        for cluster in _chains(entries, seconds):
            if all(id(e) in in_bursts for e in cluster):
                continue  # already reported, louder, as a link burst
            day = first_day_in_week(cluster)
            if day is None:
                continue
            name = ctx.name(platform)
            first, second = cluster[0], cluster[1]
            times = ", ".join(ctx.when(e.local) for e in cluster)
            if len(cluster) == 2:
                later = datetime.fromtimestamp(first.ts + seconds, ctx.zone)
                suggestion = (
                    f"Move the {ctx.when(second.local)} post to {ctx.when(later)} or later, "
                    "or share something else then."
                )
            else:
                suggestion = (
                    f"Keep the {ctx.when(first.local)} post and space the other "
                    f"{len(cluster) - 1} at least {hours} apart, or share something else."
                )
            findings.append(Finding(
                "link-repeat", Severity.WARNING, platform, day, item_ids(cluster),
                f"The same link ({short_link(key)}) is planned {_times(len(cluster))} on "
                f"{name} within {hours}: {times}.",
                suggestion,
            ))
    return findings


def _chains(entries: list[PostEntry], seconds: float) -> list[list[PostEntry]]:
    """Runs of entries each less than `seconds` after the one before."""
    chains: list[list[PostEntry]] = []
    current = [entries[0]]
    for entry in entries[1:]:
        if entry.ts - current[-1].ts < seconds:
            current.append(entry)
        else:
            if len(current) > 1:
                chains.append(current)
            current = [entry]
    if len(current) > 1:
        chains.append(current)
    return chains


def cross_blast(ctx: Context) -> list[Finding]:
    """The same link on three or more platforms within 10 minutes: one message for all."""
    settings = ctx.settings
    wanted = settings.cross_blast_platforms
    per_link: dict[str, list[list[PostEntry]]] = {}
    for (_, key), entries in _by_platform_and_link(ctx).items():
        per_link.setdefault(key, []).append(entries)
    findings = []
    for key, groups in per_link.items():
        if len(groups) < wanted:
            continue  # fewer platforms than a blast needs
        entries = sorted((e for group in groups for e in group), key=_ts)
        for cluster in spread(entries, settings.cross_blast_minutes * 60,
                              settings.cross_blast_platforms):
            day = first_day_in_week(cluster)
            if day is None:
                continue
            names = _join([ctx.name(p) for p in dict.fromkeys(e.post.platform for e in cluster)])
            findings.append(Finding(
                "cross-blast", Severity.INFO, None, day, item_ids(cluster),
                f"The same link ({short_link(key)}) goes to {names} within "
                f"{span_text(cluster)} on "
                f"{ctx.on(day)}.",
                "Stagger it over the day and write each post for its platform's readers.",
            ))
    return findings


def _ts(entry: PostEntry) -> float:
    return entry.ts


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
