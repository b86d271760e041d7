"""The registry of every scoring instrument, by id."""

from __future__ import annotations

from collections.abc import Iterator

from calmskin.core.instruments import (
    adct,
    dlqi,
    easi,
    idqol,
    nrs,
    poem,
    recap,
    scorad,
    viga,
)
from calmskin.core.instruments.base import InputError, Instrument, json_repr

_MODULES = (easi, scorad, poem, nrs, dlqi, idqol, viga, adct, recap)

REGISTRY: dict[str, Instrument] = {
    instrument.id: instrument for module in _MODULES for instrument in module.INSTRUMENTS
}


def get(instrument_id: str) -> Instrument:
    """The instrument with this id, or an InputError listing the known ids."""
    try:
        return REGISTRY[instrument_id]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise InputError(
            "instrument", f"unknown instrument {json_repr(instrument_id)} (known: {known})"
        ) from None


def all_instruments() -> Iterator[Instrument]:
    """Every instrument in a stable order (the order of the registry modules)."""
    yield from REGISTRY.values()
