"""A built site's links, checked: every href and src that stays on the site names a file in it.

Reads attributes with a pattern rather than an HTML parser: MkDocs and our templates quote every
attribute, and a large site is checked many times faster this way."""
from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(rb'\s(?:href|src)="([^"]*)"')


@dataclass
class LinkCheck:
    checked: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)  # (page, link)


def check_links(site: Path) -> LinkCheck:
    files = {Path(folder, name).relative_to(site).as_posix()
             for folder, _, names in os.walk(site) for name in names}
    result = LinkCheck()
    for page in sorted(f for f in files if f.endswith(".html")):
        folder = posixpath.dirname(page)
        for raw in _LINK.findall((site / page).read_bytes()):
            link = urlsplit(html.unescape(raw.decode("utf-8", "replace")))
            if link.scheme or link.netloc or not link.path:  # another site, or a place on this page
                continue
            path = unquote(link.path)
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
            target = "" if target == "." else target
            result.checked += 1
            if target not in files and posixpath.join(target, "index.html") not in files:
                result.broken.append((page, raw.decode("utf-8", "replace")))
    return result
