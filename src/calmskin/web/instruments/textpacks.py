"""Licensed questionnaire wording for the web pages, from ``settings.CALMSKIN_TEXTPACK_DIR``.

Without a directory the pages show CalmSkin's own neutral item topics. A broken pack stops the
app at start-up (see ``InstrumentsConfig.ready``), never when a patient opens a page.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.textpack import (
    PromptSet,
    TextPack,
    find_pack,
    item_prompts,
    load_packs,
)


@cache
def _packs(directory: str) -> dict[tuple[str, str], TextPack]:
    try:
        return load_packs(directory)
    except InputError as error:
        where = f" at {error.field}" if error.field else ""
        raise ImproperlyConfigured(
            f"CALMSKIN_TEXTPACK_DIR={directory}: invalid text pack{where}: {error.message}"
        ) from None


def packs() -> dict[tuple[str, str], TextPack]:
    """Every text pack of the configured directory (loaded once per directory)."""
    directory = getattr(settings, "CALMSKIN_TEXTPACK_DIR", None)
    return _packs(str(directory)) if directory else {}


def prompts(instrument_id: str) -> PromptSet:
    """What to show for a questionnaire: the licensed text in the site language, or neutral topics."""
    pack = find_pack(packs(), instrument_id, settings.LANGUAGE_CODE)
    return item_prompts(instrument_id, pack)
