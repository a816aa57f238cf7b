"""Templates copied from Material for MkDocs and edited are pinned to the original they came from.

Such an override says in its top comment, e.g.
    Copied from Material 9.8.1 partials/header.html, sha256 <hex of that original>.
and upgrading Material fails here until each changed original's change is carried over."""
from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
PIN = re.compile(r"Copied from Material (?P<version>\d[\w.]*) (?P<original>\S+), sha256 (?P<sha256>[0-9a-f]{64})\.")
LINE = "Copied from Material <version> <path under material/templates/>, sha256 <hex of that file>."


def copies() -> dict[str, re.Match | None]:
    """Every file under overrides/ that says it was copied from Material (a file holding several copies
    once per copy, as "<path> #2"), and its pin line if well formed."""
    found = {}
    for path in sorted(OVERRIDES.rglob("*")):
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        for n, part in enumerate(text.split("Copied from Material")[1:], start=1):
            name = path.relative_to(OVERRIDES).as_posix() + (f" #{n}" if n > 1 else "")
            found[name] = PIN.search("Copied from Material" + part)
    return found


COPIES = copies()


def test_the_copied_templates_are_pinned():
    assert {"main.html", "main.html #2", "main.html #3", "main.html #4",
            *(f"assets/javascripts/theme.js{n}" for n in ["", " #2", " #3", " #4", " #5"])} <= COPIES.keys(), \
        f"each should say '{LINE}'"


@pytest.mark.parametrize("override", sorted(COPIES))
def test_a_copied_template_matches_the_installed_original(override):
    pin = COPIES[override]
    assert pin, f"overrides/{override}: write its pin line as '{LINE}'"
    installed = version("mkdocs-material")
    original = files("material") / "templates" / pin["original"]
    assert original.is_file(), (
        f"Material {installed} has no templates/{pin['original']}, which overrides/{override} was copied from "
        f"(in Material {pin['version']}): find where it went, and carry the override over to it")
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    assert digest == pin["sha256"], (
        f"templates/{pin['original']} in Material {installed} is not the one overrides/{override} was copied "
        f"from (in Material {pin['version']}): the original changed in the upgrade. Compare it ({original}) with "
        f"the override, carry the change over, then update the hash in the override to {digest} "
        f"(and the version to {installed})")
    assert installed == pin["version"], (
        f"Material {installed} is installed and its templates/{pin['original']} is unchanged since "
        f"{pin['version']}: update the version in overrides/{override}'s pin line")
