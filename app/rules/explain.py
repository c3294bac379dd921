"""Plain words for the rules: a name a blogger would use and the reasoning behind each.

The window's findings panel ("Why?"), its Help and `presence lint` read these, so no one
has to learn `promo-ratio` to understand the advice. Each explanation carries the reasoning
of the seed the rule comes from (SPEC section 3), told in our own words.
"""

from __future__ import annotations

from app.rules.findings import Severity
from app.rules.settings import RULE_IDS

# The word a user reads for each severity ("note", not "info": nothing is wrong with it).
SEVERITY_WORDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}

RULE_NAMES: dict[str, str] = {
    "promo-ratio": "Too much self-promotion",
    "link-repeat": "Same link again too soon",
    "link-burst": "Same link in a burst",
    "post-burst": "Too many posts at once",
    "no-engagement": "No time kept to answer",
    "engagement-gap": "Promo day without time to answer",
    "curation-balance": "More of your own than of others'",
    "bare-reshare": "Shares without a word of your own",
    "echo-only": "Only echoing others",
    "text-limit": "Too long for the platform",
    "daily-cap": "Over the daily cap",
    "account-mix": "Promo from a personal account",
    "cross-blast": "One link blasted everywhere",
    "goal-shortfall": "Goal not met",
    "hashtag-limit": "Too many hashtags",
    "link-limit": "Too many links",
    "first-comment": "First comment too long",
    "alt-text": "Image without alt text",
}

_EXPLANATIONS: dict[str, str] = {
    "promo-ratio": (
        "People come to social media to talk, not to be sold to. Selling happens long after "
        "the conversation, when someone who knows you needs what you offer, the way an "
        "insurance agent meets people at the club and talks business only when they call. "
        "A timeline that is mostly your own offers reads as spam and teaches followers to "
        "scroll past you. Keep promotion to a small share of each platform's week (one in "
        "three by default; the 80/20 and 4-1-1 presets are stricter) and fill the rest with "
        "useful work of your own and of others."
    ),
    "link-repeat": (
        "A link shared once is news; the same link again a day later on the same platform "
        "mostly reaches the same people, who notice. Bloggers who are read share a post "
        "once, or days apart, and let the followers who liked it pass it on. Give a link at "
        "least three days before it comes back on a platform, or share something else then."
    ),
    "link-burst": (
        "Posting the same link several times within an hour is what followers drop people "
        "for: one well-known account sent the same link six or seven times an hour one "
        "morning and was called a spammer for it, whatever else he shared. It does not "
        "reach more people; it annoys the ones it reaches. Keep one post and drop the rest."
    ),
    "post-burst": (
        "A wall of posts within the hour fills your followers' timelines and buries "
        "everyone else in it, which is how automated accounts behave. Spread posts out, "
        "leave time between them to read and answer what comes back, and your posts are "
        "seen as part of a conversation rather than a broadcast."
    ),
    "no-engagement": (
        "Social media is a dialogue, not a megaphone: the most important skill on it is "
        "listening. Being an active member, voting for and sharing other people's work and "
        "answering those who answer you, is what earns you their attention when you have "
        "something to share. If you post on a platform but never keep time there to reply, "
        "comment and read others, nobody has a reason to read you either. A short slot after "
        "you post is a start."
    ),
    "engagement-gap": (
        "The day you promote something is the day people are most likely to ask about it, "
        "object or share it. If no one is there to answer, the promotion is a monologue and "
        "the questions go cold. Keep time on that platform that day, after the promo post, "
        "to reply to what it brings in."
    ),
    "curation-balance": (
        "Give more than you take: those who are followed share as much of others' work as "
        "of their own, or more. Pointing to good work by people you follow builds the "
        "relationships that later make them share yours, and it keeps your timeline worth "
        "reading when you have nothing new. This is a note, judged over the week once a "
        "platform has a few posts."
    ),
    "bare-reshare": (
        "A share with a line of your own on why it is worth reading is what starts a "
        "conversation; a bare link is just noise passed along. Add a comment to at least "
        "half of what you share, as bloggers who are read do. This is a note, not a fault."
    ),
    "echo-only": (
        "The opposite mistake: accounts that only retweet others, or only post quotes, "
        "get dropped too, because followers never learn who is sharing or what they think. "
        "Mix in work of your own or a question to your readers so there is a person behind "
        "the shares."
    ),
    "text-limit": (
        "Each platform is used in its own way and has its own limits, and a post written for "
        "one does not fit another. A post longer than the platform allows will be refused "
        "or cut off, counted the way that platform counts (X weighs each link as 23 "
        "characters and emoji as 2). Cut it or write it as a short thread."
    ),
    "daily-cap": (
        "Followers on each platform read only so much from one account a day: a handful of "
        "posts on X or Mastodon, one or two on LinkedIn or Facebook, one on Instagram. Past "
        "that, the extra posts push each other out of view and start to look like spam. "
        "Move the extra ones to a quieter day; the caps are set per platform."
    ),
    "account-mix": (
        "Keep separate accounts for business and private use. A pitch from a personal "
        "account reads like a friend suddenly selling to you, the kind of direct message "
        "from strangers that makes people block accounts. Post promotion from your business "
        "account, or tell it as a personal story rather than a sales line."
    ),
    "cross-blast": (
        "Every platform is different and is best used the way it is meant to be used. The "
        "same link sent to three or more platforms within minutes is one message for all, "
        "written for none, and followers who see you in several places get it several "
        "times at once. Stagger it and write each post for its platform's readers."
    ),
    "goal-shortfall": (
        "Social media is not a cure-all: you need a plan and measurable goals to know "
        "whether the time pays off. A goal you set for the week (comment on ten posts, at "
        "most two promotions) is checked against what is planned, so you see a shortfall "
        "while there is still time to plan for it."
    ),
    "hashtag-limit": (
        "Each platform is used in its own way, and some cap what a post may carry: Instagram "
        "takes at most five hashtags a post since December 2025, and a post with more is "
        "refused. A few tags that say what the post is about reach the people who follow "
        "them; a wall of tags reads as a grab for reach. The limit is set per platform."
    ),
    "link-limit": (
        "Threads takes at most five links in a post. A post that points everywhere points "
        "nowhere: one or two links with a line on why each is worth a click serve readers "
        "better. The limit is set per platform."
    ),
    "first-comment": (
        "On Instagram, Facebook and LinkedIn many bloggers put the link or the extra words in "
        "a first comment under their own post. A comment has its own limit (Instagram 2,200 "
        "characters, Facebook 8,000, LinkedIn 1,250), and one that is too long is refused when "
        "you post it. Cut it to fit."
    ),
    "alt-text": (
        "An image without a description is invisible to readers who use a screen reader, and "
        "on Mastodon many people skip or do not boost images without one. A sentence on what "
        "the image shows, written when you plan the post, is all it takes. This is a note."
    ),
}

assert set(RULE_NAMES) == set(RULE_IDS) == set(_EXPLANATIONS)


def rule_name(rule_id: str) -> str:
    """The human name of a rule, or its id for one we do not know."""
    return RULE_NAMES.get(rule_id, rule_id)


def explanation(rule_id: str) -> str:
    """One paragraph on why the rule exists; KeyError for an unknown rule id."""
    return _EXPLANATIONS[rule_id]
