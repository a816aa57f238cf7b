"""MkDocs in child processes: a full build split by page over the cores, beside the search index.

A full build starts one `mkdocs build` per core the build may use, each with PART ("i/n") set:
hooks/html_pages.py keeps a process to its share of the pages in folders (days, papers, tags) and
leaves the theme's and docs/' other files to the first; the shares, each built into a folder of its
own, are then moved into the first's. An incremental build (`--dirty`, a few hundred pages) is one
process. The caller indexes the archive for search meanwhile.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..cores import cores
from ..errors import BuildError
from ..project import Project
from . import folders

LOG_LINES_SHOWN = 5  # of MkDocs' output, in the one-line error of a failed build
PART = "DPA_MKDOCS_PART"  # read by hooks/html_pages.py


@dataclass
class _Process:
    process: subprocess.Popen
    log: IO[str]  # a file, not a pipe: nobody reads it until the end
    site: Path  # where it writes


@dataclass
class MkDocsRun:
    processes: list[_Process]
    started: float  # time.time()
    ended: float = 0.0
    waiter: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        # Notes when MkDocs itself ends, whether before the caller's own work or after.
        self.waiter = threading.Thread(target=self._wait)
        self.waiter.start()

    def _wait(self) -> None:
        for p in self.processes:
            p.process.wait()
        self.ended = time.time()

    @classmethod
    def start(cls, project: Project, target: Path, incremental: bool) -> MkDocsRun:
        # A dirty build logs a warning of its own, so only the full build can be --strict.
        mode = ["--dirty"] if incremental else ["--strict"]
        n = 1 if incremental else cores()
        started = time.time()
        processes: list[_Process] = []
        try:
            for i in range(n):
                site = target if i == 0 else folders.part_site(project, i)
                # Not --quiet: it would hide the warnings that --strict counts. The log is a file.
                cmd = [sys.executable, "-m", "mkdocs", "build", *mode,
                       "--config-file", str(project.mkdocs_yml), "--site-dir", str(site)]
                log = tempfile.TemporaryFile("w+")
                env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({PART: f"{i}/{n}"} if n > 1 else {})}
                processes.append(_Process(subprocess.Popen(cmd, cwd=project.root, stdout=log, stderr=log,
                                                           text=True, env=env), log, site))
        except BaseException:
            for p in processes:
                p.process.kill()
            raise
        return cls(processes, started)

    def kill(self) -> None:
        for p in self.processes:
            p.process.kill()
        self.waiter.join()
        for p in self.processes:
            p.log.close()

    def finish(self) -> float:
        """Wait for MkDocs; returns the seconds it took, or raises BuildError with what it said."""
        self.waiter.join()
        failed = []
        for p in self.processes:
            with p.log:
                p.log.seek(0)
                if p.process.returncode != 0:
                    failed = p.log.read().strip().splitlines()
        if failed:
            raise BuildError("mkdocs build failed: " + " | ".join(failed[-LOG_LINES_SHOWN:]))
        moving = time.time()
        for p in self.processes[1:]:
            _move_into(p.site, self.processes[0].site)
        return self.ended - self.started + time.time() - moving


def _move_into(part: Path, site: Path) -> None:
    """Move a share's pages into the first share's site; the pages every share built (those at the
    top, the same in each) are already there."""
    for folder, _, names in os.walk(part):
        relative = os.path.relpath(folder, part)
        os.makedirs(os.path.join(site, relative), exist_ok=True)
        for name in names:
            destination = os.path.join(site, relative, name)
            if not os.path.exists(destination):
                os.rename(os.path.join(folder, name), destination)
    shutil.rmtree(part)
