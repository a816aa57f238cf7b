"""`enrich`: papers imported from page text, looked up by title on a local server that plays Hugging
Face's paper search, take an arXiv id, authors and links only from a result with exactly their title."""
import dataclasses
import http.server
import json
import shutil
import threading
import urllib.parse
from dataclasses import dataclass, field

import pytest

from conftest import load_yaml, REPO
from generator import fetch
from generator.enrich import Ambiguous, Found, exact_match
from generator.errors import InputError

DAY, NEXT = "2025-03-10", "2025-03-11"
HEADERS = {DAY: "Mar 10", NEXT: "Mar 11"}


@dataclass
class Search:
    """The fake search: what it answers for each q (else an empty list), and every request's q."""

    url: str
    answers: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)

    def has(self, title: str, *papers: dict) -> None:
        self.answers[title] = (200, results(*papers))

    def fails(self, title: str, status: int = 500, body: bytes = b"oops") -> None:
        self.answers[title] = (status, body)


@pytest.fixture
def search(monkeypatch):
    monkeypatch.setattr(fetch, "PATIENCE", dataclasses.replace(fetch.PATIENCE, backoff_s=0.0))  # retries at once
    state = Search("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            q = urllib.parse.parse_qs(parts.query).get("q", [""])[0]
            state.paths.add(parts.path)
            state.asked.append(q)
            status, body = state.answers.get(q, (200, b"[]"))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_port}"
    yield state
    server.shutdown()
    server.server_close()


def paper(arxiv_id: str, title: str, authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing", "Grace Hopper"),
          **more) -> dict:
    return {"id": arxiv_id, "title": title, "authors": [{"_id": str(i), "name": n} for i, n in enumerate(authors)],
            "summary": "The search's abstract.", "publishedAt": "2025-03-07T00:00:00.000Z", **more}


def results(*papers: dict) -> bytes:
    """The search's answer: items as the daily listing has them, each a `paper` and fields of its own."""
    return json.dumps([{"paper": p, "title": p["title"], "publishedAt": "2025-03-10T00:00:00.000Z"}
                       for p in papers]).encode()


def import_page(project, tmp_path, day: str, *titles: str) -> None:
    body = "\n\n".join(f"{t}\n\nThe abstract of {t}, as the page has it.\n\n  • 3 authors\n·\nMar 7" for t in titles)
    source = tmp_path / f"{day}.txt"
    source.write_text(f"Daily Papers\n\n{HEADERS[day]}\n\n{body}\n", encoding="utf-8")
    project.ok("import", str(source))


def import_api(project, tmp_path, day: str, *papers: dict) -> None:
    source = tmp_path / f"{day}.json"
    source.write_text(json.dumps([{"paper": p} for p in papers]), encoding="utf-8")
    project.ok("import", str(source))


def listed(project, day: str) -> dict[str, dict]:
    return {p["slug"]: p for p in load_yaml((project.digests / f"{day}.yaml").read_text())["papers"]}


def registry(project) -> dict[str, list[str]]:
    return load_yaml((project.digests / "slugs.yaml").read_text())


def enrich(project, search, *args: str):
    return project.run("enrich", "--api-url", search.url, "--timeout", "5", *args)


