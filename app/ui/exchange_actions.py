"""File > Export, Import and Print: the window's way out of (and into) Presence.

The main window imports these three functions when the user first picks the action:
`export_dialog`, `import_dialog` and `print_checklist`. They do the same work as
`presence export`, `presence import` and `presence checklist`, with dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.weeks import Week
from app.exchange.csv_format import RowError
from app.services.export import SCHEDULERS, checklist_builder, render, scheduler_files
from app.services.importing import ImportResult
from app.storage.repository import Repository

# format id -> (menu text, file filter, what the user gets)
FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": ("Presence CSV (spreadsheet)", "CSV files (*.csv)",
            "Every post and slot occurrence, one row each; imports back unchanged."),
    "ics": ("iCalendar (.ics)", "iCalendar files (*.ics)",
            "Posts and engagement slots as calendar events; repeating slots keep repeating. "
            "Importing the file again updates the events."),
    "hootsuite": ("Hootsuite bulk CSV", "CSV files (*.csv)",
                  "Scheduled posts, one file per platform and account: date, message, "
                  "link, no header. Posts too long for their platform are left out and named."),
    "buffer": ("Buffer bulk CSV", "CSV files (*.csv)",
               "Scheduled posts, one file per platform and account: Text, Image URL, "
               "Tags, Posting Time. Posts too long for their platform are left out and named."),
}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    fmt: str
    weeks: int
    bom: bool
    safe: bool = True  # schedulers only: a leading ' on text a spreadsheet would run
    include_drafts: bool = False  # schedulers only: drafts and ideas go out too


class ExportDialog(QDialog):
    """The export choices: format, how many weeks, and a byte order mark for Excel."""

    def __init__(self, parent: QWidget | None, week: Week) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {week.label}")
        self.format_box = QComboBox()
        for fmt, (text, _, _) in FORMATS.items():
            self.format_box.addItem(text, fmt)
        self.weeks_box = QSpinBox()
        self.weeks_box.setRange(1, 52)
        self.weeks_box.valueChanged.connect(
            lambda n: self.weeks_box.setSuffix(" week" if n == 1 else " weeks"))
        self.weeks_box.setSuffix(" week")
        self.bom_box = QCheckBox("Add a byte order mark (lets Excel read accents and emoji)")
        self.safe_box = QCheckBox("Put a ' before posts starting with = + - @")
        self.safe_box.setToolTip("Keeps a spreadsheet from running such text as a formula; "
                                 "the scheduler would publish the ' though.")
        self.safe_box.setChecked(True)
        self.drafts_box = QCheckBox("Hand off drafts and ideas too, not only scheduled posts")
        self.about = QLabel()
        self.about.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow(f"&From {week.label}:", self.weeks_box)
        form.addRow("", self.bom_box)
        form.addRow("", self.safe_box)
        form.addRow("", self.drafts_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def _format_changed(self) -> None:
        fmt = self.format_box.currentData()
        self.about.setText(FORMATS[fmt][2])
        self.bom_box.setEnabled(fmt != "ics")
        self.safe_box.setEnabled(fmt in SCHEDULERS)
        self.drafts_box.setEnabled(fmt in SCHEDULERS)

    def set_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    def options(self) -> ExportOptions:
        fmt = str(self.format_box.currentData())
        return ExportOptions(fmt, self.weeks_box.value(), self.bom_box.isChecked() and fmt != "ics",
                             self.safe_box.isChecked() or fmt not in SCHEDULERS,
                             self.drafts_box.isChecked() and fmt in SCHEDULERS)


def export_files(repo: Repository, week: Week, options: ExportOptions,
                 notes: list[str] | None = None) -> list[tuple[str, str]]:
    """(suggested file name, content) of each file the export makes; no dialogs. `notes`
    receives what the user must hear about posts a hand-off leaves out."""
    if options.fmt in SCHEDULERS:
        files, selection = scheduler_files(repo, options.fmt, week, options.weeks, bom=options.bom,
                                           safe=options.safe, include_drafts=options.include_drafts)
        if notes is not None:
            notes.extend(selection.notes(repo.platforms(),
                                         drafts_hint="ticking \u201cHand off drafts and ideas too\u201d",
                                         force_hint="shorten it in Presence"))
        return [(f.name, f.text) for f in files]
    label = week.label if options.weeks == 1 else f"{week.label}-{options.weeks}w"
    text = render(repo, options.fmt, week.start, week.shifted(options.weeks).start,
                  bom=options.bom, label=label)
    return [(f"presence-{label}.{options.fmt}", text)]


def write_export(files: Sequence[tuple[str, str]], target: Path) -> list[Path]:
    """Write one file to `target`, or many into the folder `target`; all or none."""
    from app.exchange.files import write_files_atomically

    if len(files) == 1 and not target.is_dir():
        pairs = [(target, files[0][1])]
    else:
        pairs = [(target / name, text) for name, text in files]
    write_files_atomically(pairs)
    return [path for path, _ in pairs]


def export_dialog(parent: QWidget | None, repo: Repository, week: Week) -> list[Path] | None:
    """Ask what and where, then export; the written files, or None if cancelled."""
    from app.exchange.files import ExportWriteError

    dialog = ExportDialog(parent, week)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    options = dialog.options()
    notes: list[str] = []
    files = export_files(repo, week, options, notes)
    told = "".join(f"\n• {note[0].upper()}{note[1:]}." for note in notes)
    if not files:
        QMessageBox.information(parent, "Export", f"No posts to hand off in {week.label}.{told}")
        return []
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if len(files) == 1:
        suggested = str(Path(start) / files[0][0]) if start else files[0][0]
        name, _ = QFileDialog.getSaveFileName(parent, "Export", suggested, FORMATS[options.fmt][1])
        if not name:
            return None
        target = Path(name)
        if not target.suffix and not target.is_dir():
            target = target.with_suffix(Path(files[0][0]).suffix)
    else:
        folder = QFileDialog.getExistingDirectory(
            parent, f"Folder for the {len(files)} {FORMATS[options.fmt][0]} files", start)
        if not folder:
            return None
        target = Path(folder)
    try:
        written = write_export(files, target)
    except ExportWriteError as exc:
        QMessageBox.warning(parent, "Export failed", str(exc))
        return None
    if notes:  # a post the user expects in the scheduler is not there: say which and why
        QMessageBox.information(parent, "Export", f"Written. Not handed off:{told}")
    return written


class ImportErrorsDialog(QDialog):
    """Every bad row of a file that was not imported, by line number, field and reason."""

    def __init__(self, parent: QWidget | None, name: str, errors: Sequence[RowError]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nothing imported")
        self.resize(720, 360)
        problems = f"{len(errors)} {'problem' if len(errors) == 1 else 'problems'}"
        summary = QLabel(f"Nothing was imported: {problems} in {name}. "
                         "Fix these rows and import the file again.")
        summary.setWordWrap(True)
        self.table = QTableWidget(len(errors), 3)
        self.table.setHorizontalHeaderLabels(["Line", "Field", "Problem"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, error in enumerate(errors):
            line = QTableWidgetItem()
            line.setData(Qt.ItemDataRole.DisplayRole, int(error.line))
            self.table.setItem(row, 0, line)
            self.table.setItem(row, 1, QTableWidgetItem(error.field or ""))
            self.table.setItem(row, 2, QTableWidgetItem(error.reason))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[int, str, str]]:
        """What the table shows, for a test or a copy."""
        def cell(r: int, c: int) -> QTableWidgetItem:
            item = self.table.item(r, c)
            assert item is not None  # every cell is filled in __init__
            return item

        return [(int(cell(r, 0).data(Qt.ItemDataRole.DisplayRole)), cell(r, 1).text(), cell(r, 2).text())
                for r in range(self.table.rowCount())]


def import_dialog(parent: QWidget | None, repo: Repository) -> tuple[str, ImportResult] | None:
    """Pick a CSV and import all of it or none; the file's name and what was added, or None
    when nothing was imported (cancelled, unreadable, a bad row)."""
    from app.exchange.csv_format import CsvImportError
    from app.services.importing import import_csv_bytes

    name, _ = QFileDialog.getOpenFileName(parent, "Import CSV", "",
                                          "CSV files (*.csv);;All files (*)")
    if not name:
        return None
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        QMessageBox.warning(parent, "Import failed", f"{path}: cannot read ({exc.strerror})")
        return None
    try:
        result = import_csv_bytes(repo, data, path.name)
    except CsvImportError as exc:
        ImportErrorsDialog(parent, path.name, exc.errors).exec()
        return None
    there = result.already_there
    note = (f"\n{there} {'row was' if there == 1 else 'rows were'} already planned and "
            f"{'was' if there == 1 else 'were'} left alone.") if there else ""
    added = f"{result.added} {'item' if result.added == 1 else 'items'}"
    QMessageBox.information(parent, "Import", f"Imported {added} from {path.name}.{note}")
    return path.name, result


def checklist_printer(paper: str | None = None) -> QPrinter:
    """A printer set to the locale's paper (or `paper`), portrait, with the page margins."""
    from app.exchange.checklist_print import page_layout, paper_for

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(paper or paper_for()))
    printer.setDocName("Presence weekly checklist")
    return printer


