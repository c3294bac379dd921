"""`presence checklist`: the printable one-page weekly checklist, as PDF or HTML, headless."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.common import fail, open_repository, parse_week

SUFFIXES = (".pdf", ".html", ".htm")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="FILE.pdf or FILE.html")
    parser.add_argument("--paper", choices=("a4", "letter"),
                        help="paper size (default: the locale's, Letter in the Americas, else A4)")


def run(args: argparse.Namespace) -> int:
    target = Path(args.output)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        fail(f"{target}: the checklist is written as .pdf or .html, not {suffix or 'no suffix'}")
    if not target.parent.is_dir():
        fail(f"{target}: folder {target.parent} does not exist")
    # Before anything touches Qt: draw offscreen, the command shows no window.
    from app.exchange.checklist_print import ensure_gui, paper_for

    ensure_gui(headless=True)
    from app.services.export import checklist_builder

    paper = {"a4": "A4", "letter": "Letter"}.get(args.paper or "", "") or paper_for()
    with open_repository(args.db, readonly=True) as repo:
        build = checklist_builder(repo, parse_week(repo, args.week), paper)
    if suffix == ".pdf":
        _write_pdf(target, build, paper)
    else:
        from app.cli.export_cmd import write_atomically

        write_atomically(target, build(None))
    return 0


def _write_pdf(target: Path, build: Callable[[int | None], str], paper: str) -> None:
    import os
    import tempfile

    from app.exchange.checklist_print import write_pdf
    from app.exchange.files import usual_mode

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".pdf", dir=target.parent)
    os.close(fd)
    try:
        write_pdf(Path(tmp), build, paper)
        if os.path.getsize(tmp) == 0:
            fail(f"{target}: the PDF could not be written")
        os.chmod(tmp, usual_mode())
        os.replace(tmp, target)
    except OSError as exc:
        fail(f"{target}: cannot write ({exc.strerror})")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
