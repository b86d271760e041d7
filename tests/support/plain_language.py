"""What a patient page must never show: internal notes of the catalog (issue 10, item 6).

Patient pages (Learn, the side-effect advice) show plain document names and dates in one "Sources"
line; the full source titles with section numbers, record ids, repositories and commit hashes stay
in the data files and in docs/regimens.md.
"""

from __future__ import annotations

import re

INTERNAL_NOTES = {
    "an RxNorm code": r"RxNorm|RxCUI",
    "a label section number": r"\bsections?\s+\d|§\s*\d|\b(?:USPI|SmPC|PI|label)\s+\d+\.\d",
    "a trial registry or record id": r"\bNCT\d{6,}|\bNBK\d+|\bBLA\s*\d|\bSPL\b|\bPMC\d+|doi:",
    "a database or repository": r"(?i)openFDA|DailyMed|github|gravitate|rxreasoner|prescriberpoint",
    "a set id or uuid": r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-",
    "a commit hash": r"(?i)\bcommit\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b",
    "a reference tag": r"\[[CSR]\]|\bS\d{1,2}\b|UNCONFIRMED|team reference|shared/reference",
    "a label table number": r"\bTable\s+\d",
}


def internal_notes(shown: str) -> list[str]:
    return [what for what, pattern in INTERNAL_NOTES.items() if re.search(pattern, shown)]
