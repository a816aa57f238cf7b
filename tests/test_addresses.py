"""Every address the site derives from a digest's or the taxonomy's text is one the build can publish:
an organisation's (/orgs/<handle>/) and a tag's (/tags/<name>/) as much as a paper's.

- bounded: a handle or name of any length makes a file name the filesystem takes;
- never a name the site already uses: an organisation or tag called "index" is not the list page;
- one address per identity: a Cyrillic "аpple" is not /orgs/apple/, and "!!!", "???" and "org"
  are three organisations. Hugging Face handles are case-insensitive: "Qwen" and "qwen" are one;
- what cannot have an address of its own is refused in one line, by `import` and by `check`;
- and the addresses the bundled archive published stay exactly as they are.
"""
from __future__ import annotations

import posixpath
import re
import shutil

import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, SEEDS
from generator import store
from generator.errors import InputError
from generator.model import SLUG, TITLE_KEY, normalise_title
from generator.site.linkcheck import check_links
from generator.slugs import RESERVED, SlugRegistry, org_slug
from generator.taxonomy import load_taxonomy
from html_page import read_page
from test_properties import profile

DAY = "2025-06-02"
NAME_MAX = 255  # bytes in one file name (ext4, and most filesystems)
ORG_MAX, TAG_MAX = 96, 80  # the longest organisation and tag address parts (digests/README.md)

# Today's addresses of the bundled archive (digests/*.yaml, tags.yaml), worked out before addresses
# were bounded: published, so never to change.
BUNDLED_ORGS = {"alibabatongyilab", "apple", "spiralworks", "stanfordnlp"}
BUNDLED_TAGS = {
    "large-language-models", "in-context-learning", "prompting", "interpretability", "representation-learning",
    "attention", "transformers", "efficiency-and-sparsity", "long-context", "reasoning", "vision-language-models",
    "computer-vision", "generative-models-and-diffusion", "training-dynamics-and-theory",
    "fine-tuning-and-alignment", "reinforcement-learning", "hallucination-and-factuality", "data-and-pretraining",
    "benchmarks-and-evaluation", "cognitive-science-and-neuroscience", "linguistics", "continual-learning"}

CJK = "莊" * 50  # 150 bytes, and 349 characters once slugified
LONG = "a" * 300
# (handle, its display name): every paper's organisation in the hostile day, one paper each.
HANDLES = [
    ("apple", "Apple"), ("\u0430pple", "Impostor"),  # the second starts with a Cyrillic а
    ("!!!", "Bangs"), ("???", "Questions"), ("org", "Plain Org"),
    ("index", "Index Lab"), (LONG, "Long Handle"), (CJK, "Zhuang Lab"),
    ("Qwen", "Qwen"), ("qwen", "Qwen Team"), ("ByteDance-Seed", "ByteDance Seed"),
]
LONG_TAG = " ".join(["Extraordinarily"] * 30)  # 479 characters
TAGS = [(LONG_TAG, "orchards"), (CJK, "orchards"), ("Index Of Everything", "orchards")]


def identity(handle: str) -> str:
    """What makes two handles one organisation: Hugging Face's handles are ASCII, in any case."""
    return handle.lower() if handle.isascii() else handle


def page_text(papers: list[tuple[str, str]]) -> str:
    """A Daily Papers page: one paper about orchards per (handle, name)."""
    return "Daily Papers\n\nJun 2\n\n" + "".join(
        f"Orchards Study Number {i}\n\nWe study orchards, number {i}.\n\n{handle} {name}\n·\nJun 1 {i}\n\n"
        for i, (handle, name) in enumerate(papers, 1))


def taxonomy_with(names: list[tuple[str, str]]) -> str:
    """tags.yaml, with these tags (name, the one phrase it matches) after the bundled ones."""
    return (REPO / "tags.yaml").read_text(encoding="utf-8") + "".join(
        f"- name: {yaml.safe_dump(name, allow_unicode=True, width=10_000).splitlines()[0]}\n"
        f"  description: A hostile name.\n  match: [{phrase}]\n" for name, phrase in names)


def address_part(address: str, folder: str) -> str:
    """'orgs/apple/' -> 'apple'."""
    assert address.startswith(folder) and address.endswith("/") and address.count("/") == 2, address
    return address[len(folder):-1]