def paper_of(printer: QPrinter) -> str:
    """The paper the user picked, as the checklist names it (its @page rule for HTML)."""
    letter = printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter
    return "Letter" if letter else "A4"


def preview_dialog(parent: QWidget | None, repo: Repository, week: Week,
                   printer: QPrinter | None = None) -> QPrintPreviewDialog:
    """A print preview of the week's checklist, painted again whenever the user changes paper."""
    from app.exchange.checklist_print import paint

    printer = printer or checklist_printer()
    builds: dict[str, Callable[[int | None], str]] = {}

    def on_paint(device: QPrinter) -> None:
        paper = paper_of(device)
        if paper not in builds:
            builds[paper] = checklist_builder(repo, week, paper)
        paint(device, builds[paper])

    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview: checklist {week.label}")
    dialog.paintRequested.connect(on_paint)
    dialog.printer_ = printer  # type: ignore[attr-defined]  # keep it alive with the dialog
    return dialog


def print_checklist(parent: QWidget | None, repo: Repository, week: Week, preview: bool) -> bool:
    """Print (or preview) the one-page checklist; True when it went to the printer."""
    from app.exchange.checklist_print import paint

    printer = checklist_printer()
    if preview:
        dialog = preview_dialog(parent, repo, week, printer)
        return dialog.exec() == QDialog.DialogCode.Accepted
    chooser = QPrintDialog(printer, parent)
    chooser.setWindowTitle(f"Print checklist {week.label}")
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return False
    paint(printer, checklist_builder(repo, week, paper_of(printer)))
    return True
