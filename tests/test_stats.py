"""The archive at a glance: the archive page's calendar heat map and the stats page's charts
(generator/stats.py), as pure functions, in the built bundled site and in real Chromium."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path


from conftest import load_yaml, REPO
from generator import stats
from generator.archive import Archive, Day, Org, Paper
from generator.model import Entry, Organization
from generator.taxonomy import Tag

DAYS = ["2025-12-09", "2025-11-18", "2025-10-31", "2025-03-11", "2025-03-10"]
LABELS = {"2025-12-09": "Tuesday, 9 December 2025: 39 papers", "2025-11-18": "Tuesday, 18 November 2025: 76 papers",
          "2025-10-31": "Friday, 31 October 2025: 66 papers", "2025-03-11": "Tuesday, 11 March 2025: 51 papers",
          "2025-03-10": "Monday, 10 March 2025: 234 papers"}


class Elements(HTMLParser):
    """Every element, as (tag, attributes, its text, the tags of the elements it is in)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict, list[str], list[str]]] = []
        self.open: list[tuple[str, dict, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs), [])
        self.found.append((tag, element[1], element[2], [t for t, _, _ in self.open]))
        if tag not in ("rect", "path", "line", "meta", "link", "input", "img", "br", "hr", "use"):
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.found.append((tag, dict(attrs), [], [t for t, _, _ in self.open]))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        for _, _, text in self.open:
            text.append(data)

    def all(self, tag: str, **attrs: str) -> list[tuple[dict, str, list[str]]]:
        return [(a, " ".join("".join(text).split()), within) for t, a, text, within in self.found
                if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def html(project, address: str) -> str:
    return (project.root / "site" / address / "index.html").read_text()


# The pure functions, on a small archive made here


def paper(slug: str, *days: str, tags=(), org: Organization | None = None) -> Paper:
    entry = Entry(slug=slug, title=slug, abstract="", organization=org)
    return Paper(slug, entry, list(tags), sorted(dt.date.fromisoformat(d) for d in days))


def small_archive() -> Archive:
    attention = Tag("Attention & <Heads>", "attention", "", ())
    hostile = Organization("evil", '<script>alert("x")</script> & Co')
    a = paper("a", "2024-12-30", "2025-01-02", "2025-01-03", tags=[attention], org=hostile)  # twice in January
    b = paper("b", "2025-01-03", tags=[attention], org=hostile)
    c = paper("c", "2025-03-04", org=Organization("apple", "Apple"))
    days = [Day(dt.date(2025, 3, 4), [c]), Day(dt.date(2025, 1, 3), [a, b]), Day(dt.date(2025, 1, 2), [a]),
            Day(dt.date(2024, 12, 30), [a])]
    orgs = [(Org("apple", "Apple", dt.date(2025, 3, 4), 1), [c]),
            (Org("evil", hostile.name, dt.date(2024, 12, 30), 2), [b, a])]
    return Archive(days=days, papers={p.slug: p for p in (a, b, c)}, tags=[(attention, [b, a])], orgs=orgs)


def test_levels_and_legend_agree():
    assert [stats.level(n) for n in (0, 1, 19, 20, 39, 40, 59, 60, 500)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert stats.legend() == [("l0", "no digest"), ("l1", "1–19"), ("l2", "20–39"), ("l3", "40–59"),
                              ("l4", "60 or more")]


def test_a_heat_map_has_a_cell_for_every_day_and_a_link_for_each_digest():
    maps = stats.heat_maps(small_archive().days, "../")
    assert [(m.year, m.days, m.papers) for m in maps] == [(2025, 3, 3), (2024, 1, 1)]
    page = Elements(str(maps[0].svg))
    links = page.all("a")
    assert [a["href"] for a, _, _ in links] == ["../days/2025-03-04/", "../days/2025-01-03/", "../days/2025-01-02/"]
    assert [a["aria-label"] for a, _, _ in links] == [
        "Tuesday, 4 March 2025: 1 paper", "Friday, 3 January 2025: 2 papers", "Thursday, 2 January 2025: 1 paper"]
    assert [text for _, text, _ in links] == [a["aria-label"] for a, _, _ in links]  # the <title>: a tooltip
    assert page.all("svg")[0][0]["aria-labelledby"] == "heat-2025"
    squares = page.all("path")[0][0]["d"].count("z")
    assert squares + len(links) == 365  # a cell a day: the year's other days are one path's squares
    # Monday at the top, a week a column: 3 January 2025 is a Friday in the first week.
    cells = {a["href"]: r for (a, _, _), (r, _, _) in zip(links, page.all("rect"))}
    friday = cells["../days/2025-01-03/"]
    assert (friday["x"], friday["y"], friday["class"]) == (str(stats.LEFT), str(stats.TOP + 4 * stats.STEP), "l1")


def test_months_count_different_papers_and_months_without_a_digest_count_zero():
    archive = small_archive()
    charts = {c.id: c for c in stats.charts(archive)}
    assert list(charts) == ["per-month", "tags", "orgs"]
    rows = {label: numbers for label, _, numbers in charts["per-month"].table.rows}
    # Paper a on 2 and 3 January counts once there; and once in December 2024.
    assert rows == {"December 2024": [1, 1], "January 2025": [2, 2], "February 2025": [0, 0], "March 2025": [1, 1]}
    tags = charts["tags"].table
    assert tags.columns == [("Month", None), ("Attention & <Heads>", "tags/attention/")]
    assert [numbers for _, _, numbers in tags.rows] == [[1], [2], [0], [0]]
    assert charts["orgs"].table.rows == [('<script>alert("x")</script> & Co', "orgs/evil/", [2]),
                                         ("Apple", "orgs/apple/", [1])]


def test_text_in_the_charts_is_escaped():
    for chart in stats.charts(small_archive()):
        svg = str(chart.svg)
        assert "<script" not in svg and "<Heads>" not in svg
        assert Elements(svg).all("svg")[0][0] == {
            "class": "dpa-chart", "width": "720", "height": svg.split('height="')[1].split('"')[0],
            "viewbox": svg.split('viewBox="')[1].split('"')[0], "font-size": "12", "role": "img",
            "aria-labelledby": f"{chart.id}-caption"}
    orgs = str(stats.charts(small_archive())[2].svg)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in orgs


def test_the_same_archive_gives_the_same_bytes_and_coordinates_have_one_decimal():
    one, two = stats.charts(small_archive()), stats.charts(small_archive())
    assert one == two and stats.heat_maps(small_archive().days, "") == stats.heat_maps(small_archive().days, "")
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]+)"', "".join(str(c.svg) for c in one))
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


