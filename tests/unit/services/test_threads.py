"""Splitting into a thread (the quick fix of text-limit) and copying to another platform."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.items import Post, PostKind, PostStatus
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.weeks import Week
from app.rules.engine import lint
from app.rules.settings import RuleSettings
from app.rules.text_length import count_length
from app.services import edits
from app.services.advice import advise
from app.services.threads import copy_to_platform, split_thread_text
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)
X, BLUESKY, LINKEDIN = (BUILTIN_BY_ID[p] for p in ("x", "bluesky", "linkedin"))
SENTENCE = "Lisbon on foot is a city of hills, trams and viewpoints worth the climb. "


def test_a_600_weight_x_post_is_split_by_its_quick_fix(repo: Repository) -> None:
    text = (SENTENCE * 8).strip() + " Go slow, 語語語."  # 583 + 17: CJK weighs 2
    assert count_length(text, "", X) == 600
    post = repo.add(Post("x", datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), PostKind.OWN, text=text))
    advice = advise(repo.load_plan(WEEK), RuleSettings())
    (entry,) = [e for e in advice.entries if e.finding.rule == "text-limit"]
    fix = advice.fix(entry.key)
    assert fix is not None and fix.label == "Split it into a thread of 3 parts, at sentence ends"
    edits.apply_fix(repo, fix.added, fix.updated)
    stored = repo.get(post.id or 0)
    assert isinstance(stored, Post) and len(stored.parts) == 3
    assert all(count_length(part, "", X) <= 280 for part in stored.parts)
    assert all(part.endswith(".") for part in stored.parts)  # cut at sentence ends
    assert " ".join(stored.parts) == text  # nothing lost, nothing added
    assert [f for f in lint(repo.load_plan(WEEK)) if f.rule == "text-limit"] == []


def test_a_sentence_longer_than_a_part_is_cut_between_words() -> None:
    words = " ".join(["walk"] * 150)  # one sentence of 749 characters
    parts = split_thread_text(words, "", X)
    assert parts is not None and len(parts) == 3
    assert all(p.split() == ["walk"] * len(p.split()) for p in parts)
    assert all(count_length(p, "", X) <= 280 for p in parts)


def test_numbered_parts_fit_with_their_numbers() -> None:
    parts = split_thread_text(SENTENCE * 8, "https://slowroads.blog/lisbon", X, numbered=True)
    assert parts is not None and [p[-3:] for p in parts] == ["1/3", "2/3", "3/3"]
    assert count_length(parts[0], "https://slowroads.blog/lisbon", X) <= 280
    assert all(count_length(p, "", X) <= 280 for p in parts[1:])


def test_bluesky_parts_fit_in_graphemes_and_bytes() -> None:
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one grapheme, 18 bytes
    parts = split_thread_text(" ".join([family * 5] * 100), "", BLUESKY)
    assert parts is not None and len(parts) > 1
    assert all(len(p.encode()) <= 3000 and count_length(p, "", BLUESKY) <= 300 for p in parts)


def test_a_long_linkedin_post_copied_to_x_becomes_a_thread_proposal() -> None:
    post = Post("linkedin", datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), PostKind.PROMO,
                PostStatus.SCHEDULED, text=SENTENCE * 12, link="https://slowroads.blog/course",
                account="ana-lopes", id=7, first_comment="Sign up below.", has_image=True)
    copy = copy_to_platform(post, X)
    assert copy.post.platform == "x" and copy.post.id is None and copy.post.account is None
    assert copy.post.status is PostStatus.DRAFT and copy.post.has_image and copy.post.first_comment
    assert len(copy.post.parts) == 4
    assert copy.note == "Copied to X as a thread of 4 parts, each within its 280."
    back = copy_to_platform(copy.post, LINKEDIN)
    assert back.post.parts == (back.post.text,) and "\n---\n" not in back.post.text
    assert back.note == "Copied to LinkedIn, the thread's parts joined into one post."
