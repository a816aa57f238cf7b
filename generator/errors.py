"""The one error type users see: what is wrong, where, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """Bad input. Printed as one line: ``file:line: problem. hint``."""

    path: Path | str
    message: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        text = f"{where}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text
