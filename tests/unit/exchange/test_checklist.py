"""The weekly checklist page: what it lists, that user text prints literally, and one page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, time
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Post, PostKind, PostStatus
from app.domain.weeks import Week
from app.domain.zones import local
from app.exchange.checklist import BOX, checklist_html, day_plans, first_chars, week_span
from app.rules.findings import Finding, Severity
from app.services.demo import fill_demo
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


def finding(n: int, message: str = "Add a reply slot on Tuesday after the launch post.") -> Finding:
    return Finding("engagement-gap", Severity.WARNING, "linkedin", date(2026, 11, 24), (n,),
                   message, "Keep 15 minutes to answer comments.")


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_every_day_lists_its_posts_and_slots_and_skipped_posts_are_left_out(repo: Repository) -> None:
    fill_demo(repo, WEEK)
    plan = repo.load_plan(WEEK)
    days = day_plans(plan)
    assert [d.day for d in days] == WEEK.days
    assert sum(len(d.posts) for d in days) == 17  # 18 demo posts, one skipped
    assert all(p.status is not PostStatus.SKIPPED for d in days for p in d.posts)
    assert [o.start.hour for o in days[0].slots] == [8]  # Monday: the Mastodon reply slot
    html = checklist_html(plan, [finding(1)])
    assert html.count(BOX) >= 17 + 8  # a tick box per post and per slot occurrence
    assert "Monday 23 November" in html and "Sunday 29 November" in html
    assert "LinkedIn: comment on posts, at least 10" in html
    assert BOX * 10 in html  # ten blank tally boxes for that goal
    assert "Add a reply slot on Tuesday" in html


def test_user_text_prints_literally(repo: Repository) -> None:
    start = local(date(2026, 11, 24), time(9), BERLIN)
    repo.add(Post("x", start, PostKind.OWN, text="<b>bold</b> & <script>alert(1)</script>"))
    html = checklist_html(repo.load_plan(WEEK), [finding(1, "<i>not italic</i>")])
    assert "<script>" not in html and "<b>bold" not in html and "<i>not italic" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;not italic&lt;/i&gt;" in html


def test_first_words_are_cut_at_a_word() -> None:
    assert first_chars("short") == "short"
    cut = first_chars("word " * 40)
    assert cut.endswith("…") and len(cut) <= 71 and "  " not in cut


def test_findings_can_be_capped_with_a_count_of_the_rest(repo: Repository) -> None:
    html = checklist_html(repo.load_plan(WEEK), [finding(i) for i in range(9)], max_findings=4)
    assert text_of(html).count("Add a reply slot") == 4
    assert "and 5 more" in html


def test_without_the_rules_the_page_says_so(repo: Repository) -> None:
    assert "could not be checked" in checklist_html(repo.load_plan(WEEK), None)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo (poppler-utils)")
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_full_demo_week_with_many_findings_fits_one_page(
    repo: Repository, tmp_path: Path, paper: str, qapp: object
) -> None:
    from app.exchange.checklist_print import write_pdf

    fill_demo(repo, WEEK)
    plan = repo.load_plan(WEEK)
    findings = [finding(i, f"Finding number {i}: add a reply slot after the launch post.")
                for i in range(30)]
    target = tmp_path / "week.pdf"
    write_pdf(target, lambda cap: checklist_html(plan, findings, paper=paper, max_findings=cap),
              paper)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    assert ("A4" if paper == "A4" else "letter") in info.stdout
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Week 2026-W48" in text and "Sunday 29 November" in text
    assert "Goals this week" in text
    assert "Finding number 0:" in text  # the most important findings are kept


def test_paper_follows_the_locale(qapp: object) -> None:
    from PySide6.QtCore import QLocale

    from app.exchange.checklist_print import paper_for

    assert paper_for(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "Letter"
    assert paper_for(QLocale(QLocale.Language.French, QLocale.Country.Canada)) == "Letter"
    assert paper_for(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "A4"
    assert paper_for(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)) == "A4"


def test_the_week_span_reads_naturally() -> None:
    assert week_span(date(2026, 11, 23), date(2026, 11, 29)) == "23–29 November 2026"
    assert week_span(date(2026, 11, 30), date(2026, 12, 6)) == "30 November – 6 December 2026"
    assert week_span(date(2026, 12, 28), date(2027, 1, 3)) == "28 December 2026 – 3 January 2027"


def test_reminders_are_the_problems_the_panel_shows_not_every_finding(repo: Repository) -> None:
    from app.rules.engine import lint
    from app.rules.settings import RuleSettings
    from app.services.advice import advise
    from app.services.export import open_findings

    fill_demo(repo, WEEK)
    plan = repo.load_plan(WEEK)
    every = lint(plan, RuleSettings.load(repo))
    advice = advise(plan, RuleSettings.load(repo))
    problems = advice.problems()
    assert len(problems) < len(every)  # the demo week has findings folded inside others
    assert open_findings(plan, repo) == [e.finding for e in problems]

    aside = problems[0]
    repo.ignore(aside.key, WEEK.label, aside.finding.rule, aside.finding.message)
    reminders = open_findings(plan, repo)
    assert aside.finding not in reminders
    assert len(reminders) == len(problems) - 1
    assert escape(aside.finding.message) not in checklist_html(plan, reminders)
