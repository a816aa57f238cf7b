"""What the benchmarks share: timed commands with their peak memory, a server."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_memory(root: int) -> int:
    """Resident memory of a process and all its descendants now, in bytes (from /proc)."""
    children, rss = defaultdict(list), {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
            except OSError:  # the process ended meanwhile
                continue
            children[int(fields[1])].append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children[pid]
    return total


def run_measured(cmd: list[str], **kwargs) -> tuple[float, int, str]:
    """Run a command; returns (seconds, peak resident memory of it and its children in bytes, stdout).

    The build runs MkDocs and the search index side by side, so the peak is of their sum: the process tree
    is sampled every 50 ms, and wait4's peak of the largest single process covers shorter spikes."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, **kwargs)
        peak, done = [0], threading.Event()

        def sample():
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_memory(proc.pid))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd[:6]))} …\n{err.read()[-2000:]}")
        return seconds, max(peak[0], usage.ru_maxrss * 1024), out.read()


def generator(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(project), *args]


# The command line with GitHub Pages' 1 GB lifted: a real build refuses to publish a site over it,
# but a benchmark measures such an archive too, to report its size against the target.
_UNLIMITED = ("from generator.site import pages_size; pages_size.LIMIT = float('inf'); "
              "from generator.cli import main; main()")


def generator_unlimited(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", _UNLIMITED, "--project", str(project), *args]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve folder on a free loopback port, in a background thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
