"""Threads and copies across platforms (SPEC section 9).

`split_thread_text` cuts an over-long text into parts that each fit the platform, at
sentence ends first, then between words, and only as a last resort inside a word; parts
may be numbered `1/3`. `copy_to_platform` duplicates a post onto another platform,
re-counted there: a long LinkedIn post becomes an X thread proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.items import THREAD_PLATFORMS, Post, join_thread, split_thread
from app.domain.platforms import Platform
from app.rules.compose import part_over

# A sentence ends at . ! ? or … (closing quotes and brackets kept with it) before a space,
# and a paragraph at a blank line.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?\u2026])|(?<=[.!?\u2026][\"'\u201d\u2019)\]]))\s+|\n\s*\n")
_SPACE = re.compile(r"\s+")
NUMBER_ROOM = " 99/99"  # what a part must leave free for its number


def _fits(text: str, link: str, platform: Platform, room: str = "") -> bool:
    return part_over(text + room, link, platform) is None


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The text cut after each match, separators kept at the end of the piece before."""
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(text[position:match.end()])
        position = match.end()
    if position < len(text):
        pieces.append(text[position:])
    return [p for p in pieces if p.strip()]


def _hard_cut(word: str, link: str, platform: Platform, room: str) -> list[str]:
    """A word too long for one part, in the longest pieces that fit (rare: a long URL is 23)."""
    out: list[str] = []
    while word:
        size = len(word)
        while size > 1 and not _fits(word[:size], link, platform, room):
            size -= 1
        out.append(word[:size])
        word = word[size:]
        link = ""
    return out


def split_thread_text(text: str, link: str, platform: Platform, numbered: bool = False) -> list[str] | None:
    """Parts that each fit `platform` (the link field goes with the first), or None when
    the platform has no limit. A text that fits comes back as one part."""
    if platform.text_limit is None:
        return None
    whole = " ".join(part.strip() for part in split_thread(text)).strip()
    room = NUMBER_ROOM if numbered else ""
    if _fits(whole, link, platform, "") and not numbered:
        return [whole]
    parts: list[str] = []
    current = ""

    def place(piece: str) -> bool:
        """Add `piece` to the part being filled, or close that part and start the next with
        it; False when it does not fit even alone (the link goes with the first part)."""
        nonlocal current
        first = not parts
        if _fits((current + piece).strip(), link if first else "", platform, room):
            current += piece
            return True
        if current.strip():
            parts.append(current.strip())
            current = ""
            first = False
        if _fits(piece.strip(), link if first else "", platform, room):
            current = piece
            return True
        return False

    for sentence in _pieces(whole, _SENTENCE_END):
        if place(sentence):
            continue
        for word in _pieces(sentence, _SPACE):  # a sentence too long alone: by words
            if place(word):
                continue
            *whole_pieces, current = _hard_cut(word.strip(), link if not parts else "", platform, room)
            parts.extend(whole_pieces)
    if current.strip():
        parts.append(current.strip())
    if numbered and len(parts) > 1:
        parts = [f"{part} {n}/{len(parts)}" for n, part in enumerate(parts, 1)]
    return parts


@dataclass(frozen=True, slots=True)
class Copy:
    """A post proposed for another platform, and what changed on the way."""

    post: Post
    note: str  # one line for the user: "Split into a thread of 3 parts to fit X's 280."


def copy_to_platform(post: Post, target: Platform, numbered: bool = False) -> Copy:
    """The post duplicated onto `target` as a new post (no id, as an idea to review): a
    thread is joined for a platform without threads, a text too long for a thread
    platform is split into one, and first comment or image marks travel with it."""
    from app.domain.items import PostStatus

    account = None  # accounts belong to one platform
    text = post.text
    note = f"Copied to {target.name}."
    if target.id in THREAD_PLATFORMS:
        parts = split_thread_text(text, post.link, target, numbered)
        if parts is not None and len(parts) > 1:
            text = join_thread(parts)
            note = (f"Copied to {target.name} as a thread of {len(parts)} parts, each within its "
                    f"{target.text_limit:,}.")
        elif parts is not None:
            text = parts[0]
    elif len(split_thread(text)) > 1:
        text = "\n\n".join(part.strip() for part in split_thread(text))
        note = f"Copied to {target.name}, the thread's parts joined into one post."
    status = post.status if post.status in (PostStatus.IDEA, PostStatus.DRAFT) else PostStatus.DRAFT
    copy = post.with_(platform=target.id, text=text, account=account, id=None, status=status)
    return Copy(copy, note)
