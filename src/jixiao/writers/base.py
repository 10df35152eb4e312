"""What every writer returns, and the one error it raises on purpose.

A writer never leaves a half-written file: it returns bytes, and the service writes them to a
temporary file and renames it into place. Missing data is not an error: the writer puts
"（未填报）" where a value is missing and says so in ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MISSING: Final = "（未填报）"


@dataclass(frozen=True)
class Written:
    """A written file's bytes, its suffix (".xlsx"), and what it had to leave blank."""

    data: bytes
    suffix: str
    warnings: tuple[str, ...] = ()


class WriteError(Exception):
    """The output cannot be made (no LibreOffice, a template that is not a .docx …);
    ``reason`` is Chinese, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
