"""Time zones: the system's own, validation of IANA names, and local wall-clock rules."""

from __future__ import annotations

import os
from contextlib import suppress
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")


def get_zone(name: str) -> ZoneInfo:
    """The zone for an IANA name; ValueError with a readable reason otherwise."""
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        raise ValueError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def system_zone() -> ZoneInfo:
    """The machine's zone by IANA name (TZ, /etc/timezone, /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                return get_zone(name)
            except ValueError:
                continue
    return UTC


def local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day in a zone; a time skipped by a DST change moves forward.

    02:30 on a spring-forward night does not exist; like dateutil, we take the offset in
    force before the change, which lands on 03:30.
    """
    naive = datetime.combine(day, at)
    return normalise(naive.replace(tzinfo=zone))


def normalise(moment: datetime) -> datetime:
    """Round-trip through UTC so that a non-existent wall time becomes a real one."""
    zone = moment.tzinfo
    return moment.astimezone(UTC).astimezone(zone)


def to_epoch(moment: datetime) -> int:
    """Whole seconds since the epoch for an aware datetime."""
    return int(moment.timestamp())


def from_epoch(seconds: int, zone: ZoneInfo) -> datetime:
    """An aware datetime in `zone` for whole seconds since the epoch."""
    return datetime.fromtimestamp(seconds, zone)
