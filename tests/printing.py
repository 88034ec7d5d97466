"""Workbooks as a person prints them: converted to PDF by LibreOffice, then
read page by page (size, smallest text, lines of text).

Needs LibreOffice (``soffice``) and ``pdfplumber``; ``make test`` installs
LibreOffice where it is missing (``make outils-pdf``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Page header and footer lie within this distance (points) of the paper's
#: edge: the workbooks' top and bottom margins are 0.8 in (57.6 pt), their
#: header and footer 0.3 in from the edge.
MARGIN = 45.0

#: The tools a rendering needs, for the tests' ``skipif``.
TOOLS = ("soffice",)


def have_tools() -> bool:
    return all(shutil.which(t) is not None for t in TOOLS)


def render(files: list[Path], folder: Path) -> dict[str, Path]:
    """Convert ``files`` (workbooks) to PDF in ``folder`` with LibreOffice, as
    « Fichier > Exporter en PDF » does; their PDF by file name."""
    folder.mkdir(parents=True, exist_ok=True)
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
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return {f.name: folder / (f.stem + ".pdf") for f in files}


@dataclass(frozen=True)
class Page:
    """One printed page: its size (points), its text, and the font sizes of
    its characters as printed (after LibreOffice fits the sheet to the page)."""

    width: float
    height: float
    text: str
    sizes: Counter[float]
    #: Sizes of the characters between the page header and footer (the
    #: sheet itself: LibreOffice prints its header and footer at its own size).
    body_sizes: Counter[float] = field(default_factory=Counter)

    @property
    def lines(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]

    @property
    def smallest(self) -> float:
        """Smallest printed font size (pt) of the page's text, 0 if no text."""
        return min(self.sizes, default=0.0)

    @property
    def smallest_body(self) -> float:
        """Smallest printed font size (pt) of the sheet's text, 0 if none."""
        return min(self.body_sizes, default=0.0)

    @property
    def body(self) -> float:
        """Font size (pt) most of the page's characters are printed at."""
        return self.sizes.most_common(1)[0][0] if self.sizes else 0.0


def pages(pdf: Path) -> list[Page]:
    """The pages of ``pdf``, in order."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for p in doc.pages:
            chars = [c for c in p.chars if c["text"].strip()]
            sizes: Counter[float] = Counter(round(float(c["size"]), 1) for c in chars)
            inside = [
                c for c in chars if float(c["top"]) > MARGIN and float(c["bottom"]) < float(p.height) - MARGIN
            ]
            body: Counter[float] = Counter(round(float(c["size"]), 1) for c in inside)
            out.append(Page(float(p.width), float(p.height), p.extract_text() or "", sizes, body))
    return out
