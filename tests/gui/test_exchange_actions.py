"""File > Export, Import and Print as the user meets them, with the file dialogs answered."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.domain.weeks import Week
from app.exchange.csv_format import HEADER
from app.services.demo import fill_demo
from app.storage.repository import Repository
from app.ui import exchange_actions
from app.ui.exchange_actions import (
    ExportDialog,
    ImportErrorsDialog,
    export_dialog,
    import_dialog,
    preview_dialog,
    print_checklist,
)

pytestmark = pytest.mark.gui
WEEK = Week.parse("2026-W48", ZoneInfo("Europe/Berlin"))


@pytest.fixture
def demo(repo: Repository) -> Repository:
    fill_demo(repo, WEEK)
    return repo


def answer_export(monkeypatch: pytest.MonkeyPatch, fmt: str, bom: bool = False) -> None:
    def fake_exec(self: ExportDialog) -> int:
        self.set_format(fmt)
        self.bom_box.setChecked(bom)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)


def test_the_export_dialog_offers_a_bom_for_csv_but_not_for_ics(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(None, WEEK)
    qtbot.addWidget(dialog)
    assert dialog.bom_box.isEnabled()
    dialog.bom_box.setChecked(True)
    dialog.set_format("ics")
    assert not dialog.bom_box.isEnabled()
    assert dialog.options().bom is False
    assert "updates the events" in dialog.about.text()
    dialog.set_format("buffer")
    dialog.weeks_box.setValue(2)
    assert dialog.options() == exchange_actions.ExportOptions("buffer", 2, True, True)
    dialog.safe_box.setChecked(False)
    assert dialog.options().safe is False
    dialog.set_format("csv")
    assert not dialog.safe_box.isEnabled() and dialog.options().safe is True


def test_export_csv_with_bom_where_the_user_says(
    qtbot, demo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "mine.csv"
    answer_export(monkeypatch, "csv", bom=True)
    asked: list[str] = []

    def save(parent, caption, name, filters):  # type: ignore[no-untyped-def]
        asked.append(name)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    written = export_dialog(None, demo, WEEK)
    assert written == [target]
    assert [Path(name).name for name in asked] == ["presence-2026-W48.csv"]
    assert target.read_bytes().startswith(("\ufeff" + HEADER).encode())


def test_export_hootsuite_asks_for_a_folder_and_fills_it(
    qtbot, demo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    answer_export(monkeypatch, "hootsuite")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    written = export_dialog(None, demo, WEEK)
    assert written is not None and len(written) == 4  # scheduled posts only
    assert sorted(p.name for p in tmp_path.glob("presence-2026-W48-hootsuite-*.csv")) == sorted(
        p.name for p in written)
    # The drafts and ideas that stayed home are not a silent surprise.
    assert told == ["Written. Not handed off:\n• 4 drafts and ideas were not handed off "
                    "(ticking \u201cHand off drafts and ideas too\u201d adds them)."]


def test_export_with_drafts_names_the_post_too_long_for_its_platform(
    qtbot, demo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    def fake_exec(self: ExportDialog) -> int:
        self.set_format("buffer")
        self.drafts_box.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    written = export_dialog(None, demo, WEEK)
    assert written is not None and "presence-2026-W48-buffer-x-ana-personal.csv" not in {
        p.name for p in written}
    [message] = told
    assert "X (ana-personal) Fri 27 Nov 18:00" in message
    assert "361 characters as X counts them, over its limit of 280" in message


def test_cancelling_the_file_dialog_writes_nothing(
    qtbot, demo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    answer_export(monkeypatch, "ics")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert export_dialog(None, demo, WEEK) is None
    assert list(tmp_path.glob("*.ics")) == []


def test_a_name_without_suffix_gets_the_format_s(
    qtbot, demo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    answer_export(monkeypatch, "ics")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "my week"), ""))
    assert export_dialog(None, demo, WEEK) == [tmp_path / "my week.ics"]
    assert (tmp_path / "my week.ics").read_text("utf-8").startswith("BEGIN:VCALENDAR")


def test_a_bad_file_lists_every_bad_row_by_line_and_imports_nothing(
    qtbot, repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("\r\n".join([
        HEADER,
        "post,2026-11-24,09:00,Europe/Berlin,x,,own,scheduled,,,Fine,,,",
        "post,2026-11-31,09:00,Europe/Berlin,x,,own,scheduled,,,Bad date,,,",
        "slot,2026-11-25,25:00,Europe/Berlin,myspace,,reply,,20,,,,,",
    ]) + "\r\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    shown: list[list[tuple[int, str, str]]] = []

    def fake_exec(self: ImportErrorsDialog) -> int:
        qtbot.addWidget(self)
        shown.append(self.rows())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ImportErrorsDialog, "exec", fake_exec)
    assert import_dialog(None, repo) is None
    (rows,) = shown
    assert [(line, field) for line, field, _ in rows] == [
        (3, "date"), (4, "time"), (4, "platform")]
    assert "myspace" in rows[2][2]
    assert repo.count() == 0


def test_a_good_file_is_imported_and_reported(
    qtbot, repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\r\npost,2026-11-24,09:00,Europe/Berlin,x,,own,scheduled,,,Hi,,,\r\n",
                    encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    imported = import_dialog(None, repo)
    assert imported is not None and imported[0] == "good.csv" and imported[1].added == 1
    assert repo.count() == 1
    assert told == ["Imported 1 item from good.csv."]  # not "item(s)"


# The offscreen platform says it cannot propagate size hints when a dialog is shown.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_print_preview_paints_the_checklist(qtbot, demo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = preview_dialog(None, demo, WEEK)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.paintRequested, timeout=5000):
        dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 1)
    dialog.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_print_sends_one_page_to_the_chosen_printer(
    qtbot, demo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "printed.pdf"

    def choose_pdf(self: QPrintDialog) -> int:
        printer: QPrinter = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf)
    assert print_checklist(None, demo, WEEK, preview=False) is True
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Week 2026-W48" in text and "Goals this week" in text
