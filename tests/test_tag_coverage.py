"""Tags that name the topic (tags.yaml, generator/taxonomy.py), through the real commands: a title that
names a topic gets its tag beside a broad one, in any of the topic word's forms; and on the bundled
archive and a real-shaped one no tag is on more than a quarter of the papers, and 95% have a tag.
(benchmarks/tags.py measures the same on 12,000 real-shaped papers.)"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from benchmarks.listings import days_with_papers, listing, write_listing
from conftest import REPO, Project
from generator import pipeline
from generator.archive import Archive
from generator.project import Project as Paths
from generator.taxonomy import Tagger, load_taxonomy

HALLUCINATION, LLM = "tags/hallucination-and-factuality/", "tags/large-language-models/"
TITLES = {  # title -> the paper's page
    "Why Language Models Hallucinate": "why-language-models-hallucinate.md",
    "Vision Models Hallucinating Objects": "vision-models-hallucinating-objects.md",
    "Hallucinations in Speech Recognizers": "hallucinations-in-speech-recognizers.md",
}
WIDEST, UNTAGGED = 0.25, 0.05
PUBLISHED = ["large-language-models", "in-context-learning", "prompting", "interpretability",
             "representation-learning", "attention", "transformers", "efficiency-and-sparsity", "long-context",
             "reasoning", "vision-language-models", "computer-vision", "generative-models-and-diffusion",
             "training-dynamics-and-theory", "fine-tuning-and-alignment", "reinforcement-learning",
             "hallucination-and-factuality", "data-and-pretraining", "benchmarks-and-evaluation",
             "cognitive-science-and-neuroscience", "linguistics", "continual-learning"]  # tags.yaml's before this issue


def tagged_pages(project: Project, titles: list[str]) -> dict[str, str]:
    """Import one real-shaped day whose first papers have these titles, generate the site, and
    return each of those papers' pages."""
    day = dt.date(2025, 9, 2)
    items = listing(day)
    for item, title in zip(items, titles):
        item["title"] = item["paper"]["title"] = title
    source = project.root / f"{day}.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    project.ok("import", str(source))
    project.ok("generate")
    return {title: (project.root / "docs" / "papers" / TITLES[title]).read_text(encoding="utf-8") for title in titles}


def test_a_title_that_names_hallucination_gets_the_tag_beside_the_broad_llm_one(project):
    page = tagged_pages(project, ["Why Language Models Hallucinate"])["Why Language Models Hallucinate"]
    assert HALLUCINATION in page
    assert LLM in page  # the broad tag stays beside it


def test_the_topic_word_matches_in_its_forms(project):
    pages = tagged_pages(project, list(TITLES))
    for title, page in pages.items():
        assert HALLUCINATION in page, title
    assert LLM not in pages["Vision Models Hallucinating Objects"]


def test_an_abstract_gives_the_tags_it_mentions_most_not_a_broad_one_in_passing():
    tagger = Tagger(load_taxonomy(REPO / "tags.yaml"))
    abstract = ("Large language models hallucinate. We trace each hallucination to its source, and find that "
                "hallucinations follow from how language models are trained.")
    assert [t.slug for t in tagger.tag("Where Made-Up Answers Come From", abstract)] == ["hallucination-and-factuality"]


def test_every_published_tag_keeps_its_page():
    slugs = {tag.slug for tag, _ in pipeline.check(Paths(REPO)).tags}
    assert set(PUBLISHED) <= slugs, set(PUBLISHED) - slugs


def shares(archive: Archive) -> tuple[list[tuple[str, float]], list[str]]:
    """The three widest tags with their share of papers, and the titles of the papers with no tag."""
    papers = list(archive.papers.values())
    share = Counter({tag.name: len(tagged) / len(papers) for tag, tagged in archive.tags})
    return share.most_common(3), [p.entry.title for p in papers if not p.tags]


def assert_tags_filter(archive: Archive) -> None:
    widest, untagged = shares(archive)
    assert widest[0][1] <= WIDEST, f"a tag on more than {WIDEST:.0%} of papers: {widest}"
    papers = len(archive.papers)
    assert len(untagged) <= UNTAGGED * papers, f"{len(untagged)} of {papers} untagged: {untagged[:5]}"


def test_on_the_bundled_archive_no_tag_is_on_more_than_a_quarter_and_95_percent_are_tagged():
    assert_tags_filter(pipeline.check(Paths(REPO)))


def test_on_a_real_shaped_archive_no_tag_is_on_more_than_a_quarter_and_95_percent_are_tagged(project, tmp_path):
    listings = tmp_path / "listings"
    listings.mkdir()
    days = days_with_papers(dt.date(2025, 1, 1), dt.date(2025, 2, 28))[:20]
    project.ok("import", *(str(write_listing(listings, day)) for day in days))
    archive = pipeline.check(Paths(project.root))
    assert len(archive.papers) > 500
    assert_tags_filter(archive)
