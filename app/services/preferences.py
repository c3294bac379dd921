"""The user's planning preferences kept in the database, read the same by window and CLI."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from app.domain.weeks import MONDAY, SUNDAY
from app.domain.zones import get_zone, system_zone
from app.storage.repository import Repository


def user_zone(repo: Repository) -> ZoneInfo:
    """The default zone of the settings, or the system's until the user sets one."""
    name = repo.setting("zone")
    if isinstance(name, str) and name:
        try:
            return get_zone(name)
        except ValueError:
            pass
    return system_zone()


def week_start(repo: Repository) -> int:
    """MONDAY (ISO weeks, the default) or SUNDAY, as the user chose."""
    return SUNDAY if repo.setting("week_start") == "sunday" else MONDAY
