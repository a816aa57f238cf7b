"""The errors users see, each printed as one line: bad input they can fix, or a build that failed."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """Bad input: a file to fix. Printed as one line: ``file:line: problem; hint``."""

    path: Path | str
    message: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        text = f"{where}: {self.message}" + (f"; {self.hint}" if self.hint else "")
        return " ".join(text.split())  # one line, whatever a library's message held


class BuildError(Exception):
    """A build step (MkDocs, the search index) failed on input that was valid: what it reported."""



class NothingListed(InputError):
    """A listing with no papers: an error in a file given to import, but for the daily fetch a day
    with nothing published (a weekend, a holiday), which is not a failure."""
