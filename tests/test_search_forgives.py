"""Search that forgives (issue 28): a quoted author's name, letters typed without their accents, a
Greek letter in a name, a word misspelt, all find what the reader meant, and the header box and
/search/ rank one query alike. The bundled archive, plus a day of papers chosen for it, in Chromium."""
import json
import shutil
import unicodedata
from urllib.parse import quote

import pytest

from conftest import built_once, load_yaml, Project, REPO
from test_search import header_search, results

# Papers the bundled archive lacks: named authors (one with an accented name), a title with a Greek letter,
# and titles that say "bench" more briefly than the τ-bench paper's, so that "bench" alone ranks it low.
DAY = """date: 2025-12-10
source: forgiving.txt
papers:
- slug: tau-bench-a-benchmark-for-tool-agent-user-interaction-in-real-world-domains
  title: 'τ-bench: A Benchmark for Tool-Agent-User Interaction in Real-World Domains'
  author_names: [Shunyu Yao, Noah Shinn, Pedram Razavi, Karthik Narasimhan]
  abstract: Existing benchmarks do not test language agents on their interaction with human users.
- slug: swe-bench-verified
  title: SWE-bench Verified
  abstract: A bench of verified software engineering tasks, a bench for coding agents.
- slug: bench-press-for-agents
  title: Bench Press for Agents
  abstract: A small bench for agents, and a bench for tools.
- slug: aya-model-an-instruction-finetuned-open-access-multilingual-language-model
  title: 'Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model'
  author_names: [Ahmet Üstün, Viraat Aryabumi, Zheng-Xin Yong, Sara Hooker]
  abstract: We introduce Aya, a massively multilingual generative language model that follows instructions.
- slug: self-supervised-learning-from-images-with-a-joint-embedding-predictive-architecture
  title: Self-Supervised Learning from Images with a Joint-Embedding Predictive Architecture
  author_names: [Mahmoud Assran, Quentin Duval, Ishan Misra, Yann LeCun, Nicolas Ballas]
  abstract: This paper demonstrates an approach for learning highly semantic image representations.
"""
JEPA = "Self-Supervised Learning from Images with a Joint-Embedding Predictive Architecture"


@pytest.fixture(scope="session")
def forgiving(tmp_path_factory) -> Project:
    def make(p: Project) -> None:
        shutil.copytree(REPO / "digests", p.digests)
        (p.digests / "2025-12-10.yaml").write_text(DAY, encoding="utf-8")
        # the day's slugs, registered as `import` registers them (the title's key: NFKC, case folded)
        with open(p.digests / "slugs.yaml", "a", encoding="utf-8") as registry:
            for paper in load_yaml(DAY)["papers"]:
                key = " ".join(unicodedata.normalize("NFKC", paper["title"]).casefold().split())
                registry.write(f"{paper['slug']}:\n- {json.dumps('title:' + key)}\n")
        p.ok("build")
    return built_once(tmp_path_factory, "forgiving", make)


def page_titles(visit, site, query: str, exact: bool = False) -> tuple[list[str], object]:
    page, errors = visit(site, f"/search/?q={quote(query)}" + ("&exact=1" if exact else ""))
    titles = [title for title, _ in results(page)]
    assert errors == []
    return titles, page


def test_a_quoted_author_name_finds_the_authors_paper(forgiving, visit):
    titles, _ = page_titles(visit, forgiving.root / "site", '"Yann LeCun"')
    assert titles == [JEPA]


def test_a_name_typed_without_its_accents_finds_it(forgiving, visit):
    for query in ("Ustun", "Üstün", '"Ahmet Ustun"'):
        titles, _ = page_titles(visit, forgiving.root / "site", query)
        assert titles[:1] == ["Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model"], query


def test_a_greek_letter_is_a_word(forgiving, visit):
    titles, page = page_titles(visit, forgiving.root / "site", "τ-bench")
    assert titles[0].startswith("τ-bench:")
    assert page.locator(".dpa-search-page__results .dpa-result__title mark").first.inner_text() == "τ"


def test_a_misspelt_word_shows_results_for_the_word_meant(forgiving, visit):
    site = forgiving.root / "site"
    meant, _ = page_titles(visit, site, "diffusion")
    titles, page = page_titles(visit, site, "difusion")
    assert titles == meant and titles
    corrected = page.locator("[data-dpa-search-corrected]")
    assert corrected.inner_text().startswith("Showing results for diffusion")
    assert corrected.locator("em").inner_text() == "diffusion"
    corrected.get_by_role("link", name="difusion").click()
    page.wait_for_url("**/search/?q=difusion&exact=1")
    assert results(page) == []
    assert page.locator(".dpa-search-page__meta").inner_text() == "No papers match “difusion”"
    # two words, one misspelt as a reader might
    titles, page = page_titles(visit, site, "lotery ticket")
    assert titles and "Showing results for lottery ticket" in page.locator("[data-dpa-search-corrected]").inner_text()


def test_the_header_box_says_what_it_searched_for(forgiving, visit):
    page, errors = visit(forgiving.root / "site", "/")
    assert header_search(page, "difusion").count() > 0
    line = page.locator(".md-search [data-dpa-search-corrected]")
    assert line.inner_text().startswith("Showing results for diffusion")
    assert line.get_by_role("link", name="difusion").get_attribute("href").endswith("/search/?q=difusion&exact=1")
    assert errors == []


def test_the_header_box_and_the_search_page_give_one_order(forgiving, visit):
    """The header box also matches the last word as the start of longer words ("bench" finds
    benchmarks), but the papers that have the word as typed come first, in /search/'s order."""
    site = forgiving.root / "site"
    apart = {}
    for query in ("language model", "diffusion model", "reinforcement learning", "sparse attention", "agent bench"):
        page, errors = visit(site, "/")
        header = header_search(page, query).all_inner_texts()
        titles, _ = page_titles(visit, site, query)
        assert len(header) == 8 and errors == []
        if header[:len(titles)] != titles[:8]:
            apart[query] = (header, titles[:8])
    assert apart == {}
