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


def tree_memory(root: int) -> int:
    """Memory a process and all its descendants hold now, in bytes: the sum of their proportional set
    sizes (Pss in /proc/PID/smaps_rollup). Not of their resident sizes: the build's workers are forked,
    and a page a worker shares copy-on-write with its parent is resident in both, so a sum of RSS
    counts it once a process; PSS splits each shared page among the processes that share it."""
    children = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
            except OSError:  # the process ended meanwhile
                continue
            children[int(fields[1])].append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack += children[pid]
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):  # the process ended meanwhile, or is a zombie (no mappings)
        return 0


def run_measured(cmd: list[str], **kwargs) -> tuple[float, int, str]:
    """Run a command; returns (seconds, peak memory of it and its children in bytes, stdout).

    The build runs MkDocs and the search index side by side, so the peak is of their sum (tree_memory:
    PSS, not RSS). Reading smaps_rollup walks a process's pages, so a sample of a large tree is slow:
    the tree is sampled every 50 ms, or after four times what the last sample took, which keeps the
    sampler to a fifth of a core; wait4's peak resident memory of the largest single process is a floor
    that covers shorter spikes."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, **kwargs)
        peak, done = [0], threading.Event()

        def sample():
            pause = 0.05
            while not done.wait(pause):
                begun = time.perf_counter()
                peak[0] = max(peak[0], tree_memory(proc.pid))
                pause = max(0.05, 4 * (time.perf_counter() - begun))
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
