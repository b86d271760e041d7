"""Pieces every ``calmskin`` command shares: one-line errors, exit status 2, JSON output."""

from __future__ import annotations

import argparse
import json
from typing import NoReturn

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A one-line message for stderr; the command exits with status 2."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2, as the contract requires."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{self.prog}: {message}")


def dumps(value: object, compact: bool = False) -> str:
    if compact:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False)
