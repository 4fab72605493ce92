"""A temporary copy of the project as a fresh clone would hold it, and the environment to run it in.
The benchmark and the integration tests both run the real pipeline in such copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.pipeline import paths

BIN = Path(sys.executable).parent  # the environment's executables (dvc, papermill) come first on PATH


def project_files(source: Path) -> list[str]:
    """The files a fresh clone would hold: tracked, plus new files that are not ignored."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=source,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [rel for rel in listed if rel and (source / rel).is_file()]


def copy_project(dest: Path, source: Path | None = None) -> Path:
    """Copy the project's files into dest and make it a git repository (DVC needs one)."""
    source = source or paths.PROJ_ROOT
    for rel in project_files(source):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, dest / rel)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    return dest


def env_for(root: Path) -> dict[str, str]:
    """The environment for commands run in the copy at root: helpers find that copy, DVC stays quiet."""
    return {**os.environ, "PLAN_REVIEW_ROOT": str(root), "DVC_NO_ANALYTICS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
