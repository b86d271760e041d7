"""Errors shared by every part of the core."""

from __future__ import annotations


class InputError(ValueError):
    """Input refused, with the dotted path of the offending field and what is allowed there.

    The CLI prints it as one line and exits with status 2; the web shows it next to the field.
    Nothing is computed or stored from input that raised it.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
