"""Shared fixtures: a throw-away copy of the project for tests that run the real pipeline code."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "bad_inputs" / "tiny"
TINY_PARAMS = {
    "name": "测试区", "plan": "十四五", "plan_start": 2020, "plan_end": 2025, "as_of": "2022",
    "categories": ["经济", "民生", "环境"], "synthetic": True,
}


@dataclass(frozen=True)
class Project:
    root: Path

    def raw(self, locality: str = "tiny") -> Path:
        return self.root / "data" / "raw" / locality

    def add_real_locality(self, locality: str) -> None:
        shutil.copytree(REPO / "data" / "raw" / locality, self.raw(locality))


@pytest.fixture(scope="session")
def expectations_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the suites per session: validate caches its GX context per (resolved) suites folder."""
    folder = tmp_path_factory.mktemp("suites") / "expectations"
    shutil.copytree(REPO / "expectations", folder)
    return folder


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expectations_copy: Path) -> Iterator[Project]:
    """A temporary project root (params.yaml, expectations/, data/raw/tiny) that helpers.pipeline.paths points at.

    helpers.pipeline.paths reads PLAN_REVIEW_ROOT at import; reloading it in place is enough because every other
    module reads `paths.<NAME>` at call time. In-process (not a subprocess per case) so the slow Great
    Expectations import is paid once per test session.
    """
    from helpers.pipeline import paths

    root = tmp_path / "project"
    shutil.copytree(TINY, root / "data" / "raw" / "tiny")
    (root / "expectations").symlink_to(expectations_copy, target_is_directory=True)
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    params["localities"]["tiny"] = TINY_PARAMS
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("PLAN_REVIEW_ROOT", str(root))
    importlib.reload(paths)
    try:
        yield Project(root)
    finally:
        monkeypatch.undo()
        importlib.reload(paths)


def need_quarto() -> None:
    """The tests of the real Quarto skip where Quarto is not installed, and fail in CI
    (PLAN_REVIEW_REQUIRE_QUARTO=1, set by .ci/run after `make quarto`)."""
    from helpers.report import quarto

    if quarto.find():
        return
    message = "Quarto is not on PATH (make quarto installs it into .tools/quarto; users: quarto.org)"
    if os.environ.get("PLAN_REVIEW_REQUIRE_QUARTO") == "1":
        pytest.fail(message)
    pytest.skip(message)
