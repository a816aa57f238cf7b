"""MkDocs in a child process: the build takes one core while the search index takes the other."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import BuildError
from ..project import Project

LOG_LINES_SHOWN = 5  # of MkDocs' output, in the one-line error of a failed build


@dataclass
class MkDocsRun:
    process: subprocess.Popen
    log: IO[str]  # a file, not a pipe: nobody reads it until the end
    started: float  # time.time()
    ended: float = 0.0
    waiter: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        # Notes when MkDocs itself ends, whether before the caller's own work or after.
        self.waiter = threading.Thread(target=self._wait)
        self.waiter.start()

    def _wait(self) -> None:
        self.process.wait()
        self.ended = time.time()

    @classmethod
    def start(cls, project: Project, target: Path, incremental: bool) -> MkDocsRun:
        # A dirty build logs a warning of its own, so only the full build can be --strict.
        mode = ["--dirty"] if incremental else ["--strict"]
        cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", *mode,
               "--config-file", str(project.mkdocs_yml), "--site-dir", str(target)]
        log = tempfile.TemporaryFile("w+")
        started = time.time()
        process = subprocess.Popen(cmd, cwd=project.root, stdout=log, stderr=log, text=True,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        return cls(process, log, started)

    def kill(self) -> None:
        self.process.kill()
        self.waiter.join()
        self.log.close()

    def finish(self) -> float:
        """Wait for MkDocs; returns the seconds it took, or raises BuildError with what it said."""
        self.waiter.join()
        with self.log:
            self.log.seek(0)
            if self.process.returncode != 0:
                said = self.log.read().strip().splitlines()
                raise BuildError("mkdocs build failed: " + " | ".join(said[-LOG_LINES_SHOWN:]))
        return self.ended - self.started
