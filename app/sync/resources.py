"""One calendar object per post and per slot, as the iCalendar export builds them.

A CalDAV calendar stores each event as its own resource (RFC 4791 section 4.1): one
VEVENT with its VTIMEZONE, no METHOD. Each is built alone, so its text depends on that
item only and its digest changes only when the item does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from app.domain.items import Post, PostStatus, Slot
from app.domain.platforms import Platform
from app.exchange.ics import build_calendar, item_uid

# DTSTAMP says when the text was made: it changes on every build, not with the item.
_DTSTAMP = re.compile(rb"^DTSTAMP[:;].*\r\n", re.MULTILINE)


@dataclass(frozen=True)
class Resource:
    uid: str
    item_id: int
    body: bytes  # the calendar object as sent (UTF-8, CRLF)
    digest: str  # of the body without DTSTAMP: equal digests mean nothing to send

    @property
    def name(self) -> str:
        """The resource's file name in the calendar collection, made from its UID."""
        return resource_name(self.uid)


def resource_name(uid: str) -> str:
    return quote(uid, safe="@") + ".ics"


def _alarm(summary: str) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))  # at the start: the phone rings at the post's time
    return alarm


def build_resource(item: Post | Slot, platforms: Mapping[str, Platform], cal_id: str,
                   now: datetime | None = None) -> Resource:
    """The calendar object of one post or slot, with an alarm at its start.

    A skipped post is published cancelled and without an alarm.
    """
    if item.id is None:
        raise ValueError("only stored items are published")
    if isinstance(item, Post):
        calendar = build_calendar([item], [], platforms, cal_id, now=now)
        ring = item.status is not PostStatus.SKIPPED
    else:
        calendar = build_calendar([], [item], platforms, cal_id, now=now)
        ring = True
    # A stored calendar object carries no METHOD (RFC 4791 4.1); the name is the calendar's.
    for key in ("METHOD", "X-WR-CALNAME"):
        calendar.pop(key, None)
    event = next(c for c in calendar.subcomponents if c.name == "VEVENT")
    if ring:
        event.add_component(_alarm(str(event.get("summary", ""))))
    body: bytes = calendar.to_ical()
    digest = hashlib.sha256(_DTSTAMP.sub(b"", body)).hexdigest()
    return Resource(item_uid(item.id, cal_id), item.id, body, digest)
