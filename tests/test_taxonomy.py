"""The tagger's rules (generator/taxonomy.py), on a small tags.yaml read the way a build reads it;
and the real tags.yaml on the bundled archive: tags that filter."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO
from generator.pipeline import load_archive
from generator.project import Project
from generator.taxonomy import ABSTRACT_HITS, Tagger, dump_tag_cache, load_tag_cache, load_taxonomy

TAGS_YAML = """\
- name: Reinforcement Learning
  description: Learning from rewards.
  match: [RL]
- name: Diffusion
  description: Diffusion models.
  match: [diffusion]
- name: Transformers
  description: The transformer architecture.
  match: [transformer]
- name: Language Models
  description: Models of language.
  match: [language model]
- name: Patches
  description: Images cut into patches.
  match: [patch]
- name: Fine-Tuning
  description: Adapting a trained model.
  match: [LoRA]
"""


@pytest.fixture
def taxonomy(tmp_path: Path) -> Path:
    path = tmp_path / "tags.yaml"
    path.write_text(TAGS_YAML, encoding="utf-8")
    return path


@pytest.fixture
def tagger(taxonomy: Path) -> Tagger:
    return Tagger(load_taxonomy(taxonomy))


def slugs(tagger: Tagger, title: str, abstract: str = "") -> list[str]:
    return [tag.slug for tag in tagger.tag(title, abstract)]


def test_an_acronym_matches_only_in_capitals(tagger):
    assert slugs(tagger, "RL for Reasoning") == ["reinforcement-learning"]
    assert slugs(tagger, "rl for reasoning") == []
    assert slugs(tagger, "Rl for Reasoning") == []


def test_an_ordinary_phrase_matches_in_any_case(tagger):
    for title in ["Diffusion Planning", "planning with diffusion", "DIFFUSION PLANNING"]:
        assert slugs(tagger, title) == ["diffusion"], title
    assert slugs(tagger, "Language Model Agents") == ["language-models"]
    assert slugs(tagger, "LANGUAGE MODEL AGENTS") == ["language-models"]
    # not all capitals, so not an acronym: "LoRA" matches in any case
    assert slugs(tagger, "lora adapters") == slugs(tagger, "LORA Adapters") == ["fine-tuning"]


def test_a_phrase_matches_whole_words_only(tagger):
    assert slugs(tagger, "Prediffusion and Diffusional Flows") == []
    assert slugs(tagger, "Transformerless Patching") == []
    assert slugs(tagger, "Control") == []  # holds "rl", not the word RL
    # a hyphen or a slash separates words
    assert slugs(tagger, "Diffusion-Based Planning") == ["diffusion"]
    assert slugs(tagger, "Vision/Transformer") == ["transformers"]


def test_plurals_match(tagger):
    assert slugs(tagger, "Transformers Are Graph Networks") == ["transformers"]
    assert slugs(tagger, "Patches Are All You Need") == ["patches"]  # word + "es"
    assert slugs(tagger, "RLs Compared") == ["reinforcement-learning"]
    assert slugs(tagger, "Large Language Models Reason") == ["language-models"]
    assert slugs(tagger, "what language models know") == ["language-models"]
    assert slugs(tagger, "Language Modeling at Scale") == []  # not a plural


def test_a_phrase_once_in_the_title_tags_the_paper(tagger):
    assert slugs(tagger, "Diffusion Planning", "We plan.") == ["diffusion"]
    assert slugs(tagger, "Planning", "We plan.") == []


def test_the_abstract_counts_only_when_the_title_names_no_tag(tagger):
    abstract = "We plan with diffusion and RL. Diffusion is slow; RL is slower."
    assert slugs(tagger, "Planning", abstract) == ["reinforcement-learning", "diffusion"]
    assert slugs(tagger, "Transformer Planning", abstract) == ["transformers"]  # the title decides


def test_where_phrases_overlap_the_longest_counts_once(tmp_path):
    (tmp_path / "tags.yaml").write_text("""\
- name: Large Language Models
  description: LLMs.
  match: [large language model, language model, LLM]
- name: Vision-Language Models
  description: VLMs.
  match: [vision-language, multimodal LLM]
