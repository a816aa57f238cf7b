"""The archive at a glance: a calendar heat map of each year's days (the archive page) and charts of
papers per month, the largest tags over time and the most frequent organisations (the stats page).

Charts are SVG written here, at build time: no chart script for a reader to download. Every text
from a digest or tags.yaml is HTML-escaped into them. Their colours are CSS classes
(docs/stylesheets/archive.css), so both palettes draw them. Counts follow the site's rule: a month
counts the different papers featured on its days, so a paper featured twice in a month counts once
there (and once in each other month it was featured). Coordinates are rounded to one decimal place:
the same digests give the same bytes.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import urls
from .dates import longdate, month_name
from .archive import Archive, Day, Org, Paper
from .taxonomy import Tag

# A heat map cell's shade: the papers of a day from which it takes level 1, 2, 3, 4 (CSS classes l1-l4).
LEVELS = (1, 20, 40, 60)
TAGS_OVER_TIME = 5  # the largest tags, charted month by month
ORGS = 15  # the organisations with the most papers
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Heat map geometry, in CSS pixels: a square of CELL, a week per column, Monday at the top.
CELL, STEP, LEFT, TOP = 10, 12, 28, 15
# Chart geometry: a width the page's column fits at a laptop's size (narrower screens scale it down).
WIDTH = 720
CHAR = 6.6  # the average width of a character of 12px system sans-serif: to make room for labels


@dataclass(frozen=True)
class HeatMap:
    year: int
    days: int  # days with a digest
    papers: int  # different papers featured on them
    svg: Markup


@dataclass(frozen=True)
class Table:
    """A chart's numbers: a header row, then a row per bar (its label, its address or None, its numbers)."""

    columns: list[tuple[str, str | None]]  # (header, address or None), the first over the row labels
    rows: list[tuple[str, str | None, list[int]]]


@dataclass(frozen=True)
class Chart:
    id: str  # its heading's id; its caption's is id + "-caption", which names the SVG
    title: str
    caption: str
    svg: Markup
    table: Table


def level(papers: int) -> int:
    """A day's shade on the heat map: 0 (no digest) to 4."""
    return sum(papers >= low for low in LEVELS)


def legend() -> list[tuple[str, str]]:
    """The heat map's shades, as (CSS class, what it means)."""
    ranges = [f"{low}–{high - 1}" for low, high in zip(LEVELS, LEVELS[1:])] + [f"{LEVELS[-1]} or more"]
    return [("l0", "no digest")] + [(f"l{i}", text) for i, text in enumerate(ranges, start=1)]


def papers_label(n: int) -> str:
    return f"{n} paper{'s' if n != 1 else ''}"


def heat_maps(days: list[Day], root: str) -> list[HeatMap]:
    """A calendar of each year with a digest, newest first: a column per week, a cell per day shaded by
    the papers featured that day. A day with a digest is a link to its page (root: from the page that
    shows the map to the site's root) named by its date and count; the others are squares of one path."""
    by_year: dict[int, list[Day]] = defaultdict(list)
    for day in days:
        by_year[day.date.year].append(day)
    return [_heat_map(year, sorted(year_days, key=lambda d: d.date, reverse=True), root)
            for year, year_days in sorted(by_year.items(), reverse=True)]


def _heat_map(year: int, days: list[Day], root: str) -> HeatMap:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = first - dt.timedelta(days=first.weekday())  # the Monday of the first column

    def x(date: dt.date) -> int:
        return LEFT + (date - start).days // 7 * STEP

    def y(date: dt.date) -> int:
        return TOP + date.weekday() * STEP

    width, height = x(last) + CELL, TOP + 7 * STEP - (STEP - CELL)
    labels = []
    for month in range(1, 13):
        first_of = dt.date(year, month, 1)
        column = x(first_of) + (STEP if first_of.weekday() else 0)  # the first column it has a Monday in
        labels.append(f'<text x="{column}" y="{TOP - 4}">{MONTH_ABBR[month - 1]}</text>')
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        labels.append(f'<text x="0" y="{TOP + row * STEP + CELL - 1}">{name}</text>')

    featured = {d.date for d in days}
    empty, at = [], (0, 0)  # a square per day without a digest, each drawn from where the last began
    date = first
    while date <= last:
        if date not in featured:
            cx, cy = x(date), y(date)
            empty.append(f"m{cx - at[0]} {cy - at[1]}h{CELL}v{CELL}h-{CELL}z")
            at = (cx, cy)
        date += dt.timedelta(days=1)
    if empty:
        empty[0] = "M" + empty[0][1:]

    cells = []
    for day in days:  # newest first, as the archive lists them
        label = escape(f"{longdate(day.date)}: {papers_label(len(day.papers))}")
        cells.append(f'<a href="{escape(root + urls.day(day.date))}" aria-label="{label}"><title>{label}</title>'
                     f'<rect x="{x(day.date)}" y="{y(day.date)}" width="{CELL}" height="{CELL}" '
                     f'class="l{level(len(day.papers))}"/></a>')
    papers = len({p.slug for d in days for p in d.papers})
    svg = (f'<svg class="dpa-heat" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-size="10" '
           f'role="group" aria-labelledby="heat-{year}">\n'
           f'<g aria-hidden="true">{"".join(labels)}</g>\n'
           + (f'<path class="l0" d="{"".join(empty)}"/>\n' if empty else "")
           + "\n".join(cells) + "\n</svg>")
    return HeatMap(year, len(days), papers, Markup(svg))


