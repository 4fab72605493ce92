"""The real pipeline (DVC + papermill + GX + nbconvert + pandoc) run once in a temporary copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def project_files() -> list[str]:
    """The files a fresh clone would hold (tracked, plus new files not ignored)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [f for f in out if f and (REPO / f).is_file()]


def copy_project(dest: Path) -> Path:
    for rel in project_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    return dest


def env_for(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PLAN_REVIEW_ROOT=str(root), DVC_NO_ANALYTICS="1", PATH=f"{BIN}{os.pathsep}{env['PATH']}")
    return env


def run(cmd: list[str], root: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=root, env=env_for(root), capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A copy of the project after `dvc repro` (all three localities)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    run(["dvc", "repro"], root)
    return root
