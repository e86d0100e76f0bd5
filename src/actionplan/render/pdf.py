"""Any View as a PDF: its HTML page printed by WeasyPrint (optional extra actionplan[pdf])."""

from __future__ import annotations

import io
import shutil
import subprocess

from actionplan.i18n import _
from actionplan.render.html import render_html
from actionplan.views import View


class MissingDependency(Exception):
    """What a format needs is not installed; the message says what to install."""


def render_pdf(view: View) -> bytes:
    """The HTML report (charts included) on A4 landscape pages, with a Japanese font."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but Pango is not
        raise MissingDependency(
            _("--format pdf needs WeasyPrint: pip install 'actionplan[pdf]' ({reason})").format(reason=exc)
        ) from None
    _check_japanese_font()
    page = io.StringIO()
    render_html(view, page, tty=False)
    data: bytes = HTML(string=page.getvalue()).write_pdf()
    return data


def _check_japanese_font() -> None:
    # WeasyPrint finds fonts through fontconfig; without a Japanese one every character would be
    # a box. Where fontconfig's fc-list is not installed (Windows) the system fonts are trusted.
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    found = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True, check=False, timeout=30)
    if not found.stdout.strip():
        raise MissingDependency(
            _("--format pdf needs a Japanese font and none is installed: apt-get install fonts-noto-cjk (Debian)")
        )