def test_ticks_are_round():
    assert stats._ticks(278) == [0, 100, 200, 300]
    assert stats._ticks(4) == [0, 1, 2, 3, 4]
    assert stats._ticks(1) == [0, 1]
    assert stats._ticks(1234) == [0, 500, 1000, 1500]


def test_an_empty_archive_has_no_charts():
    assert stats.charts(Archive(days=[], papers={}, tags=[])) == []
    assert stats.heat_maps([], "") == []


# The bundled archive, built


def test_the_archive_page_opens_with_a_heat_map_linking_every_day(bundled):
    page = Elements(html(bundled, "archive"))
    svgs = page.all("svg", class_="dpa-heat")
    assert len(svgs) == 1 and svgs[0][0]["aria-labelledby"] == "heat-2025"
    assert page.all("figcaption", id="heat-2025")[0][1] == "2025: 5 days with a digest, 433 papers"
    cells = [(a, text) for a, text, within in page.all("a") if "svg" in within]
    assert [a["href"] for a, _ in cells] == [f"../days/{d}/" for d in DAYS]  # newest first, as the list below
    assert [a["aria-label"] for a, _ in cells] == [LABELS[d] for d in DAYS]
    assert [text for _, text in cells] == [LABELS[d] for d in DAYS]
    for a, _ in cells:  # each resolves, from /archive/
        assert (bundled.root / "site/archive" / a["href"] / "index.html").resolve().is_file()
    shades = [r["class"] for r, _, within in page.all("rect") if "a" in within]
    assert shades == ["l2", "l4", "l4", "l3", "l4"]  # 39, 76, 66, 51, 234 papers
    text = html(bundled, "archive")
    assert text.index('class="dpa-heat"') < text.index('class="dpa-archive"')  # it opens the page
    # Its own link to the charts, beside the nav's tab on every page.
    assert [a["href"] for a, _, within in page.all("a") if a.get("href") == "../stats/" and "nav" not in within] \
        == ["../stats/"]
    assert (bundled.root / "site/stats/index.html").is_file()


