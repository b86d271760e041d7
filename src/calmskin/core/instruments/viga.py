"""Placeholder: being written."""

from calmskin.core.instruments.base import Instrument

INSTRUMENTS: tuple[Instrument, ...] = ()
