"""MkDocs sits behind one seam: generator/site/mkdocs_engine.py is the one module of the generator
that imports it, the hook mkdocs.yml names hands MkDocs that module's events, and the path rule the
rest of the generator follows is MkDocs' own."""
import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from conftest import REPO
from generator import urls, vendor
from generator.errors import InputError
from generator.site import mkdocs_engine

ENGINE = REPO / "generator/site/mkdocs_engine.py"
# A module or distribution of MkDocs' or its theme's, as imported or named to importlib.
_MKDOCS = re.compile(r"(mkdocs|material)([.-][\w-]+)*")


def _uses_of_mkdocs(path: Path) -> list[str]:
    """The imports of MkDocs (or Material) in a file, and the calls naming one of their packages
    (`resources.files("mkdocs")`, `version("mkdocs")`), as "file:line"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        elif isinstance(node, ast.Call):
            names = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                     and not arg.value.endswith(".yml")]
        else:
            continue
        if any(_MKDOCS.fullmatch(name) for name in names):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_only_the_engine_module_imports_mkdocs():
    files = sorted((REPO / "generator").rglob("*.py")) + sorted((REPO / "hooks").rglob("*.py"))
    assert [use for path in files if path != ENGINE for use in _uses_of_mkdocs(path)] == []
    assert _uses_of_mkdocs(ENGINE)  # the check sees an import when there is one


def test_the_hook_mkdocs_loads_is_the_engine_module_loaded_once():
    """MkDocs loads the hook by its path, under that path as its name (config_options.Hooks): what it
    finds there are the engine's own functions, every event it handles, not a second copy."""
    spec = importlib.util.spec_from_file_location("hooks/html_pages.py", REPO / "hooks/html_pages.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    events = {name for name in dir(mkdocs_engine) if name.startswith("on_")}
    assert events >= {"on_config", "on_files", "on_page_markdown", "on_post_page"}
    assert {name for name in dir(hook) if name.startswith("on_")} == events
    assert all(getattr(hook, name) is getattr(mkdocs_engine, name) for name in events)
    assert [name for name in sys.modules if name.endswith("mkdocs_engine")] == ["generator.site.mkdocs_engine"]


# Every shape of name a page under docs/ takes: the generator's pages, the site's own, hand-written
# ones (README.md is an index to MkDocs too), and files copied as they are.
PATHS = ["index.md", "404.md", "about.md", "papers/x.md", "days/2025-03-10.md", "days/2025-03-10-page-2.md",
         "tags/a.md", "tags/a/index.md", "tags/a/2025-11.md", "top/2025-W47.md", "README.md", "guide/README.md",
         "guide/index.md", "a b/c d.md", "ü/ß#?.md", "api/days/2025-03-10.json", "days/2025-03-10.bib",
         "feeds/archive.xml", "vendor/katex/fonts/KaTeX_Main-Regular.woff2", "notes.markdown.txt"]


@pytest.mark.parametrize("path", PATHS)
def test_built_files_and_addresses_follow_mkdocs_own_rule(path):
    """urls.built (which the engine's hook uses too) and urls.page_address write out MkDocs' rule for
    directory URLs: the same as its File gives."""
    file = File(path, src_dir=None, dest_dir="", use_directory_urls=True)
    assert urls.built(path) == file.dest_uri
    if path.endswith(".md"):
        assert urls.page_address(path) == ("" if file.url == "./" else file.url)


def test_the_search_index_ships_lunr_from_npm(monkeypatch, tmp_path):
    """lunr.js comes from node_modules (package.json pins it), as KaTeX does, not from inside MkDocs."""
    from generator.search.index import lunr_js
    assert 'lunr.version="2.3.9"' in lunr_js()
    monkeypatch.setattr(vendor, "NODE_MODULES", tmp_path)  # as before `npm ci`
    with pytest.raises(InputError, match=r"lunr/lunr.js: is missing; run .npm ci."):
        lunr_js()


def test_the_build_stamp_covers_the_path_rule_the_hook_uses(tmp_path, monkeypatch):
    """The hook takes urls.built from urls.py: an edit there must make the next build a full one."""
    before = mkdocs_engine.release()
    edited = tmp_path / "urls.py"
    edited.write_bytes(Path(urls.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(urls, "__file__", str(edited))
    assert mkdocs_engine.release() != before
