"""Hand-off files for the scheduler that will publish: Hootsuite and Buffer bulk CSVs.

Both tools take one file per social profile, so the posts are split by platform and
account. Only posts ready to publish go out (`select_posts`): scheduled ones, and drafts
and ideas only when asked; never slots, skipped or posted posts, posts with nothing to say,
or posts the platform would refuse as too long (unless forced), and each post left out for
a reason the user should act on is named with that reason. Times are written as
wall-clock times in one zone (the user's), the zone the scheduler's profile must be set
to; cells that a spreadsheet would run as a formula get a leading `'` as in the Presence
CSV.

- Hootsuite bulk composer: no header; `dd/mm/yyyy HH:MM` (24 h), message, link.
- Buffer bulk upload: header `Text,Image URL,Tags,Posting Time`; `YYYY-MM-DD HH:mm`; the
  link, which Buffer has no column for, is appended to the text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from app.domain.items import Post, PostStatus
from app.domain.platforms import Platform
from app.domain.zones import UTC
from app.exchange.csv_format import neutralise

FORMATS = ("hootsuite", "buffer")
BUFFER_HEADER = ("Text", "Image URL", "Tags", "Posting Time")
_HANDED_OFF = frozenset({PostStatus.IDEA, PostStatus.DRAFT, PostStatus.SCHEDULED})
# Letters of any script stay (a Cyrillic handle keeps its name); separators and controls go.
_UNSAFE = re.compile(r"[^\w.-]+")


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


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A post that would have gone out but does not, and why (one line for the user)."""

    post: Post
    reason: str


@dataclass(frozen=True, slots=True)
class Selection:
    """The posts to hand off, those left out for a reason, and how many drafts stayed home."""

    posts: list[Post]
    left_out: list[LeftOut]
    drafts_held: int = 0  # drafts and ideas not asked for
    empty: int = 0  # scheduled posts with no text and no link

    def notes(self, platforms: Mapping[str, Platform], *, drafts_hint: str, force_hint: str) -> list[str]:
        """What the user is told about posts not handed off, one line each."""
        lines = [f"left out {describe(item.post, platforms)}: {item.reason} ({force_hint})"
                 for item in self.left_out]
        if self.drafts_held:
            n = self.drafts_held
            lines.append(f"{n} {'draft or idea was' if n == 1 else 'drafts and ideas were'} not "
                         f"handed off ({drafts_hint} adds them)")
        for post in self.posts:
            if post.is_thread:
                n = len(post.parts)
                rest = "part 2" if n == 2 else f"parts 2 to {n}"
                lines.append(f"{describe(post, platforms)} is a thread of {n}: only its first part is "
                             f"in the file; add {rest} as replies in the scheduler")
        if self.empty:
            n = self.empty
            lines.append(f"{n} {'post has' if n == 1 else 'posts have'} no text and no link and "
                         f"{'was' if n == 1 else 'were'} not handed off")
        return lines


def describe(post: Post, platforms: Mapping[str, Platform]) -> str:
    """A post as a user finds it in the week: platform, account, day, time, first words."""
    platform = platforms.get(post.platform)
    name = platform.name if platform else post.platform
    who = f" ({post.account})" if post.account else ""
    words = " ".join(post.text.split())
    words = words if len(words) <= 40 else words[:39].rstrip() + "…"
    what = f' "{words}"' if words else (f" {post.link}" if post.link else "")
    return f"{name}{who} {post.start.strftime('%a %d %b %H:%M')}{what}"


def select_posts(posts: Iterable[Post], platforms: Mapping[str, Platform], *,
                 include_drafts: bool = False, force: bool = False) -> Selection:
    """The posts a scheduler should publish: scheduled ones (and drafts and ideas when
    asked) with something to say, and not longer than their platform takes unless forced."""
    from app.rules.text_length import count_length, is_too_long

    wanted = _HANDED_OFF if include_drafts else frozenset({PostStatus.SCHEDULED})
    chosen: list[Post] = []
    left_out: list[LeftOut] = []
    drafts = empty = 0
    for post in posts:
        if post.status not in _HANDED_OFF:
            continue  # posted, skipped: nothing left to publish
        if post.status not in wanted:
            drafts += 1
            continue
        if not (post.text.strip() or post.link.strip()):
            empty += post.status is PostStatus.SCHEDULED  # an empty idea is no news
            continue
        platform = platforms.get(post.platform)
        if not force and platform is not None and is_too_long(handed_text(post), post.link, platform):
            length = count_length(handed_text(post), post.link, platform)
            left_out.append(LeftOut(post, (
                f"{length} characters as {platform.name} counts them, over its limit of "
                f"{platform.text_limit}, so {platform.name} would refuse it")))
            continue
        chosen.append(post)
    return Selection(chosen, left_out, drafts, empty)


def file_name(fmt: str, label: str, platform: str, account: str | None) -> str:
    """`presence-2026-W48-hootsuite-x-slowroads.csv`: safe on every file system, and one
    file per profile: a name part that had to change (`ana/lopes`, `ana lopes`) carries a
    short digest of the original, so two handles never share a file."""
    parts = ["presence", label, fmt, platform] + ([account] if account else [])
    return "-".join(_safe_part(p) for p in parts) + ".csv"


def _safe_part(part: str) -> str:
    safe = _UNSAFE.sub("-", part).strip("-.")
    if safe == part:
        return part
    digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe}-{digest}" if safe else digest


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
    return _apart_by_case(files)


def _apart_by_case(files: list[HandOffFile]) -> list[HandOffFile]:
    """Names that differ only by case (`Ana`, `ana`) are one file on macOS's and Windows'
    file systems: each of them gets a digest of its account, so no profile overwrites another."""
    seen: dict[str, int] = {}
    for f in files:
        seen[f.name.casefold()] = seen.get(f.name.casefold(), 0) + 1
    out = []
    for f in files:
        if seen[f.name.casefold()] > 1 and f.account:
            digest = hashlib.sha256(f.account.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            f = replace(f, name=f"{f.name[:-4]}-{digest}.csv")
        out.append(f)
    return out
