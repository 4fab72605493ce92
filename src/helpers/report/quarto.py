"""Quarto, for users who have it: a thin subprocess wrapper (Quarto is a separate program, not a library)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


class QuartoNotFound(RuntimeError):
    """`quarto` is not on PATH."""


def find() -> str | None:
    return shutil.which("quarto")


def choose_renderer(setting: str) -> str:
    """'quarto' or 'nbconvert' for params.yaml's report.renderer (auto = quarto when installed)."""
    if setting not in ("auto", "quarto", "nbconvert"):
        raise ValueError(f"report.renderer must be auto, quarto or nbconvert, not {setting!r}")
    if setting == "auto":
        return "quarto" if find() else "nbconvert"
    if setting == "quarto" and not find():
        raise QuartoNotFound(
            "report.renderer is 'quarto' but the quarto command is not on PATH: install Quarto "
            "(https://quarto.org/docs/get-started/) or set report.renderer to auto or nbconvert in params.yaml"
        )
    return setting


def command(qmd: Path, output_name: str) -> list[str]:
    """The command line: render one .qmd to self-contained HTML next to it."""
    return ["quarto", "render", qmd.name, "--to", "html", "--output", output_name, "-M", "embed-resources:true"]


def render(qmd: Path, output_name: str) -> Path:
    """Run Quarto on `qmd` (in its folder); returns the HTML it wrote. Raises with Quarto's own message."""
    if not find():
        raise QuartoNotFound("the quarto command is not on PATH (set report.renderer: nbconvert in params.yaml)")
    done = subprocess.run(command(qmd, output_name), cwd=qmd.parent, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"quarto render {qmd} failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return qmd.parent / output_name
