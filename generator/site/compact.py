"""Pages made lean after MkDocs: Material's templates indent heavily, and every page repeats it."""
from __future__ import annotations

import re
from pathlib import Path

_LINE_BREAK_SPACE = re.compile(rb"[ \t\r]*\n[ \t\r\n]*")


def compact_pages(site: Path, since: float) -> None:
    """Collapse each run of white space holding a line break, in the pages written since `since`
    (a time.time()), to one line break. HTML renders such a run as one space either way, and no
    inline script of the theme's spans lines; pages with <pre> or <textarea>, where white space
    shows, are left whole. Not a full minifier: the ones tried decode entities, writing a title's
    &lt;script&gt; back as <script> inside <title>, which browsers read as text but other parsers
    may not."""
    for page in site.rglob("*.html"):
        if page.stat().st_mtime >= since:
            html = page.read_bytes()
            if b"<pre" not in html and b"<textarea" not in html:
                page.write_bytes(_LINE_BREAK_SPACE.sub(b"\n", html))
