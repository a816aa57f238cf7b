"""The documentation stays true: a short README, every command and option documented in one place
(and nothing documented that the CLI lacks), links that lead to files and headings that exist, and a
map of the code that names every module and no other."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "ARCHITECTURE.md", "digests/README.md", "benchmarks/README.md")
README_BUDGET = 6 * 1024  # bytes: a page a newcomer reads whole; the rest links onward
COMMANDS_DOC = "digests/README.md"  # the one place the commands and their options are documented
MODULES_DOC = "ARCHITECTURE.md"
EVERY_COMMAND = "Every command"  # the heading under which the group's own options are documented
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def text(doc: str) -> str:
    return (ROOT / doc).read_text(encoding="utf-8")


def section(markdown: str, title: str, level: int = 2) -> str:
    """The body of the heading `title` at `level`, up to the next heading of that level or higher."""
    hashes = "#" * level
    match = re.search(rf"^{hashes} {re.escape(title)}\n(.*?)(?=^#{{1,{level}}} |\Z)", markdown, re.M | re.S)
    assert match, f"no '{hashes} {title}' section"
    return match.group(1)


def cli_options() -> dict[str | None, set[str]]:
    """The CLI's commands and the options of each; None holds the group's own (such as --project)."""
    def options(params: list[click.Parameter]) -> set[str]:
        return {o for p in params if isinstance(p, click.Option) for o in p.opts + p.secondary_opts} - {"--help"}
    found: dict[str | None, set[str]] = {None: options(main.params)}
    for name, command in main.commands.items():
        found[name] = options(command.params)
    return found


def documented_options(markdown: str) -> dict[str | None, set[str]]:
    """The Commands section's `### \\`command\\`` headings and the options mentioned under each."""
    documented: dict[str | None, set[str]] = {}
    body = section(markdown, "Commands")
    for heading, under in re.findall(r"^### ([^\n]+)\n(.*?)(?=^### |\Z)", body, re.M | re.S):
        if heading == EVERY_COMMAND:
            name = None
        else:
            named = re.fullmatch(r"`([a-z-]+)`", heading)
            assert named, f"{COMMANDS_DOC}: the heading '### {heading}' names no command as `command`"
            name = named.group(1)
        documented[name] = set(OPTION.findall(under))
    return documented


def test_the_readme_is_short() -> None:
    size = len((ROOT / "README.md").read_bytes())
    assert size <= README_BUDGET, f"README.md is {size:,} bytes, over {README_BUDGET:,}: move detail to the other docs"


def test_every_command_and_option_is_documented() -> None:
    documented = documented_options(text(COMMANDS_DOC))
    for command, options in cli_options().items():
        where = f"'### {EVERY_COMMAND}'" if command is None else f"'### `{command}`'"
        assert command in documented, f"{COMMANDS_DOC} has no {where} section"
        missing = options - documented[command]
        assert not missing, f"{COMMANDS_DOC}, {where}: undocumented {', '.join(sorted(missing))}"


def test_every_documented_command_and_option_exists() -> None:
    cli = cli_options()
    for command, options in documented_options(text(COMMANDS_DOC)).items():
        assert command in cli, f"{COMMANDS_DOC} documents `{command}`, which is no command"
        unknown = options - cli[command] - cli[None]
        assert not unknown, f"{COMMANDS_DOC}, `{command}`: {', '.join(sorted(unknown))} is no option of it"


@pytest.mark.parametrize("doc", DOCS)
def test_every_command_line_in_the_docs_runs_a_real_command(doc: str) -> None:
    """`python -m generator [--project DIR] COMMAND [--option ...]` anywhere in the docs, as written."""
    cli = cli_options()
    for line in text(doc).splitlines():
        for invocation in re.findall(r"-m generator ((?:--project \S+ )?[a-z-]+[^`#\n]*)", line):
            command, *rest = re.sub(r"^--project \S+ ", "", invocation).split()
            assert command in cli, f"{doc}: `{invocation.strip()}` runs no command"
            unknown = set(OPTION.findall(" ".join(rest))) - cli[command] - cli[None]
            assert not unknown, f"{doc}: `{invocation.strip()}`: {', '.join(sorted(unknown))} is no option of {command}"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lowercased, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("doc", DOCS)
def test_every_relative_link_leads_somewhere(doc: str) -> None:
    """Links and images to files of the repository, and to headings in them, name ones that exist."""
    for target in re.findall(r"\]\(([^)\s]+)\)", text(doc)):
        if re.match(r"[a-z]+:", target):  # https:, mailto:: not ours to check
            continue
        path, _, fragment = target.partition("#")
        file = (ROOT / doc).parent / path if path else ROOT / doc
        assert file.exists(), f"{doc}: the link ({target}) leads to no file"
        if fragment:
            headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), re.M)
            assert fragment in {anchor(h) for h in headings}, f"{doc}: the link ({target}) leads to no heading"


def test_the_module_map_names_every_module_and_no_other() -> None:
    listed = set(re.findall(r"`((?:generator|hooks)/[\w/]+\.py)`", section(text(MODULES_DOC), "Modules")))
    modules = {p.relative_to(ROOT).as_posix()
               for folder in ("generator", "hooks") for p in (ROOT / folder).rglob("*.py")}
    assert not listed - modules, f"{MODULES_DOC} names modules that do not exist: {sorted(listed - modules)}"
    assert not modules - listed, f"{MODULES_DOC}'s module list leaves out {sorted(modules - listed)}"
