"""Named crash points: the moments where a killed command must leave the project whole.

A command run with the environment variable DPA_CRASH_AT set to one of the names below kills its
own process with SIGKILL when it reaches that point, so no cleanup runs, as with a real kill. Tests
kill at a named moment rather than after a delay: a delay hits a different moment on a faster or
busier machine, and a test that missed the moment it guards would still pass.

- `journal-staged`: write_files has written the temporary files of changes that go together (an
  import's digests and slug registry), and not yet recorded the renames that put them in place;
- `journal-written`: it has recorded those renames, and made none;
- `renamed NAME`: write_files has renamed the file NAME into place (an import renames the day's
  digest, then slugs.yaml);
- `build-indexed`: a build's search index is written, while MkDocs may still be rendering;
- `build-rendered`: a full build's site is complete and checked, not yet published;
- `build-swapping`: the published site is moved aside, the new one not yet in its place.

Only this process is killed: its children (MkDocs) run on until a test kills the command's process
group, as a real kill of the whole job would.
"""
from __future__ import annotations

import os
import signal

CRASH_AT = "DPA_CRASH_AT"


def crash_point(name: str) -> None:
    """Kill this process here if DPA_CRASH_AT names this point."""
    if os.environ.get(CRASH_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