# The stats page


def charts(archive: Archive) -> list[Chart]:
    """The stats page's charts (none for an archive without days)."""
    if not archive.days:
        return []
    months = _months(archive.days)
    found = [papers_per_month(archive.days, months), tags_over_time(archive.tags, months), top_orgs(archive.orgs)]
    return [chart for chart in found if chart is not None]


def _months(days: list[Day]) -> list[str]:
    """Every month ("2025-03") from the archive's first to its last, those without a digest too."""
    first, last = min(d.date for d in days), max(d.date for d in days)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_name(key: str) -> str:
    """"2025-03" -> "March 2025", as the archive names its months."""
    return month_name(dt.date(int(key[:4]), int(key[5:]), 1))


def papers_per_month(days: list[Day], months: list[str]) -> Chart:
    """Bars: the different papers featured in each month."""
    papers: dict[str, set[str]] = defaultdict(set)
    featured_days: dict[str, int] = defaultdict(int)
    for day in days:
        key = f"{day.date:%Y-%m}"
        papers[key].update(p.slug for p in day.papers)
        featured_days[key] += 1
    counts = [len(papers[m]) for m in months]
    busiest = max(range(len(months)), key=lambda i: (counts[i], months[i]))
    caption = (f"Papers featured each month, {_month_name(months[0])} to {_month_name(months[-1])}: "
               f"{len({p for s in papers.values() for p in s})} papers in all, the most in "
               f"{_month_name(months[busiest])} ({counts[busiest]}). A paper featured on several days of a month "
               "counts once in it.")
    svg = _column_chart("per-month", months, [("", "", counts)], row_height=200)
    table = Table([("Month", None), ("Days", None), ("Papers", None)],
                  [(_month_name(m), None, [featured_days[m], len(papers[m])]) for m in months])
    return Chart("per-month", "Papers per month", caption, svg, table)


def tags_over_time(tags: list[tuple[Tag, list[Paper]]], months: list[str], n: int = TAGS_OVER_TIME) -> Chart | None:
    """Small multiples: for each of the n largest tags (as the tags page orders them), its different
    papers featured in each month, all on one scale."""
    largest = sorted([(t, ps) for t, ps in tags if ps],
                     key=lambda tag_papers: (-len(tag_papers[1]), tag_papers[0].name))[:n]
    if not largest:
        return None
    rows = []
    for tag, papers in largest:
        per_month: dict[str, int] = defaultdict(int)
        for paper in papers:
            for key in {f"{d:%Y-%m}" for d in paper.days}:
                per_month[key] += 1
        rows.append((tag, len(papers), [per_month[m] for m in months]))
    caption = (f"Papers featured each month in the {len(largest)} largest tags, on one scale: "
               + "; ".join(f"{tag.name} ({papers_label(size)})" for tag, size, _ in rows)
               + ". A paper counts in each month it was featured, once a month.")
    svg = _column_chart("tags", months, [(tag.name, f"{tag.name} ({papers_label(size)})", counts)
                                         for tag, size, counts in rows], row_height=44)
    table = Table([("Month", None)] + [(tag.name, urls.tag(tag.slug)) for tag, _, _ in rows],
                  [(_month_name(m), None, [counts[i] for _, _, counts in rows]) for i, m in enumerate(months)])
    return Chart("tags", "The largest tags over time", caption, svg, table)


