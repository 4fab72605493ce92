"""Beyond one machine (README): localities reproduced on one machine, pushed to a DVC remote with the
run-cache, and pulled by the roll-up on another without re-running. A local directory stands in for the
shared remote (S3, SSH, …: only `dvc remote add` differs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import run
from .test_faults import FOLDER, tiny_project

pytestmark = pytest.mark.integration
GIT = ["git", "-c", "user.name=tests", "-c", "user.email=tests@plan-review.invalid"]


def ran(output: str) -> set[str]:
    return set(re.findall(r"Running stage '([^']+)'", output))


@pytest.fixture(scope="module")
def machine_a(tmp_path_factory) -> tuple[Path, Path]:
    """The county's machine (a CI job of the matrix): runs its locality and pushes outputs and run-cache."""
    base = tmp_path_factory.mktemp("remote")
    remote = base / "dvc-remote"
    root = tiny_project(base / "machine-a")
    run(["dvc", "remote", "add", "-d", "shared", str(remote)], root)
    run(["git", "add", ".dvc/config"], root)
    run([*GIT, "commit", "-q", "-m", "shared DVC remote"], root)  # what every clone gets
    run(["dvc", "repro", "review@tiny"], root)
    run(["dvc", "push", "--run-cache"], root)
    assert any(remote.rglob("*")), "nothing pushed"
    return root, remote


def test_the_roll_up_pulls_with_the_run_cache_and_runs_nothing(machine_a, tmp_path):
    """No dvc.lock comes back from the county: the run-cache alone lets the roll-up restore its outputs."""
    root, _ = machine_a
    clone = tmp_path / "roll-up"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    assert not (clone / "dvc.lock").exists() and not (clone / FOLDER).exists()
    run(["dvc", "fetch", "--run-cache"], clone)  # the run-cache entries (no dvc.lock yet: nothing else)
    done = run(["dvc", "repro", "--pull"], clone)  # outputs pulled as their stage is restored
    assert "review@tiny" not in ran(done.stdout), done.stdout
    assert "Stage 'review@tiny' is cached - skipping run" in done.stdout, done.stdout
    assert ran(done.stdout) == {"index"}  # the roll-up's own stage
    review = (clone / FOLDER / "review.html").read_bytes()
    assert review == (root / FOLDER / "review.html").read_bytes()
    assert not (clone / FOLDER / "FAILED.txt").exists()
    assert "tiny/2022/review.html" in (clone / "reports/index.html").read_text(encoding="utf-8")


def test_a_clone_with_the_committed_lock_pulls_and_is_up_to_date(machine_a, tmp_path):
    """With dvc.lock committed (one machine's run), `dvc pull` restores everything cached."""
    root, _ = machine_a
    lock_commit = root / "dvc.lock"
    run(["git", "add", "dvc.lock"], root)
    run([*GIT, "commit", "-q", "-m", "tiny reviewed"], root)
    assert lock_commit.exists()
    clone = tmp_path / "second"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    run(["dvc", "pull"], clone)
    assert (clone / FOLDER / "review.html").read_bytes() == (root / FOLDER / "review.html").read_bytes()
    status = run(["dvc", "status", "review@tiny"], clone)
    assert "up to date" in status.stdout, status.stdout
    done = run(["dvc", "repro"], clone)
    assert "review@tiny" not in ran(done.stdout), done.stdout
