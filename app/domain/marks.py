"""What happened to a planned post: when it went out and where, or why it was skipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.items import PostStatus


@dataclass(frozen=True, slots=True)
class PostMark:
    """The record kept beside a post's status `posted` or `skipped`.

    `at` is when it was posted (or when it was set aside), aware; `url` is the published
    post's address when the user gave one; `reason` says why a post was skipped.
    """

    item_id: int
    status: PostStatus
    at: datetime
    url: str = ""
    reason: str = ""
