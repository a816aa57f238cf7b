"""A built HTML page as a reader sees it: its title, headings, links, text and scripts."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class HtmlPage(HTMLParser):
    title: str = ""
    h1: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    scripts: list[str] = field(default_factory=list)  # inline script bodies and src values
    text: str = ""
    details_open: int = 0
    details: int = 0

    def __post_init__(self):
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, dict]] = []
        self._buffers: list[list[str]] = []
        self._all: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "details":
            self.details += 1
            self.details_open += "open" in attrs
        if tag in ("title", "h1", "a", "script"):
            self._stack.append((tag, attrs))
            self._buffers.append([])

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1][0] == tag:
            _, attrs = self._stack.pop()
            text = "".join(self._buffers.pop())
            if tag == "title":
                self.title = text
            elif tag == "h1":
                self.h1.append(text.strip())
            elif tag == "a" and "href" in attrs:
                self.links.append((attrs["href"], text.strip()))
            elif tag == "script" and text.strip():
                self.scripts.append(text)
            if self._buffers:
                self._buffers[-1].append(text)

    def handle_data(self, data):
        if self._buffers:
            self._buffers[-1].append(data)
        self._all.append(data)

    def close(self):
        super().close()
        self.text = " ".join(" ".join(self._all).split())


def read_page(path: Path) -> HtmlPage:
    page = HtmlPage()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page
