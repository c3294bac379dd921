"""The platforms' own public test suites, run against Presence's counters.

The cases are kept as data under tests/conformance/data/, each file naming the repository,
path and commit it was taken from: twitter-text's `conformance/validate.yml` (its three
weighted-length groups), atproto's grapheme-length tests, and Mastodon's
`StatusLengthValidator` spec.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.platforms import BUILTIN_BY_ID
from app.rules.text_length import count_length, grapheme_count, mastodon_length, utf8_length, x_parse

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return loaded


TWITTER = _load("twitter_text_validate.json")
ATPROTO = _load("atproto_graphemes.json")
MASTODON = _load("mastodon_status_length.json")


def _id(case: dict[str, Any]) -> str:
    return f"{case['group']}: {case['description']}"


@pytest.mark.parametrize("case", TWITTER["cases"], ids=_id)
def test_twitter_text_weighted_length(case: dict[str, Any]) -> None:
    parsed = x_parse(case["text"], emoji_parsing=case["config"] == "v3")
    assert parsed.weighted_length == case["weightedLength"]
    assert parsed.valid == case["valid"]
    assert parsed.permillage == case["permillage"]
    assert 0 == case.get("validRangeStart", 0) == case.get("displayRangeStart", 0)
    assert parsed.valid_range_end == case.get("validRangeEnd", parsed.valid_range_end)
    assert parsed.display_range_end == case.get("displayRangeEnd", parsed.display_range_end)


def test_twitter_text_cases_are_all_there() -> None:
    groups = [c["group"] for c in TWITTER["cases"]]
    counts = [groups.count(g) for g in ("WeightedTweetsCounterTest",
                                        "WeightedTweetsWithDiscountedEmojiCounterTest",
                                        "UnicodeDirectionalMarkerCounterTest")]
    assert counts == [20, 22, 2]


@pytest.mark.parametrize("case", ATPROTO["cases"], ids=lambda c: f"{c['file'].split(' ')[0]}: {c['text']!r}")
def test_atproto_grapheme_length(case: dict[str, Any]) -> None:
    text = case["text"]
    count = grapheme_count(text)
    if "graphemes" in case:
        assert count == case["graphemes"]
    if "utf8_bytes" in case:
        assert utf8_length(text) == case["utf8_bytes"]
    if "valid" in case:
        fits = case.get("min_graphemes", 0) <= count <= case.get("max_graphemes", count)
        assert fits == case["valid"]
    # what the Bluesky limit uses is the same count
    assert count_length(text, "", BUILTIN_BY_ID["bluesky"]) == count


def _built(pieces: list[list[Any]]) -> str:
    return "".join(piece * times for piece, times in pieces)


@pytest.mark.parametrize("case", MASTODON["cases"], ids=lambda c: c["it"])
def test_mastodon_status_length_validator(case: dict[str, Any]) -> None:
    text = _built(case["text"])
    spoiler = _built(case.get("spoiler_text", []))
    over = mastodon_length(text, spoiler) > MASTODON["limit"]
    assert over == case["over_limit"]
    if not spoiler:  # the planner's Mastodon counter is the same
        assert (count_length(text, "", BUILTIN_BY_ID["mastodon"]) > 500) == case["over_limit"]


def test_case_counts() -> None:
    assert (len(TWITTER["cases"]), len(ATPROTO["cases"]), len(MASTODON["cases"])) == (44, 65, 10)
    for data in (TWITTER, ATPROTO, MASTODON):
        assert data["source"].startswith("https://github.com/") and len(data["commit"]) == 40


@pytest.mark.parametrize("case", [c for c in TWITTER["cases"] if c["config"] == "v3"], ids=_id)
def test_the_planners_x_counter_gives_the_suites_weight(case: dict[str, Any]) -> None:
    # text-limit counts with the faster segment sum: it must agree with the suite too
    assert count_length(case["text"], "", BUILTIN_BY_ID["x"]) == case["weightedLength"]
