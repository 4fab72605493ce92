"""Excel in: yuecheng's CSV files replaced by one workbook evaluate exactly as the CSV files do."""

from __future__ import annotations

import pytest

from helpers.tools import workbook

from .conftest import copy_project, run

pytestmark = pytest.mark.integration


def test_workbook_gives_the_same_evaluation(built, tmp_path):
    root = copy_project(tmp_path)
    folder = root / "data/raw/yuecheng"
    workbook.from_csv(folder, tmp_path / "yuecheng.xlsx").rename(folder / "yuecheng.xlsx")
    csv_files = sorted(folder.glob("*.csv"))
    assert len(csv_files) == 5
    for path in csv_files:  # without them, only the workbook can be read
        path.unlink()
    for stage in ("01_clean", "02_validate", "03_evaluate"):
        run(["python", "-m", "helpers.pipeline", stage, "yuecheng", "--no-progress"], root)
    warnings = (root / "data/processed/yuecheng/warnings.csv").read_text(encoding="utf-8")
    assert "data/raw/yuecheng/yuecheng.xlsx[" in warnings
    expected = (built / "data/processed/yuecheng/evaluation.csv").read_text(encoding="utf-8")
    assert (root / "data/processed/yuecheng/evaluation.csv").read_text(encoding="utf-8") == expected
