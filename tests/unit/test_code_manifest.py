"""build/code.json stands in for the code folders as the dependency of every locality's DVC stage: it must
list exactly what dvc.yaml's `code` stage depends on, and change whenever any of that code does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from helpers.pipeline import code_manifest, paths

REPO = Path(__file__).resolve().parents[2]


def test_the_code_stage_depends_on_what_the_manifest_lists():
    stages = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert stages["code"]["deps"] == list(code_manifest.SOURCES)
    assert stages["code"]["outs"] == [paths.CODE_MANIFEST.relative_to(paths.PROJ_ROOT).as_posix()]
    # every locality's stage and the index depend on the manifest, and on none of the code folders itself
    for name in ("review", "index"):
        stage = stages[name].get("do", stages[name])
        deps = [d if isinstance(d, str) else next(iter(d)) for d in stage["deps"]]
        assert "build/code.json" in deps
        assert not set(deps) & set(code_manifest.SOURCES), name


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for source in code_manifest.SOURCES:
        if (REPO / source).is_dir():
            shutil.copytree(REPO / source, tmp_path / source, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / source, tmp_path / source)
    shutil.copy2(REPO / ".dvcignore", tmp_path / ".dvcignore")
    return tmp_path


def test_the_manifest_changes_with_any_file_of_the_code_and_only_with_it(project: Path):
    before = code_manifest.manifest(project)
    assert "src/helpers/pipeline/runner.py" in before and "notebooks/03_evaluate.ipynb" in before
    assert any(k.startswith("expectations/") for k in before)
    assert code_manifest.manifest(project) == before  # the same code, the same manifest

    cache = project / "src/helpers/plan/__pycache__"
    cache.mkdir()
    (cache / "grammar.cpython-311.pyc").write_bytes(b"compiled")  # ignored by .dvcignore, as DVC ignores it
    (project / "notebooks/scratch.ipynb").write_text("{}")  # not a pipeline notebook
    assert code_manifest.manifest(project) == before

    rules = project / "src/helpers/engine/method.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = code_manifest.manifest(project)
    assert {k for k in after if after[k] != before.get(k)} == {"src/helpers/engine/method.yaml"}
    (project / "src/helpers/plan/vocab/new.yaml").write_text("a: 1\n")  # a new vocabulary file counts
    assert "src/helpers/plan/vocab/new.yaml" in code_manifest.manifest(project)


def test_a_missing_part_of_the_code_is_an_error(project: Path):
    (project / "notebooks/02_validate.ipynb").unlink()
    with pytest.raises(FileNotFoundError, match="notebooks/02_validate.ipynb"):
        code_manifest.manifest(project)


def test_the_manifest_holds_no_machine_specific_text(project: Path):
    text = json.dumps(code_manifest.manifest(project))
    assert str(project) not in text and str(REPO) not in text