def digest_months() -> dict[str, set[str]]:
    """The different papers of each month, read from the bundled digests' YAML as it is."""
    months: dict[str, set[str]] = defaultdict(set)
    for path in sorted((REPO / "digests").glob("2*.yaml")):
        digest = load_yaml(path.read_text())
        months[str(digest["date"])[:7]].update(p["slug"] for p in digest["papers"])
    return months


def test_the_stats_page_has_three_charts_each_with_caption_and_table(bundled):
    text = html(bundled, "stats")
    page = Elements(text)
    assert page.all("h1")[0][1] == "Statistics"
    assert re.search(r"<title>Statistics - Daily Papers Archive</title>", text)
    figures = page.all("figure")
    assert len(figures) == 3
    for figure_id in ("per-month", "tags", "orgs"):
        caption = page.all("figcaption", id=f"{figure_id}-caption")
        assert len(caption) == 1 and caption[0][1] and "figure" in caption[0][2]
        svg = page.all("svg", **{"aria-labelledby": f"{figure_id}-caption"})
        assert len(svg) == 1 and svg[0][0]["role"] == "img"
    tables = page.all("table")
    assert len(tables) == 3 and all("details" in within for _, _, within in tables)
    assert [s for _, s, _ in page.all("summary")] == ["The numbers"] * 3
    assert text.index('id="per-month-caption"') < text.index("<table>") < text.index('id="tags-caption"')