def fits(part: str, bound: int) -> bool:
    """A folder name and the file beside it (part.md, part.xml) the filesystem takes, and not the list page's."""
    return 0 < len(part) <= bound and len((part + ".xml").encode()) <= NAME_MAX and "/" not in part \
        and part not in RESERVED and part not in (".", "..")


# --- through the real commands ------------------------------------------------------------------

def test_hostile_handles_and_tag_names_each_get_one_bounded_address_that_a_build_publishes(project, tmp_path):
    (project.root / "tags.yaml").write_text(taxonomy_with(TAGS[:2]), encoding="utf-8")
    source = tmp_path / f"{DAY}.txt"
    source.write_text(page_text(HANDLES), encoding="utf-8")
    project.ok("import", str(source))
    project.ok("check")
    project.ok("build")
    site = project.root / "site"
    assert check_links(site).broken == []

    (digest,) = store.load_digests(project.digests)
    address: dict[str, str] = {}  # identity -> its organisation's address, as the paper page links it
    for entry in digest.entries:
        assert entry.organization and entry.slug
        page = read_page(site / "papers" / entry.slug / "index.html")
        (href,) = {h for h, _ in page.links if re.search(r"/orgs/[^/]+/$", h)}  # not the nav's list of them
        org = posixpath.normpath(posixpath.join(f"papers/{entry.slug}/", href)) + "/"
        assert address.setdefault(identity(entry.organization.handle), org) == org
        assert fits(address_part(org, "orgs/"), ORG_MAX)
        listed = read_page(site / org / "index.html")
        assert any(text == entry.title for _, text in listed.links), (org, entry.title)
    assert len(address) == len({identity(h) for h, _ in HANDLES}) == len(set(address.values())) == 10
    assert address["apple"] == "orgs/apple/" and address["qwen"] == "orgs/qwen/"
    assert address["bytedance-seed"] == "orgs/bytedance-seed/" and address["org"] == "orgs/org/"

    impostor = read_page(site / "orgs/apple/index.html")  # Apple's page lists Apple's paper, no one else's
    assert impostor.h1 == ["Apple"]
    assert [t for _, t in impostor.links if t.startswith("Orchards Study")] == ["Orchards Study Number 1"]
    assert read_page(site / "orgs/index.html").h1 != ["Index Lab"]  # the list of organisations is still there
    assert not (project.root / "docs/orgs/index.md").exists()

    tags = {p.stem for p in (project.root / "docs/tags").glob("*.md")}
    hostile = tags - {t.slug for t in load_taxonomy(REPO / "tags.yaml")}
    assert BUNDLED_TAGS < tags and len(hostile) == 2
    for tag in hostile:
        assert fits(tag, TAG_MAX) and (site / "tags" / tag / "index.html").exists()
        assert (site / "feeds" / "tags" / f"{tag}.xml").exists()


