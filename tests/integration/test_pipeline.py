"""The whole pipeline on the real seed data, in a temporary copy of the project."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from helpers.engine.checks import CHECK_COLUMNS

from .conftest import LOCALITIES, REPO, copy_project, run

pytestmark = pytest.mark.integration
EVALUATION_COLUMNS = ["code", "name", "rule", "latest_period", "latest_value", "tau", "progress", "cagr_observed",
                      "cagr_required", "cagr_ratio", "required_growth", "projection", "judgement",
                      "published_judgement", "agrees", "proposal", "proposal_value", "reason"]


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_every_locality_gets_its_outputs(built, locality, as_of):
    folder = built / "reports" / locality / as_of
    for name in ("review.html", "review.docx", "provenance.json", "notebooks/03_evaluate.html",
                 "validation/index.html"):
        assert (folder / name).stat().st_size > 0, name
    evaluation = pd.read_csv(built / "data/processed" / locality / "evaluation.csv", dtype=str)
    assert set(EVALUATION_COLUMNS) <= set(evaluation.columns)
    checks = pd.read_csv(built / "data/processed" / locality / "checks.csv", dtype=str)
    assert list(checks.columns) == CHECK_COLUMNS  # structured: the review words them (templates), the engine does not
    summary = json.loads((built / "data/summary" / f"{locality}.json").read_text())
    assert summary["n_indicators"] == len(evaluation)


def test_yuecheng_agrees_with_the_published_judgements(built):
    summary = json.loads((built / "data/summary/yuecheng.json").read_text())
    assert summary["n_published"] == 34
    assert summary["n_agree"] >= 32


def test_shaoxing_review_says_there_are_no_observations(built):
    page = (built / "reports/shaoxing/2020/review.html").read_text(encoding="utf-8")
    assert "尚无任何指标的观测数据" in page


def test_thirteenth_plan_is_judged_at_the_end_of_period(built):
    evaluation = pd.read_csv(built / "data/processed/shaoxing-13th/evaluation.csv", dtype=str, keep_default_na=False)
    assert set(evaluation["judgement"]) <= {"完成", "基本完成", "未完成", "无法评价", "指标调整"}
    assert len(evaluation) == 37  # 34 rows with indicator 19 as four sub-rows


def test_second_repro_is_a_no_op(built):
    done = run(["dvc", "repro"], built)
    assert "Running stage" not in done.stdout, done.stdout


def test_editing_one_locality_reruns_only_that_locality(built):
    path = built / "data/raw/yuecheng/observations.csv"
    original = path.read_bytes()
    try:
        rows = list(csv.reader(original.decode("utf-8").splitlines()))
        rows[1][-1] = rows[1][-1] + "（测试修改）"  # the note of the first observation
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        status = json.loads(run(["dvc", "status", "--json"], built).stdout)
        changed = set(status)
        assert changed and all(stage.endswith("@yuecheng") for stage in changed), changed
        assert "review@yuecheng" in changed
    finally:
        path.write_bytes(original)


def test_notebooks_pass_nbval_lax(built, tmp_path):
    """The pipeline notebooks run top to bottom with their default parameters (yuecheng), in a copy of the
    built project: run outside the pipeline runner, they withdraw yuecheng's current review until render."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    done = run(["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "notebooks/"], root,
               check=False)
    assert done.returncode == 0, done.stdout[-4000:]
    assert re.search(r"\d+ passed", done.stdout)
    assert not (root / "reports/yuecheng/2023H1/review.html").exists()
    assert "ran after this review was rendered" in (root / "reports/yuecheng/2023H1/FAILED.txt").read_text()
    assert (built / "reports/yuecheng/2023H1/review.html").exists()


def test_raw_data_is_not_modified_by_the_pipeline(built):
    for raw in (REPO / "data/raw").rglob("*"):
        if raw.is_file():
            assert (built / raw.relative_to(REPO)).read_bytes() == raw.read_bytes(), raw


def test_a_failing_stage_names_the_problem_and_withdraws_the_review(tmp_path):
    root = copy_project(tmp_path)
    run(["python", "-m", "helpers.pipeline", "01_clean", "shaoxing", "--no-progress"], root)
    review = root / "reports/shaoxing/2020/review.html"
    review.parent.mkdir(parents=True, exist_ok=True)
    review.write_text("an old review")
    indicators = root / "data/raw/shaoxing/indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines(keepends=True)
    indicators.write_text("".join(lines + [lines[1]]), encoding="utf-8")  # indicator 1 twice
    before = indicators.read_bytes()
    run(["python", "-m", "helpers.pipeline", "01_clean", "shaoxing", "--no-progress"], root)
    done = run(["python", "-m", "helpers.pipeline", "02_validate", "shaoxing", "--no-progress"], root, check=False)
    assert done.returncode != 0
    message = done.stderr
    assert "02_validate" in message and "reports/shaoxing/2020/notebooks/02_validate.ipynb" in message
    assert "data/raw/shaoxing/indicators.csv" in message and "code" in message
    assert not review.exists()
    assert "withdrawn" in (root / "reports/shaoxing/2020/FAILED.txt").read_text()
    assert indicators.read_bytes() == before