def table_rows(text: str, n: int) -> list[list[str]]:
    """The nth table's rows, as their cells' text (links and all markup dropped)."""
    table = text.split("<table>")[n + 1].split("</table>")[0]
    return [[" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)]


def test_the_numbers_follow_the_sites_counting_rule(bundled):
    text = html(bundled, "stats")
    per_month = {row[0]: row[1:] for row in table_rows(text, 0)[1:]}
    expected = digest_months()
    assert expected["2025-03"].__len__() == 278 == 51 + 234 - 7  # March's days share 7 papers
    for key, papers in expected.items():
        name = f"{dt.date(int(key[:4]), int(key[5:]), 1):%B %Y}"
        assert per_month[name][1] == str(len(papers)), name
    assert per_month["March 2025"] == ["2", "278"] and per_month["November 2025"] == ["1", "76"]
    assert per_month["December 2025"] == ["1", "39"] and per_month["October 2025"] == ["1", "66"]
    assert list(per_month) == [f"{m} 2025" for m in ("March", "April", "May", "June", "July", "August", "September",
                                                      "October", "November", "December")]
    assert per_month["June 2025"] == ["0", "0"]
    # The archive page counts the same.
    for name, (_, papers) in per_month.items():
        if papers != "0":
            assert f"{name} {papers} papers" in " ".join(Elements(html(bundled, "archive")).all("body")[0][1].split())
    # The chart says the same as its table: a bar per month with papers, named by its <title>.
    assert re.findall(r"<title>(\w+ 2025: \d+ papers)</title>", text)[:4] == [
        "March 2025: 278 papers", "October 2025: 66 papers", "November 2025: 76 papers", "December 2025: 39 papers"]


def test_the_largest_tags_count_their_different_papers_each_month(bundled):
    text = html(bundled, "stats")
    rows = table_rows(text, 1)
    header, body = rows[0], rows[1:]
    assert header == ["Month", "Large Language Models", "Representation Learning", "Computer Vision",
                      "Training Dynamics and Theory", "Vision-Language Models"]
    head = text.split("<table>")[2].split("</thead>")[0]
    slugs = re.findall(r'<th scope="col"><a href="\.\./tags/([a-z0-9-]+)/">', head)
    assert len(slugs) == 5
    tag_page = Elements(html(bundled, "tags"))
    for i, (name, slug) in enumerate(zip(header[1:], slugs), start=1):
        assert [t for a, t, _ in tag_page.all("a") if a.get("href") == f"../tags/{slug}/"] == [name]
        # the tag's papers, from its page and its month pages; the months each was featured, from its page
        tag_html = html(bundled, f"tags/{slug}")
        papers = set(re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', tag_html))
        for month in re.findall(rf'href="\.\./\.\./(tags/{slug}/\d{{4}}-\d{{2}})/"', tag_html):
            papers |= set(re.findall(r'href="\.\./\.\./\.\./papers/([^/"]+)/"', html(bundled, month)))
        counted: dict[str, int] = defaultdict(int)
        for paper_slug in papers:
            paper_html = html(bundled, f"papers/{paper_slug}")
            for month in set(re.findall(r'href="\.\./\.\./days/(\d{4}-\d{2})-\d{2}/"', paper_html)):
                counted[month] += 1
        by_name = {row[0]: int(row[i]) for row in body}
        for key in ("2025-03", "2025-10", "2025-11", "2025-12"):
            assert by_name[f"{dt.date(2025, int(key[5:]), 1):%B} 2025"] == counted[key], (name, key)
        assert sum(by_name.values()) == sum(counted.values()), name
    assert int(body[0][1]) == 54  # Large Language Models in March 2025


def test_the_most_frequent_organisations_are_counted_as_their_pages_count_them(bundled):
    rows = table_rows(html(bundled, "stats"), 2)
    assert rows[0] == ["Organisation", "Papers"]
    orgs_page = " ".join(Elements(html(bundled, "orgs")).all("body")[0][1].split())
    assert [r[0] for r in rows[1:]] == ["Apple", "Spiral Works", "Stanford NLP", "TongyiLab"]
    for name, count in rows[1:]:
        assert f"{name} {count}" in orgs_page


# In Chromium


def test_the_charts_draw_and_a_heat_map_cell_opens_its_day(bundled, visit):
    page, errors = visit(bundled.root / "site", "/stats/")
    sizes = page.evaluate("[...document.querySelectorAll('figure svg')].map((s) => [s.getBoundingClientRect().width,"
                          " s.getBoundingClientRect().height, s.querySelectorAll('rect.bar').length])")
    assert len(sizes) == 3 and all(w > 300 and h > 50 and bars > 0 for w, h, bars in sizes), sizes
    bar = page.evaluate("document.querySelector('rect.bar').getBBox().height")
    assert bar > 100  # March's bar, most of the chart's height
    assert page.get_by_role("img", name=re.compile(r"^Papers featured each month, March 2025 to December 2025")).count() == 1
    page.locator("summary", has_text="The numbers").first.click()
    assert page.get_by_role("cell", name="278").first.is_visible()

    page, errors2 = visit(bundled.root / "site", "/archive/")
    heat = page.locator("svg.dpa-heat")
    box = heat.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 80
    cell = page.get_by_role("link", name=LABELS["2025-11-18"])
    assert cell.count() == 1
    fill = cell.locator("rect").evaluate("(r) => getComputedStyle(r).fill")
    empty = page.locator("svg.dpa-heat path").evaluate("(p) => getComputedStyle(p).fill")
    assert fill != empty and fill.startswith("rgb")
    cell.click()
    page.wait_for_url("**/days/2025-11-18/")
    assert page.locator("h1").inner_text() == "Daily Papers: Tuesday, 18 November 2025"
    assert errors == [] and errors2 == []


def test_a_keyboard_reaches_the_cells_newest_first(bundled, visit):
    page, errors = visit(bundled.root / "site", "/archive/")
    page.locator("svg.dpa-heat a").first.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == LABELS["2025-12-09"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == LABELS["2025-11-18"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/days/2025-11-18/")
    assert errors == []


def test_an_organisations_name_is_text_in_the_charts(hostile):
    text = html(hostile, "stats")
    assert "<i>Evil" not in text and "<script>alert" not in text
    svg = text.split('aria-labelledby="orgs-caption"')[1].split("</svg>")[0]
    assert "&lt;i&gt;Evil&lt;/i&gt; Org" in svg  # the bar's label and its <title>
    table = text.split("<table>")[3].split("</table>")[0]
    assert re.search(r'<th scope="row"><a href="\.\./orgs/evil/">&lt;i&gt;Evil&lt;/i&gt; Org</a></th>', table)
