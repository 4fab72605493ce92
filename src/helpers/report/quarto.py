"""Quarto, the review's renderer when it is installed: a thin subprocess wrapper (Quarto is a separate
program, not a library). Users install it from https://quarto.org; CI installs it into `.tools/quarto`.

Every way Quarto can let the review down is a `QuartoError` with a message that says what to do:
not on PATH (`QuartoNotFound`), older than the version the review is tested with (`QuartoTooOld`), or
a render that fails (`QuartoFailed`, with Quarto's own output).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

MIN_VERSION = (1, 7, 34)  # the version CI renders with; older ones are not tested
INSTALL_HINT = ("install Quarto (https://quarto.org/docs/get-started/) or set report.renderer: nbconvert "
                "in params.yaml")


class QuartoError(RuntimeError):
    """Quarto cannot render the review."""


class QuartoNotFound(QuartoError):
    """`quarto` is not on PATH."""


class QuartoTooOld(QuartoError):
    """`quarto --version` is below MIN_VERSION."""


class QuartoFailed(QuartoError):
    """`quarto render` exited with an error."""


def find() -> str | None:
    return shutil.which("quarto")


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def version(exe: str | None = None) -> tuple[int, ...]:
    """Quarto's version as a tuple, from `quarto --version` (e.g. '1.7.34' -> (1, 7, 34))."""
    exe = exe or find()
    if not exe:
        raise QuartoNotFound(f"the quarto command is not on PATH: {INSTALL_HINT}")
    return _version(exe)


@functools.lru_cache(maxsize=8)
def _version(exe: str) -> tuple[int, ...]:
    """Asked once per executable and process: a render checked it up to three times (a Quarto start each)."""
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    found = re.match(r"\s*(\d+(?:\.\d+)*)", done.stdout)
    if done.returncode != 0 or not found:
        raise QuartoFailed(f"`{exe} --version` did not print a version (exit {done.returncode}): "
                           f"{(done.stdout + done.stderr).strip()[:500]}")
    return tuple(int(part) for part in found.group(1).split("."))


def describe() -> str:
    """'quarto 1.7.34 (/path/to/quarto)', for the log of a render."""
    exe = check()
    return f"quarto {_dotted(version(exe))} ({exe})"


def check() -> str:
    """The quarto executable, after checking that it is on PATH and recent enough."""
    exe = find()
    if not exe:
        raise QuartoNotFound(f"report.renderer needs Quarto but the quarto command is not on PATH: {INSTALL_HINT}")
    found = version(exe)
    if found < MIN_VERSION:
        raise QuartoTooOld(f"Quarto {_dotted(found)} at {exe} is older than {_dotted(MIN_VERSION)}, the oldest "
                           f"version the review is rendered with: update Quarto (https://quarto.org/docs/"
                           f"get-started/) or set report.renderer: nbconvert in params.yaml")
    return exe


def choose_renderer(setting: str) -> str:
    """'quarto' or 'nbconvert' for params.yaml's report.renderer (auto = quarto when installed)."""
    if setting not in ("auto", "quarto", "nbconvert"):
        raise ValueError(f"report.renderer must be auto, quarto or nbconvert, not {setting!r}")
    if setting == "auto":
        return "quarto" if find() else "nbconvert"
    if setting == "quarto" and not find():
        raise QuartoNotFound(f"report.renderer is 'quarto' but the quarto command is not on PATH: {INSTALL_HINT}")
    return setting


def command(exe: str, qmd: Path, output_name: str) -> list[str]:
    """The command line: render one .qmd (its front matter holds the format options) to HTML next to it."""
    return [exe, "render", qmd.name, "--to", "html", "--output", output_name]


def render(qmd: Path, output_name: str) -> Path:
    """Run Quarto on `qmd` (in its folder); returns the HTML it wrote. Raises QuartoError with Quarto's message."""
    exe = check()
    done = subprocess.run(command(exe, qmd, output_name), cwd=qmd.parent, capture_output=True, text=True)
    out = qmd.parent / output_name
    if done.returncode != 0 or not out.is_file():
        raise QuartoFailed(f"`quarto render {qmd.name}` failed (exit {done.returncode}):\n"
                           f"{(done.stderr or done.stdout).strip()[-3000:]}")
    return out
