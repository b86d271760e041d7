"""HTML to PDF with WeasyPrint, which needs Pango (a system library) when it is imported.

WeasyPrint is imported on first use, so the rest of CalmSkin runs on a machine without Pango; there
:func:`render_pdf` raises :class:`PdfUnavailable` and the PDF view answers 503. The document may
load nothing from outside: only ``data:`` URLs (the embedded chart) are fetched, and the
stylesheets are read from this app's static folder, never through a URL.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
# WeasyPrint logs each step of each document at INFO ("Step 5 - Creating layout"): not for our logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLESHEETS = (
    Path(__file__).resolve().parent / "static" / "summary" / "summary.css",
    Path(__file__).resolve().parent / "static" / "summary" / "summary-pdf.css",
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it loads) is not installed on this machine."""


@functools.cache
def _weasyprint() -> tuple[Any, Any, Any, tuple[Any, ...]]:
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        raise PdfUnavailable(str(error)) from error
    fonts = FontConfiguration()
    stylesheets = tuple(CSS(filename=str(path), font_config=fonts) for path in STYLESHEETS)
    return HTML, URLFetcher, fonts, stylesheets


def unavailable_reason() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint or Pango missing), or None when they can."""
    try:
        _weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return None


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document (a string) with the summary's stylesheets."""
    html_class, fetcher_class, fonts, stylesheets = _weasyprint()
    fetcher = fetcher_class(allowed_protocols=("data",), fail_on_errors=False)
    document = html_class(string=html, url_fetcher=fetcher, base_url=None)
    pdf: bytes = document.write_pdf(stylesheets=list(stylesheets), font_config=fonts)
    return pdf


def warm_up() -> None:
    """Load WeasyPrint, Pango and the fonts now (about 3 s), so the first PDF a person asks for
    does not pay for it. ``calmskin.web.wsgi`` calls this in a background thread when a web
    process starts; nothing happens where PDFs cannot be made."""
    try:
        render_pdf("<!doctype html><title>warm-up</title><p>CalmSkin</p>")
    except PdfUnavailable:
        return
