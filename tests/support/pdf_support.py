"""Whether WeasyPrint can make PDFs here, for the tests of the visit summary PDF.

WeasyPrint loads Pango (a system library) when it is imported. Without it the PDF tests are skipped
locally with the reason, and fail under ``CI=true`` (.ci/run installs Pango), as the browser tests do.
"""

from __future__ import annotations

import os

import pytest

HOW_TO_ENABLE = "install Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0)"


def weasyprint_missing() -> str | None:
    """Why WeasyPrint cannot run here, or None when it can."""
    from calmskin.web.summary.pdf import unavailable_reason

    return unavailable_reason()


def require_weasyprint() -> None:
    """Skip the calling test (fail it on CI) when WeasyPrint cannot run here."""
    reason = weasyprint_missing()
    if reason is None:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"PDF tests cannot run: {reason}; on CI they must: {HOW_TO_ENABLE}", False)
    pytest.skip(
        f"PDF tests skipped: WeasyPrint cannot load ({reason}); to run them, {HOW_TO_ENABLE}"
    )