def test_a_tag_called_index_is_refused_in_one_line_naming_it(project):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    (project.root / "tags.yaml").write_text(taxonomy_with(TAGS[2:] + [("Index", "orchards")]), encoding="utf-8")
    lines = (project.root / "tags.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("- name: Index") + 1
    for command in ("check", "generate"):
        result = project.run(command)
        assert result.code == 1, result
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert f"tags.yaml:{line}: tag 'Index'" in result.err and "tags/index/" in result.err, result.err
    assert not (project.root / "docs/tags").exists()


def test_a_handle_made_to_take_another_organisations_address_is_refused_by_import_and_check(project, tmp_path):
    first = tmp_path / f"{DAY}.txt"
    first.write_text(page_text([("!!!", "Bangs"), ("???", "Questions")]), encoding="utf-8")
    project.ok("import", str(first))
    project.ok("generate")
    (taken,) = [p.stem for p in (project.root / "docs/orgs").glob("*.md")  # the address "!!!" was given
                if "Bangs" in p.read_text(encoding="utf-8")]
    assert re.fullmatch(r"[a-z0-9._-]+", taken)

    before = project.snapshot()
    second = tmp_path / "2025-06-03.txt"
    second.write_text(page_text([(taken, "Squatter")]).replace("Jun 2", "Jun 3").replace("Number 1", "Number 9"),
                      encoding="utf-8")
    result = project.run("import", str(second))
    assert result.code == 1, result
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert f"'{taken}'" in result.err and "'!!!'" in result.err and f"orgs/{taken}/" in result.err, result.err
    assert project.snapshot() == before  # nothing half-written

    digest = project.digests / f"{DAY}.yaml"  # the same, edited by hand
    text = digest.read_text(encoding="utf-8").replace("handle: ???", f"handle: {taken}")
    assert f"handle: {taken}" in text
    digest.write_text(text, encoding="utf-8")
    line = text.splitlines().index("- slug: orchards-study-number-2") + 1
    for command in ("check", "build"):
        result = project.run(command)
        assert result.code == 1, result
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert f"{DAY}.yaml:{line}: " in result.err and f"orgs/{taken}/" in result.err, result.err
        assert f"'{taken}'" in result.err and "'!!!'" in result.err, result.err


def test_the_bundled_archive_keeps_every_organisation_and_tag_address(project):
    shutil.copytree(REPO / "digests", project.digests)
    project.ok("generate")
    docs = project.root / "docs"
    assert {p.stem for p in (docs / "orgs").glob("*.md")} == BUNDLED_ORGS
    assert BUNDLED_TAGS <= {p.stem for p in (docs / "tags").glob("*.md")}  # tags may be added, never moved
    # Handles as Hugging Face gives them keep the address lowercasing gives them.
    assert [org_slug(h) for h in ("AlibabaTongyiLab", "ByteDance-Seed", "Qwen", "qwen", "meta-llama", "a.b_c")] \
        == ["alibabatongyilab", "bytedance-seed", "qwen", "qwen", "meta-llama", "a.b_c"]


# --- properties, in process ---------------------------------------------------------------------

HF_HANDLE = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}", fullmatch=True)
HANDLE = st.one_of(
    HF_HANDLE, st.text(min_size=1, max_size=300), st.text(alphabet="莊漢字鑫аеорсух", min_size=1, max_size=120),
    st.sampled_from([h for h, _ in HANDLES] + ["Index", "INDEX", "org-0", "-", ".", "..", "a/b", "Org"]))


@profile(300)
@given(st.lists(HANDLE, min_size=1, max_size=12))
def test_every_handle_gets_a_file_name_of_its_own(handles):
    handles = handles + [h.upper() for h in handles if h.isascii()] + [h for h, _ in HANDLES] + sorted(BUNDLED_ORGS)
    by_address: dict[str, str] = {}
    for handle in handles:
        part = org_slug(handle)
        assert fits(part, ORG_MAX), (handle, part)
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", part), (handle, part)
        assert by_address.setdefault(part, identity(handle)) == identity(handle), (handle, part)


@profile(300)
@given(HF_HANDLE)
def test_a_hugging_face_handle_keeps_its_address_lowercased(handle):
    if handle.lower() not in RESERVED:
        assert org_slug(handle) == handle.lower()


TAG_NAME = st.one_of(st.text(min_size=1, max_size=300), st.sampled_from([LONG_TAG, CJK, "Index", "index!", "!!!"]),
                     st.text(alphabet="莊漢ab -", min_size=1, max_size=200))


@profile(200)
@given(st.lists(TAG_NAME, min_size=1, max_size=6))
def test_every_tag_name_gets_a_file_name_of_its_own_or_one_line_saying_why_not(tmp_path_factory, names):
    path = tmp_path_factory.mktemp("tags") / "tags.yaml"
    path.write_text(yaml.safe_dump([{"name": n, "description": "d", "match": ["x"]} for n in names],
                                   allow_unicode=True), encoding="utf-8")
    try:
        tags = load_taxonomy(path)
    except InputError as e:
        assert len(str(e).splitlines()) == 1 and str(e).startswith(f"{path}:")
        return
    assert len({t.slug for t in tags}) == len(tags) == len(names)
    for tag in tags:
        assert fits(tag.slug, TAG_MAX) and SLUG.fullmatch(tag.slug), tag


@profile(200)
@given(st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=12))
def test_every_paper_title_gets_a_file_name_of_its_own(titles):
    registry = SlugRegistry({"index-2": ["title:taken"]})
    slugs = [registry.assign(t, (f"{TITLE_KEY}{i}:{normalise_title(t)}",)) for i, t in enumerate(titles)]
    assert len(set(slugs)) == len(slugs) and "index-2" not in slugs
    for slug in slugs:
        assert fits(slug, 90) and SLUG.fullmatch(slug), slug
