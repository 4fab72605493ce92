"""The README's per-district papermill commands (no DVC) write the same review as `dvc repro`."""

from __future__ import annotations

import re
import subprocess

import pytest

from .conftest import REPO, copy_project, env_for

pytestmark = pytest.mark.integration
SECTION = "## Per-district runs with papermill (without DVC)"
GENERATED = re.compile(r"""<p class=["']generated["']>.*?</p>""")


def readme_commands() -> list[str]:
    """The command lines of the section's first bash block, as the README gives them (yuecheng, 2023H1)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text[text.index(SECTION):], re.S)
    assert block, f"no bash block in README section {SECTION!r}"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_lists_the_four_notebooks_and_render():
    commands = readme_commands()
    assert [c.split()[1] for c in commands if c.startswith("papermill ")] == [
        f"notebooks/{nb}.ipynb" for nb in ("01_clean", "02_validate", "03_evaluate", "04_review")]
    assert commands[-1] == "python -m helpers.pipeline render yuecheng --as-of 2023H1"


def test_papermill_commands_give_the_dvc_review(built, tmp_path):
    root = copy_project(tmp_path)
    # nothing built yet: data/processed holds no file of a run
    built_files = [p for p in (root / "data/processed").rglob("*") if p.is_file()]
    assert not (root / "reports").exists() and not built_files
    for command in readme_commands():
        command = command.replace("yuecheng", "shaoxing-13th").replace("2023H1", "2020")
        done = subprocess.run(["bash", "-c", command], cwd=root, env=env_for(root), capture_output=True, text=True)
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    ours = (root / "reports/shaoxing-13th/2020/review.html").read_text(encoding="utf-8")
    theirs = (built / "reports/shaoxing-13th/2020/review.html").read_text(encoding="utf-8")
    assert len(GENERATED.findall(ours)) == 1
    assert GENERATED.sub("", ours) == GENERATED.sub("", theirs)