def test_an_exact_match_gives_the_id_authors_and_links_and_keeps_the_url(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Paper One", "Paper Two")
    search.has("Paper One", paper("2501.00001", "Paper One Extended"),
               paper("2503.01234", "Paper One", githubRepo="https://github.com/example/one",
                     projectPage="https://example.org/one"))
    result = enrich(project, search)
    assert result.code == 0 and result.err == ""
    assert result.out == (f"{DAY} paper-one: arXiv 2503.01234, 3 authors, code repository, project page\n"
                          "looked up 2, adopted 1, no exact match 1, failed 0\n")
    assert search.paths == {"/api/papers/search"} and sorted(search.asked) == ["Paper One", "Paper Two"]
    one = listed(project, DAY)["paper-one"]
    assert one["title"] == "Paper One" and one["abstract"] == "The abstract of Paper One, as the page has it."
    assert one["arxiv_id"] == "2503.01234" and one["authors"] == 3
    assert one["author_names"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert one["github"] == "https://github.com/example/one" and one["project_page"] == "https://example.org/one"
    assert "arxiv_id" not in listed(project, DAY)["paper-two"]
    assert registry(project)["paper-one"] == ["arxiv:2503.01234", "title:paper one"]
    assert project.ok("check").startswith("ok: 1 digests, 2 papers")
    project.ok("generate")
    page = (project.root / "docs/papers/paper-one.md").read_text()
    assert "https://arxiv.org/abs/2503.01234" in page and "https://arxiv.org/pdf/2503.01234" in page
    # The paper listed again by the API, under a title changed since, is the same paper at the same URL.
    import_api(project, tmp_path, NEXT, paper("2503.01234", "Paper One, Revised"))
    assert list(listed(project, NEXT)) == ["paper-one"]


def test_a_title_that_differs_only_in_case_and_spaces_is_an_exact_match(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Sparse Attention at Scale")
    search.has("Sparse Attention at Scale", paper("2503.01234", "  sparse\n  ATTENTION at scale "))
    assert f"{DAY} sparse-attention-at-scale: arXiv 2503.01234" in project.ok("enrich", "--api-url", search.url)
    assert listed(project, DAY)["sparse-attention-at-scale"]["title"] == "Sparse Attention at Scale"


@pytest.mark.parametrize("found", ["Sparse Attention at Scale!", "Sparse Attention at Scale: A Survey",
                                   "Sparse Attention", "Sparse Attention at Scale v2"])
def test_a_near_miss_is_not_adopted(project, search, tmp_path, found):
    import_page(project, tmp_path, DAY, "Sparse Attention at Scale")
    before = project.snapshot()
    search.has("Sparse Attention at Scale", paper("2503.01234", found))
    out = project.ok("enrich", "--api-url", search.url)
    assert out == "looked up 1, adopted 0, no exact match 1, failed 0\n"
    assert project.snapshot() == before


def test_two_papers_with_the_title_are_neither_adopted(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Scaling Laws")
    before = project.snapshot()
    search.has("Scaling Laws", paper("2001.08361", "Scaling Laws"), paper("2503.01234", "Scaling  laws"),
               paper("2001.08361", "Scaling Laws"))
    out = project.ok("enrich", "--api-url", search.url)
    assert out == (f"{DAY} scaling-laws: not adopted: 2 papers have this title exactly (arXiv 2001.08361, "
                   "2503.01234); set the right arxiv_id in its digest by hand\n"
                   "looked up 1, adopted 0, no exact match 0, failed 0, not adopted 1\n")
    assert project.snapshot() == before


def test_an_id_another_slug_holds_is_not_adopted(project, search, tmp_path):
    # The same paper on another day, listed by the API with its id under another title: another URL.
    import_api(project, tmp_path, NEXT, paper("2503.01234", "Paper One, Revised"))
    import_page(project, tmp_path, DAY, "Paper One", "Paper Two")
    search.has("Paper One", paper("2503.01234", "Paper One"))
    search.has("Paper Two", paper("2503.05678", "Paper Two"))
    out = project.ok("enrich", "--api-url", search.url)
    assert out == (f"{DAY} paper-one: not adopted: arXiv 2503.01234 is the paper at 'paper-one-revised' already "
                   "(the same paper under two URLs: both stay, as published)\n"
                   f"{DAY} paper-two: arXiv 2503.05678, 3 authors\n"
                   "looked up 2, adopted 1, no exact match 0, failed 0, not adopted 1\n")
    assert "arxiv_id" not in listed(project, DAY)["paper-one"]
    assert registry(project)["paper-one"] == ["title:paper one"]
    assert registry(project)["paper-one-revised"] == ["arxiv:2503.01234", "title:paper one, revised"]
    project.ok("check")


def test_two_papers_found_as_one_id_are_adopted_once(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Paper One", "Paper 1")  # a title the digest corrected, say
    search.has("Paper One", paper("2503.01234", "Paper One"))
    search.has("Paper 1", paper("2503.01234", "Paper 1"))
    out = project.ok("enrich", "--api-url", search.url)
    assert f"{DAY} paper-one: arXiv 2503.01234" in out
    assert f"{DAY} paper-1: not adopted: arXiv 2503.01234 is the paper at 'paper-one' already" in out
    project.ok("check")


@pytest.mark.parametrize("status, body, expected", [
    (500, b"oops", "the API answered 500 Internal Server Error"),
    (200, b"<html>busy</html>", "the API's answer was malformed (not JSON: JSONDecodeError)"),
    (200, b'{"error": "bad query"}', "the API's answer was malformed (expected a list of papers"),
    (200, b'[{"paper": {"title": "Paper Two"}}]',
     "the API's answer was malformed (result 1 has the title but no arXiv id"),
])
def test_a_failed_lookup_is_reported_and_the_others_are_adopted(project, search, tmp_path, status, body, expected):
    import_page(project, tmp_path, DAY, "Paper One", "Paper Two", "Paper Three")
    search.has("Paper One", paper("2503.00001", "Paper One"))
    search.fails("Paper Two", status, body)
    search.has("Paper Three", paper("2503.00003", "Paper Three"))
    result = enrich(project, search)
    assert result.code == 1
    assert result.out == (f"{DAY} paper-one: arXiv 2503.00001, 3 authors\n"
                          f"{DAY} paper-three: arXiv 2503.00003, 3 authors\n"
                          "looked up 3, adopted 2, no exact match 0, failed 1\n")
    [error] = result.err.splitlines()
    assert error.startswith(f"error: {DAY} paper-two: {search.url}/api/papers/search?q=Paper%20Two: ")
    assert expected in error
    got = listed(project, DAY)
    assert got["paper-one"]["arxiv_id"] == "2503.00001" and got["paper-three"]["arxiv_id"] == "2503.00003"
    assert "arxiv_id" not in got["paper-two"]
    project.ok("check")
    # Run again: only the paper still without an id is asked about.
    search.asked.clear()
    search.has("Paper Two", paper("2503.00002", "Paper Two"))
    assert enrich(project, search).out.endswith("looked up 1, adopted 1, no exact match 0, failed 0\n")
    assert search.asked == ["Paper Two"]


def test_lookups_failing_in_a_row_end_the_run(project, search, tmp_path):
    titles = [f"Paper {n}" for n in range(1, 6)]
    import_page(project, tmp_path, DAY, *titles)
    for title in titles:
        search.fails(title, 503)
    result = enrich(project, search)
    assert result.code == 1
    assert result.out == ("looked up 3, adopted 0, no exact match 0, failed 3; stopped early "
                          "(3 lookups failed in a row): 2 not looked up, run the command again later\n")
    assert len(result.err.splitlines()) == 3
    assert search.asked == [t for t in titles[:3] for _ in range(fetch.PATIENCE.attempts)]  # each tried again


def test_a_paper_is_looked_up_once_and_never_again_once_it_has_an_id(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Paper One", "Paper Two")
    import_page(project, tmp_path, NEXT, "Paper One", "Paper Three")
    search.has("Paper One", paper("2503.01234", "Paper One"))
    search.has("Paper Three", paper("2503.03333", "Paper Three"))
    out = enrich(project, search).out
    assert out == (f"{DAY} paper-one: arXiv 2503.01234, 3 authors\n{NEXT} paper-three: arXiv 2503.03333, 3 authors\n"
                   "looked up 3, adopted 2, no exact match 1, failed 0\n")
    assert sorted(search.asked) == ["Paper One", "Paper Three", "Paper Two"]
    assert listed(project, DAY)["paper-one"]["arxiv_id"] == "2503.01234"  # on each day it is listed
    assert listed(project, NEXT)["paper-one"]["arxiv_id"] == "2503.01234"
    project.ok("check")
    before, search.asked[:] = project.snapshot(), []
    assert enrich(project, search).out == "looked up 1, adopted 0, no exact match 1, failed 0\n"
    assert search.asked == ["Paper Two"]  # only the paper still without an id
    assert project.snapshot() == before


def test_what_a_digest_holds_is_kept(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Paper One")
    path = project.digests / f"{DAY}.yaml"
    path.write_text(path.read_text().replace("title: Paper One", "title: Paper One (corrected)\n"
                                             "  author_names: [A. Lovelace]\n  github: https://github.com/by/hand"))
    search.has("Paper One (corrected)", paper("2503.01234", "Paper One", githubRepo="https://github.com/other/one",
                                              projectPage="javascript:alert(1)"))
    assert enrich(project, search).out.startswith(f"{DAY} paper-one: arXiv 2503.01234\n")  # the registry's title
    one = listed(project, DAY)["paper-one"]
    assert one["title"] == "Paper One (corrected)" and one["author_names"] == ["A. Lovelace"]
    assert one["github"] == "https://github.com/by/hand" and "project_page" not in one and one["authors"] == 3


def test_a_paper_whose_title_is_another_papers_is_not_adopted(project, search, tmp_path):
    import_page(project, tmp_path, DAY, "Paper One", "Paper Two")
    path = project.digests / f"{DAY}.yaml"
    path.write_text(path.read_text().replace("title: Paper Two", "title: Paper One"))  # a mistaken correction
    before = project.snapshot()
    search.has("Paper One", paper("2503.02222", "Paper Two"))  # what both papers' lookups find
    out = enrich(project, search).out
    assert out == (f"{DAY} paper-two: not adopted: its title answers to 'paper-one' in slugs.yaml; check the title\n"
                   "looked up 2, adopted 0, no exact match 1, failed 0, not adopted 1\n")
    assert project.snapshot() == before


def test_the_bundled_archive_asks_once_for_each_paper(project, search):
    shutil.copytree(REPO / "digests", project.digests)
    before = project.snapshot()
    out = enrich(project, search).out
    papers = {slug for path in project.digests.glob("2*.yaml") for slug in listed(project, path.stem)}
    assert out == f"looked up {len(papers)}, adopted 0, no exact match {len(papers)}, failed 0\n"
    assert len(search.asked) == len(set(search.asked)) == len(papers) > 200
    assert project.snapshot() == before


def test_a_bad_api_url_is_refused_before_anything(project, tmp_path):
    import_page(project, tmp_path, DAY, "Paper One")
    result = project.run("enrich", "--api-url", "ftp://x")
    assert result.code == 1 and result.err.startswith("error: --api-url: 'ftp://x' is not an http:// or https:// URL")


# The matching itself, on answers the server would give.

TITLES = frozenset({"paper one"})


def test_bare_papers_are_read_too():
    text = json.dumps([paper("2503.01234", "Paper One", authors=("A", "B"), githubRepo="https://github.com/a/b")])
    assert exact_match(text, "u", TITLES) == Found("2503.01234", ("A", "B"), "https://github.com/a/b", None)


def test_links_beside_the_paper_and_unusable_fields_are_left_out():
    item = {"paper": paper("2503.01234", "Paper One", authors=("A", "")), "title": "Paper One",
            "projectPage": "https://example.org/one", "githubRepo": "javascript:alert(1)"}
    assert exact_match(json.dumps([item]), "u", TITLES) == Found("2503.01234", (), None, "https://example.org/one")


def test_the_items_title_matches_too():
    item = {"paper": paper("2410.05577", "LLMtimesMapReduce"), "title": "Paper  One"}  # TeX the paper's lost
    assert exact_match(json.dumps([item]), "u", TITLES) == Found("2410.05577", ("Ada Lovelace", "Alan Turing",
                                                                               "Grace Hopper"))


def test_several_ids_for_one_title_are_ambiguous():
    text = results(paper("2503.00001", "Paper One"), paper("2503.00002", "PAPER ONE"))
    assert exact_match(text.decode(), "u", TITLES) == Ambiguous(("2503.00001", "2503.00002"))


@pytest.mark.parametrize("text, expected", [
    ("[1]", "result 1 is not a paper: 1"),
    ('[{"paper": []}]', "result 1 is not a paper"),
    ('[{"paper": {"id": "2503.00001"}}]', "result 1 has no title"),
    ('[{"paper": {"id": "../x", "title": "Paper One"}}]', "result 1 has the title but no arXiv id ('../x')"),
    ("[" * 100_000, "not JSON: RecursionError"),
])
def test_a_malformed_answer_is_an_error(text, expected):
    with pytest.raises(InputError) as e:
        exact_match(text, "http://api/search", TITLES)
    assert str(e.value).startswith(f"http://api/search: the API's answer was malformed ({expected}")
