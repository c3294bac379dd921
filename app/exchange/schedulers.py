"""Hand-off files for the scheduler that will publish: Hootsuite and Buffer bulk CSVs.

Both tools take one file per social profile, so the posts are split by platform and
account. Only posts still to be published go out: not slots, not skipped posts, not posts
already marked posted, not empty ideas (no text and no link). Times are written as
wall-clock times in one zone (the user's), the zone the scheduler's profile must be set
to; cells that a spreadsheet would run as a formula get a leading `'` as in the Presence
CSV.

- Hootsuite bulk composer: no header; `dd/mm/yyyy HH:MM` (24 h), message, link.
- Buffer bulk upload: header `Text,Image URL,Tags,Posting Time`; `YYYY-MM-DD HH:mm`; the
  link, which Buffer has no column for, is appended to the text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.domain.items import Post, PostStatus
from app.domain.zones import UTC
from app.exchange.csv_format import neutralise

FORMATS = ("hootsuite", "buffer")
BUFFER_HEADER = ("Text", "Image URL", "Tags", "Posting Time")
_HANDED_OFF = frozenset({PostStatus.IDEA, PostStatus.DRAFT, PostStatus.SCHEDULED})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class HandOffFile:
    """One file for one profile: where it goes, what it holds, how many posts."""

    platform: str
    account: str | None
    name: str
    text: str
    posts: int
    neutralised: int = 0  # posts whose cells got a leading ' (the scheduler would publish it)

    @property
    def profile(self) -> str:
        return self.platform + (f" ({self.account})" if self.account else "")


def hands_off(post: Post) -> bool:
    """Whether a post still needs publishing by the scheduler, and has something to say."""
    return post.status in _HANDED_OFF and bool(post.text.strip() or post.link.strip())


def file_name(fmt: str, label: str, platform: str, account: str | None) -> str:
    """`presence-2026-W48-hootsuite-x-slowroads.csv`: safe on every file system."""
    parts = ["presence", label, fmt, platform] + ([account] if account else [])
    return "-".join(_UNSAFE.sub("-", p).strip("-") or "_" for p in parts) + ".csv"


def _write(rows: list[list[str]], header: tuple[str, ...] | None, bom: bool,
           safe: bool) -> tuple[str, int]:
    """The file's text, and how many rows had a cell neutralised."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    changed = 0
    for row in rows:
        cells = [neutralise(cell) for cell in row] if safe else row
        changed += cells != row
        writer.writerow(cells)
    return out.getvalue(), changed


def handed_text(post: Post) -> str:
    """What a scheduler gets as the message: a thread's first part (neither bulk format has
    threads; the user adds the other parts as replies there, and is told so)."""
    return post.parts[0] if post.is_thread else post.text


def hootsuite_row(post: Post, zone: ZoneInfo) -> list[str]:
    at = post.start.astimezone(zone)
    return [at.strftime("%d/%m/%Y %H:%M"), handed_text(post), post.link]


def buffer_row(post: Post, zone: ZoneInfo) -> list[str]:
    at = post.start.astimezone(zone)
    text = handed_text(post)
    if post.link and post.link not in text:
        text = f"{text}\n\n{post.link}" if text else post.link
    return [text, "", ",".join(post.tags), at.strftime("%Y-%m-%d %H:%M")]


def hand_off(
    fmt: str, posts: Iterable[Post], zone: ZoneInfo, label: str, *, bom: bool = False,
    safe: bool = True,
) -> list[HandOffFile]:
    """One file per platform and account, in platform then account order.

    `safe` neutralises formula cells for whoever opens the file in a spreadsheet; the
    scheduler itself would then publish the leading `'`, hence the count in each file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown scheduler format {fmt!r}")
    groups: dict[tuple[str, str], list[Post]] = {}
    for post in posts:
        if hands_off(post):
            groups.setdefault((post.platform, post.account or ""), []).append(post)
    files = []
    for (platform, account), group in sorted(groups.items()):
        group.sort(key=lambda p: (p.start.astimezone(UTC), p.id or 0))
        if fmt == "hootsuite":
            text, changed = _write([hootsuite_row(p, zone) for p in group], None, bom, safe)
        else:
            text, changed = _write([buffer_row(p, zone) for p in group], BUFFER_HEADER, bom, safe)
        files.append(HandOffFile(platform, account or None, file_name(fmt, label, platform, account),
                                 text, len(group), changed))
    return files
