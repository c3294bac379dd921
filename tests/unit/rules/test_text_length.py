"""Counting as each platform counts: X weights, Mastodon URLs, Bluesky graphemes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.platforms import BUILTIN_BY_ID
from app.rules.text_length import count_length, grapheme_count, graphemes

X, MASTODON, BLUESKY, LINKEDIN = (BUILTIN_BY_ID[p] for p in ("x", "mastodon", "bluesky", "linkedin"))
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # man, woman, girl joined by ZWJ
FLAG_PT = "\U0001F1F5\U0001F1F9"
THUMBS_MEDIUM = "\U0001F44D\U0001F3FD"
KEYCAP_ONE = "1\ufe0f\u20e3"
LONG_URL = "https://www.slowroads.blog/lisbon-on-foot/seven-walks-and-where-to-rest?utm_source=x"


@pytest.mark.parametrize(("text", "link", "expected"), [
    ("Lisbon on foot", "", 14),
    ("日本語の地名", "", 12),  # CJK weighs 2
    ("café", "", 4),
    ("cafe\u0301", "", 4),  # normalised to NFC first, as X does
    ("\u201cquoted\u201d \u2014 dash", "", 15),  # general punctuation weighs 1
    ("\U0001F44D", "", 2),
    (FAMILY, "", 2),  # a ZWJ sequence is one emoji
    (FLAG_PT, "", 2),
    (THUMBS_MEDIUM, "", 2),
    (f"Read {LONG_URL} now", "", 5 + 23 + 4),
    ("Read slowroads.blog/lisbon now", "", 5 + 23 + 4),  # a bare domain is a link too
    ("Seven walks.", LONG_URL, 12 + 1 + 23),  # the link field goes after the text
    (f"Seven walks: {LONG_URL}", LONG_URL, 13 + 23),  # already in the text: once
    ("", LONG_URL, 23),
])
def test_x_weighted_length(text: str, link: str, expected: int) -> None:
    assert count_length(text, link, X) == expected


@pytest.mark.parametrize(("text", "link", "expected"), [
    ("Hello", "", 5),
    (f"New: {LONG_URL}", "", 5 + 23),
    ("Thanks @ana@travel.social!", "", len("Thanks @ana!")),
    ("\U0001F44D", "", 1),  # code points, not weights
    ("Seven walks.", LONG_URL, 12 + 1 + 23),
    ("write to ana@example.com", "", 24),  # an e-mail address is not a mention
])
def test_mastodon_length(text: str, link: str, expected: int) -> None:
    assert count_length(text, link, MASTODON) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("plain ascii", 11),
    ("line\r\nbreak", 10),
    (FAMILY, 1),
    (FLAG_PT + "\U0001F1E7\U0001F1F7", 2),  # two flags, not one and a half
    ("\U0001F1F5" * 3, 2),  # an odd regional indicator stands alone
    (THUMBS_MEDIUM, 1),
    (KEYCAP_ONE, 1),
    ("\u2764\ufe0f", 1),  # heart with variation selector
    ("e\u0301\u0302", 1),  # stacked combining marks
    ("한국어", 3),
    ("\u1100\u1161\u11a8", 1),  # Hangul jamo make one syllable
    ("a" + FAMILY + "b", 3),
    ("\U0001F3F3\ufe0f\u200d\U0001F308", 1),  # rainbow flag
])
def test_bluesky_counts_graphemes(text: str, expected: int) -> None:
    assert grapheme_count(text) == expected
    assert count_length(text, "", BLUESKY) == expected
    assert "".join(graphemes(text)) == text


def test_bluesky_link_field_is_a_card_and_others_count_characters() -> None:
    assert count_length("Walks", LONG_URL, BLUESKY) == 5
    assert count_length(FAMILY, LONG_URL, LINKEDIN) == len(FAMILY) == 5


def test_limits_are_the_platforms() -> None:
    limits = {p.id: p.text_limit for p in BUILTIN_BY_ID.values()}
    assert limits == {
        "x": 280, "bluesky": 300, "mastodon": 500, "threads": 500, "linkedin": 3000,
        "instagram": 2200, "facebook": 63206, "pinterest": 500, "tiktok": 2200,
        "youtube": 5000, "reddit": 40000,
    }


def _x_reference(text: str) -> int:
    """X's weight the slow way: cluster by cluster, an emoji cluster weighing 2 in all."""
    total = 0
    for cluster in graphemes(unicodedata.normalize("NFC", text)):
        first = ord(cluster[0])
        emoji = (0x1F300 <= first <= 0x1FAFF or 0x2600 <= first <= 0x27BF
                 or 0x1F1E6 <= first <= 0x1F1FF or "\u20e3" in cluster)
        if emoji:
            total += 2
            continue
        for char in cluster:
            cp = ord(char)
            light = (cp <= 0x10FF or 0x2000 <= cp <= 0x200D or 0x2010 <= cp <= 0x201F
                     or 0x2032 <= cp <= 0x2037)
            total += 1 if light else 2
    return total


_PIECES = st.sampled_from([
    "a", "Z", " ", "é", "e\u0301", "\u201c", "\u2014", "語", "한", "1\ufe0f\u20e3", "#\u20e3",
    "\U0001F44D", THUMBS_MEDIUM, "\U0001F1F5", "\U0001F1F9", FAMILY, "\u2764\ufe0f", "\U0001F308",
])


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_x_weight_matches_the_cluster_by_cluster_count(text: str) -> None:
    assert count_length(text, "", X) == _x_reference(text)


_MIXED = st.sampled_from([
    "a", " ", "\r\n", "\n", "é", "e\u0301", "語", "か", "\u3099", "ｶ", "\uff9e", "한", "\u1100\u1161",
    "Ж", "\u0483", "Ω", "\u200d", "\u200c", "\u2014", "\u2026", "न", "\u094d", "\U0001F1F5", FAMILY,
    "\U0001F44D", "\U0001F3FD", "\u2764", "\ufe0f", "\u2728", "\u20e3", "1",
])


@given(st.lists(_MIXED, max_size=40).map("".join))
def test_the_quick_grapheme_count_agrees_with_unicodes_rules(text: str) -> None:
    import regex

    assert grapheme_count(text) == len(regex.findall(r"\X", text))


@given(st.lists(st.one_of(_PIECES, _MIXED, st.sampled_from([
    " https://slowroads.blog/a", " t.co", "x.com/y", "\u00a9", "\u00a9\ufe0f", "\u203c", "\u203c\ufe0f",
    "\u2122\ufe0f", "#\ufe0f\u20e3", "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
])), max_size=30).map("".join))
def test_the_quick_x_count_agrees_with_the_full_parse(text: str) -> None:
    from app.rules.text_length import x_parse

    assert count_length(text, "", X) == x_parse(text).weighted_length
