"""The workbooks as printed: converted to PDF by LibreOffice, read as a person would.

Needs LibreOffice (``soffice``) and poppler (``pdftotext``, ``pdfinfo``):
``make outils-pdf`` installs them on Debian.  Skipped, with the reason, where
they are absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scheduler.export import plan_workbooks
from scheduler.export.context import PlanContext

TOOLS = ("soffice", "pdftotext", "pdfinfo")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="LibreOffice et poppler absents (make outils-pdf les installe) : rendu PDF non vérifié",
)

A4_LANDSCAPE = (842, 595)
A4_PORTRAIT = (595, 842)


@pytest.fixture(scope="module")
def pdfs(export_context: PlanContext, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    names = []
    for name, data in plan_workbooks(export_context).items():
        (folder / name).write_bytes(data)
        names.append(name)
    profile = folder / "profil-libreoffice"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *names,
        ],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: folder / (Path(name).stem + ".pdf") for name in names}


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _pages(pdf: Path) -> tuple[int, tuple[int, int]]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()  # type: ignore[union-attr]
    return pages, (round(float(w)), round(float(h)))


def test_every_workbook_prints_on_a4(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        assert pdf.is_file(), name
        pages, size = _pages(pdf)
        assert pages >= 1
        assert size in (A4_LANDSCAPE, A4_PORTRAIT), (name, size)


def test_nothing_is_cut_or_hidden(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        text = _text(pdf)
        # A value too wide for its column prints as ### in LibreOffice.
        assert "###" not in text, name


def test_printed_commission_planning_names_every_candidate(
    export_context: PlanContext, pdfs: dict[str, Path]
) -> None:
    text = _text(pdfs["commissions.xlsx"])
    for oral in export_context.plan.placed():
        assert oral.candidate in text
    assert "Page 1 /" in text
    assert export_context.session.label in text


def test_printed_convocations_show_french_dates_and_addresses(
    export_context: PlanContext, pdfs: dict[str, Path]
) -> None:
    text = _text(pdfs["convocations.xlsx"])
    assert "juin 2021" in text
    assert "65000 Tarbes" in text or "81100 Castres" in text


def test_the_gantt_sheet_prints_one_day_a_page(bundled_context: PlanContext, tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    from scheduler.export.figures import gantt_png
    from scheduler.export.rooms import room_workbooks

    days = sorted(d for s, d in bundled_context.by_site_day() if s == "castres")
    gantts = {("castres", d): gantt_png(bundled_context, "castres", d) for d in days}
    book = load_workbook(io.BytesIO(room_workbooks(bundled_context, gantts)["salles-castres.xlsx"]))
    for name in book.sheetnames:
        if name != "Gantt":
            del book[name]
    book.save(tmp_path / "gantt.xlsx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profil'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            "gantt.xlsx",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "gantt.pdf")], check=True, capture_output=True, text=True
    ).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found is not None
    assert int(found.group(1)) == len(days) == 4
    # The pictures are images; every page carries the sheet's header.
    text = _text(tmp_path / "gantt.pdf")
    assert text.count("Castres — Lycée de la Borde Basse — diagrammes de Gantt") == len(days)
