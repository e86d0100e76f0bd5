"""Print documents as their readers do (LibreOffice headless) and measure the PDF with pdfplumber.

What a clerk holds is a printed page: so tests print a workbook with LibreOffice, the way Excel
or Calc prints it on a ward PC, and measure the PDF: the size of the body text, the pages, and
the text in each page's header and footer band. One soffice call converts a batch (LibreOffice
starts in seconds, so a test module converts all its files at once in a module-scoped fixture):

    printed = print_to_pdf([sheet, report], tmp_path / "pdf")
    page_set = measure(printed[sheet])
    assert page_set.median_size >= 9 and all("1 / 2" in p.header for p in page_set.pages)

``measure`` also reads PDFs made otherwise (WeasyPrint's report): a PDF is a PDF.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pdfplumber.page

# Excel's "Normal" margins, which openpyxl writes by default: the body starts 0.75 inch from the
# top and ends 0.75 inch from the bottom; the header and footer are printed inside those bands.
BAND = 0.75 * 72
A4 = (595.3, 841.9)  # points, portrait


def soffice() -> str | None:
    """LibreOffice's program, or None where it is not installed (tests then skip)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def print_to_pdf(paths: Sequence[Path], outdir: Path, *, timeout: float = 300) -> dict[Path, Path]:
    """Print every file to ``outdir`` as PDF in ONE LibreOffice run; the PDF of each file by its path.

    A profile of its own (-env:UserInstallation) keeps the run from touching or waiting on the
    user's LibreOffice, and lets several test processes print at once.
    """
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    done = subprocess.run(
        [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in paths),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "HOME": str(outdir)},
    )
    printed = {p: outdir / f"{p.stem}.pdf" for p in paths}
    missing = [str(p) for p, pdf in printed.items() if not pdf.is_file()]
    if done.returncode != 0 or missing:
        raise RuntimeError(f"soffice printed no PDF for {missing} (exit {done.returncode}): {done.stderr}")
    return printed


@dataclass(frozen=True)
class Page:
    """One printed page: its size (points), the body text's character sizes, the header and footer text."""

    width: float
    height: float
    sizes: list[float]
    body: str
    header: str
    footer: str

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def a4(self) -> bool:
        short, long = sorted((self.width, self.height))
        return abs(short - A4[0]) < 2 and abs(long - A4[1]) < 2


@dataclass(frozen=True)
class Printout:
    """A measured PDF: its pages, and the body text's sizes over all pages."""

    pages: list[Page]

    @property
    def sizes(self) -> list[float]:
        return [s for p in self.pages for s in p.sizes]

    @property
    def median_size(self) -> float:
        return statistics.median(self.sizes)

    @property
    def min_size(self) -> float:
        return min(self.sizes)

    @property
    def text(self) -> str:
        return "\n".join(p.body for p in self.pages)


def measure(pdf: Path, *, band: float = BAND) -> Printout:
    """The pages of a PDF; characters within ``band`` points of the top or bottom edge are the header or footer.

    A character's size is its printed em height (the font size times any scaling the printer
    applied, such as fit-to-page), which is what an eye at arm's length sees.
    """
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            body = [c for c in chars if band < c["bottom"] and c["top"] < page.height - band]
            pages.append(
                Page(
                    width=float(page.width),
                    height=float(page.height),
                    sizes=[float(c["size"]) for c in body],
                    body=_text(page, band, page.height - band),
                    header=_text(page, 0, band),
                    footer=_text(page, page.height - band, page.height),
                )
            )
    return Printout(pages)


def _text(page: pdfplumber.page.Page, top: float, bottom: float) -> str:
    """The text between two heights of a page, lines as pdfplumber lays them out."""
    return str(page.crop((0, top, page.width, bottom), strict=False).extract_text() or "")
