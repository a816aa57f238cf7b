"""The theme's share of a paper page: what overrides/main.html (and the wrappers of
generator/templates/paper.md.j2) put around the paper, paid once per paper on GitHub Pages.

How a page is cut: the paper's own element, <article class="dpa-paper ...">...</article>, is taken out
whole; everything else is the theme's: the head, the header, the tabs, the wrappers, the scripts. In the
head, the texts that are the paper's (its title in <title> and og:title, its description, its canonical
URL and its og:image) are the paper's share, like its article; the tags that carry them, and the
" - <site name>" after the title, are the theme's."""
import re

THEME_BUDGET = 2_048

# The paper's own texts in the head: each one's value, as the page writes it.
PAPER_TEXTS = re.compile(r'(?<=<meta name="description" content=")[^"]*'
                         r'|(?<=<link rel="canonical" href=")[^"]*'
                         r'|(?<=<meta property="og:(?:title|image)" content=")[^"]*'
                         r'|(?<=<title>).*?(?= - Daily Papers Archive</title>)')


def theme_share(html: str) -> int:
    start = html.index('<article class="dpa-paper')
    end = html.index("</article>", start) + len("</article>")  # a paper's article holds no other
    outside = html[:start] + html[end:]
    return len(PAPER_TEXTS.sub("", outside).encode())


def test_the_cut_takes_out_the_article_and_the_papers_texts_only():
    page = ('<!doctype html><title>A &lt;b&gt; - Daily Papers Archive</title>'
            '<meta name="description" content="Its lead."><link rel="canonical" href="https://x/papers/a/">'
            '<meta property="og:title" content="A &lt;b&gt;"><main><article class="dpa-paper dpa-paper--page">'
            '<h1>A</h1></article><script src="../../javascripts/cite.js" defer></script></main>')
    assert theme_share(page) == len(
        '<!doctype html><title> - Daily Papers Archive</title><meta name="description" content="">'
        '<link rel="canonical" href=""><meta property="og:title" content=""><main>'
        '<script src="../../javascripts/cite.js" defer></script></main>')


def test_the_theme_takes_at_most_2_kb_of_a_paper_page(bundled):
    pages = sorted((bundled.root / "site/papers").glob("*/index.html"))
    shares = {path.parent.name: theme_share(path.read_text(encoding="utf-8")) for path in pages}
    assert len(shares) == 433
    worst = max(shares, key=shares.__getitem__)
    assert shares[worst] <= THEME_BUDGET, f"{worst}: {shares[worst]} bytes of theme"


def test_no_paper_text_of_the_head_is_left_in_the_theme(bundled):
    """The cut's patterns match the head as the theme writes it: were a tag reworded, the paper's text
    in it would be counted as theme and the budget above would catch it, not pass it by."""
    html = (bundled.root / "site/papers/the-consciousness-prior/index.html").read_text(encoding="utf-8")
    start = html.index('<article class="dpa-paper')
    outside = PAPER_TEXTS.sub("", html[:start] + html[html.index("</article>", start):])
    assert "Consciousness" not in outside and "the-consciousness-prior" not in outside
    assert len(PAPER_TEXTS.findall(html[:start])) == 4  # title, description, canonical, og:title