def top_orgs(orgs: list[tuple[Org, list[Paper]]], n: int = ORGS) -> Chart | None:
    """Horizontal bars: the n organisations with the most papers (as the organisations page counts
    and orders them: the papers whose digest names it)."""
    ranked = sorted([(o, ps) for o, ps in orgs if ps],
                    key=lambda org_papers: (-len(org_papers[1]), org_papers[0].name.casefold()))[:n]
    if not ranked:
        return None
    names = [_short(org.name) for org, _ in ranked]
    counts = [len(papers) for _, papers in ranked]
    label_width = min(max(len(name) for name in names) * CHAR, 34 * CHAR) + 8
    bar_room = WIDTH - label_width - 48
    top = max(counts)
    row, bar = 22, 14
    height = row * len(ranked)
    parts = []
    for i, (org, _) in enumerate(ranked):
        y = i * row
        length = max(bar_room * counts[i] / top, 1)
        title = escape(f"{org.name}: {papers_label(counts[i])}")
        parts.append(f'<text x="{_n(label_width - 8)}" y="{y + 15}" text-anchor="end">{escape(names[i])}</text>'
                     f'<rect class="bar" x="{_n(label_width)}" y="{y + 4}" width="{_n(length)}" height="{bar}">'
                     f"<title>{title}</title></rect>"
                     f'<text x="{_n(label_width + length + 5)}" y="{y + 15}">{counts[i]}</text>')
    svg = _svg("orgs", WIDTH, height, parts)
    named = len([o for o, ps in orgs if ps])
    caption = (f"The {len(ranked)} organisation{'s' if len(ranked) != 1 else ''} with the most papers featured, of "
               f"the {named} the digests name, most first. A paper counts for the organisation its newest digest "
               "names.")
    table = Table([("Organisation", None), ("Papers", None)],
                  [(org.name, urls.org(org.slug), [len(papers)]) for org, papers in ranked])
    return Chart("orgs", "The most frequent organisations", caption, svg, table)


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def _column_chart(chart_id: str, months: list[str], series: list[tuple[str, str, list[int]]],
                  row_height: int) -> Markup:
    """Columns by month, a row of them per series (name, label, counts): its label above it, but a lone
    unlabelled one's; all on one scale, the months under the last row. A single series has gridlines.
    A column's <title> (a tooltip) says its series' name, its month and its count."""
    left = 40 if len(series) == 1 else 6
    right = 6
    slot = (WIDTH - left - right) / len(months)
    width_bar = min(slot * 0.7, 48)
    top = max(max(counts) for _, _, counts in series) or 1
    ticks = _ticks(top) if len(series) == 1 else [0, top]
    scale = ticks[-1]
    label_room = 20 if len(series) > 1 else 0
    value_room = 14  # for the value over the highest column
    y0 = 0
    parts = []
    show_values = slot >= 26
    for name, label, counts in series:
        base = y0 + label_room + value_room + row_height
        if label:
            parts.append(f'<text class="name" x="{left}" y="{y0 + 12}">{escape(label)}</text>')
        if len(series) == 1:
            for tick in ticks:
                ty = base - row_height * tick / scale
                parts.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{_n(ty)}" y2="{_n(ty)}"/>'
                             f'<text x="{left - 6}" y="{_n(ty + 4)}" text-anchor="end">{tick}</text>')
        else:
            parts.append(f'<line class="axis" x1="{left}" x2="{WIDTH - right}" y1="{base}" y2="{base}"/>')
        for i, (key, count) in enumerate(zip(months, counts)):
            if not count:
                continue
            h = row_height * count / scale
            bx = left + slot * i + (slot - width_bar) / 2
            title = escape(f"{name + ', ' if name else ''}{_month_name(key)}: {papers_label(count)}")
            parts.append(f'<rect class="bar" x="{_n(bx)}" y="{_n(base - h)}" width="{_n(width_bar)}" '
                         f'height="{_n(h)}"><title>{title}</title></rect>')
            if show_values:
                parts.append(f'<text x="{_n(bx + width_bar / 2)}" y="{_n(base - h - 4)}" text-anchor="middle">'
                             f"{count}</text>")
        y0 = base + 6
    every = 1 if len(months) <= 12 else 3 if len(months) <= 36 else 6
    labelled = [i for i, key in enumerate(months) if (int(key[5:]) - 1) % every == 0]
    axis = y0 + 8
    for n, i in enumerate(labelled):
        key = months[i]
        cx = left + slot * i + slot / 2
        parts.append(f'<text x="{_n(cx)}" y="{axis + 4}" text-anchor="middle">{MONTH_ABBR[int(key[5:]) - 1]}</text>')
        if n == 0 or key.endswith("-01"):
            parts.append(f'<text x="{_n(cx)}" y="{axis + 18}" text-anchor="middle">{key[:4]}</text>')
    return _svg(chart_id, WIDTH, axis + 22, parts)


def _svg(chart_id: str, width: int, height: float, parts: list[str]) -> Markup:
    """A chart as one image, named by its caption (the figure's), its parts hidden from assistive
    technology: the table under it has the numbers."""
    h = _n(height)
    return Markup(f'<svg class="dpa-chart" width="{width}" height="{h}" viewBox="0 0 {width} {h}" font-size="12" '
                  f'role="img" aria-labelledby="{chart_id}-caption">\n' + "\n".join(parts) + "\n</svg>")


def _ticks(top: int) -> list[int]:
    """Gridlines from 0 in a round step (1, 2 or 5 times a power of ten) up to top or just past it: at most 6."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m * 5 >= top:
                s = step * m
                return [s * i for i in range(-(-top // s) + 1)]
        step *= 10


def _n(value: float) -> str:
    """A coordinate, to one decimal place, without a trailing ".0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