- name: Attention
  description: Attention.
  match: [attention, sparse attention]
- name: Efficiency
  description: Efficiency.
  match: [sparse, sparse attention]
""", encoding="utf-8")
    tagger = Tagger(load_taxonomy(tmp_path / "tags.yaml"))
    # another tag's longer phrase covers "language model" and "LLM": not an LLM paper
    assert slugs(tagger, "Why Vision-Language Models Reply in English") == ["vision-language-models"]
    assert slugs(tagger, "Probing Multimodal LLMs") == ["vision-language-models"]
    assert slugs(tagger, "Vision-Language Models and Language Models") == ["large-language-models",
                                                                             "vision-language-models"]
    # a phrase inside a longer one of the same tag is not a second mention
    assert slugs(tagger, "Planning", "We use a large language model.") == []
    assert slugs(tagger, "Planning", "A large language model. A language model.") == ["large-language-models"]
    # a longer phrase listed by two tags counts for both; its words do not count on their own
    assert slugs(tagger, "Sparse Attention Kernels") == ["attention", "efficiency"]
    assert slugs(tagger, "Planning", "Sparse attention is fast.") == []
    assert slugs(tagger, "Planning", "Sparse attention, sparse weights.") == ["efficiency"]


def test_on_the_bundled_archive_tags_filter():
    """The issue: no tag on more than 30% of the bundled archive's papers, and at least 95% tagged.
    (Before: "Large Language Models" on 48%, "Representation Learning" on 39%, 3.1 tags a paper.)"""
    archive = load_archive(Project(REPO))
    papers = list(archive.papers.values())
    share = {tag.name: len(tagged) / len(papers) for tag, tagged in archive.tags}
    widest = Counter(share).most_common(3)
    assert widest[0][1] <= 0.30, f"a tag on more than 30% of papers: {widest}"
    untagged = [p.entry.title for p in papers if not p.tags]
    assert len(untagged) <= 0.05 * len(papers), f"{len(untagged)} of {len(papers)} untagged: {untagged[:5]}"
    assert all(tagged for _, tagged in archive.tags), "a tag no paper has"


def test_in_the_abstract_a_phrase_needs_two_mentions(tagger):
    assert ABSTRACT_HITS == 2
    assert slugs(tagger, "Planning", "We plan with diffusion.") == []
    assert slugs(tagger, "Planning", "We plan with diffusion. Diffusion is slow.") == ["diffusion"]
    assert slugs(tagger, "Agents", "We study language models.") == []
    assert slugs(tagger, "Agents", "Language models act; a language model plans.") == ["language-models"]
    assert slugs(tagger, "Agents", "We use rl. Why rl?") == []  # still capitals only


def test_the_tagger_answers_from_known_tags_for_a_text_it_has_tagged_before(taxonomy):
    tags = load_taxonomy(taxonomy)
    first = Tagger(tags)
    assert slugs(first, "Diffusion Planning", "We plan.") == ["diffusion"]
    (key,) = first.used  # a hash of the title and abstract
    later = Tagger(tags, known={key: ["transformers"]})
    assert slugs(later, "Diffusion Planning", "We plan.") == ["transformers"]  # from known, not the rules
    assert slugs(later, "Diffusion Planning", "We plan again.") == ["diffusion"]  # another text: the rules
    assert later.used[key] == ["transformers"]  # kept for the next build's cache


def test_the_tag_cache_lasts_while_the_taxonomy_is_unchanged(tmp_path, taxonomy, tagger):
    slugs(tagger, "Diffusion Planning")
    slugs(tagger, "Planning")
    cache = tmp_path / "tags.pickle"
    assert load_tag_cache(cache, taxonomy) == {}  # no cache yet
    cache.write_bytes(dump_tag_cache(tagger, taxonomy))
    known = load_tag_cache(cache, taxonomy)
    assert known == tagger.used and sorted(known.values()) == [[], ["diffusion"]]

    taxonomy.write_text(TAGS_YAML.replace("[diffusion]", "[diffusion, score model]"), encoding="utf-8")
    assert load_tag_cache(cache, taxonomy) == {}
