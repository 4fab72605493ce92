"""The real pipeline (DVC + papermill + GX + nbconvert + pandoc) run once in a temporary copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from helpers.tools import sandbox
from helpers.tools.sandbox import env_for

REPO = Path(__file__).resolve().parents[2]
# Every real locality of params.yaml with its reporting period: the integration tests check each review.
LOCALITIES = {k: str(v["as_of"]) for k, v in
              yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))["localities"].items()}


def copy_project(dest: Path) -> Path:
    return sandbox.copy_project(dest, REPO)


def run(cmd: list[str], root: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=root, env=env_for(root), capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A copy of the project after `dvc repro` (every locality of params.yaml)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    done = run(["dvc", "repro"], root)
    (root / "repro.log").write_text(done.stdout + done.stderr, encoding="utf-8")  # tests quote the stages' lines
    return root
