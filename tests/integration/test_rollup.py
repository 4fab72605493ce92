"""City roll-up (reports/index.html) after `dvc repro` of yuecheng plus one synthetic district."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.report import index
from helpers.tools import synthetic

from .conftest import copy_project, run

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def rolled_up(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("rollup"))
    synthetic.generate("synthetic-01", 1, root)
    synthetic.add_to_params(root / "params.yaml", ["synthetic-01"], keep=["yuecheng"])
    run(["dvc", "repro"], root)
    return root


def index_rows(root) -> dict[str, str]:
    """Each table row of reports/index.html by its locality id (data-locality)."""
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-locality='([^']+)'([^>]*)>(.*?)</tr>", page, re.DOTALL)
    return {locality: f"<tr{attrs}>" + cells for locality, attrs, cells in rows}


def test_index_lists_both_with_links_that_exist(rolled_up):
    rows = index_rows(rolled_up)
    assert set(rows) == {"yuecheng", "synthetic-01"}
    for locality, cells in rows.items():
        links = re.findall(r"href='([^']+)'", cells)
        assert links == [f"{locality}/2023H1/review.html"], cells
        assert (rolled_up / "reports" / links[0]).stat().st_size > 0


def test_synthetic_locality_is_labelled(rolled_up):
    rows = index_rows(rolled_up)
    # its own column and row style, not only the display name 合成区01（合成数据）
    assert rows["synthetic-01"].startswith("<tr class='synthetic'>")
    assert "<td><b>合成数据（仅供测试）</b></td>" in rows["synthetic-01"]
    assert "合成数据" not in rows["yuecheng"] and "synthetic" not in rows["yuecheng"]
    review = (rolled_up / "reports/synthetic-01/2023H1/review.html").read_text(encoding="utf-8")
    assert "合成数据，仅供测试" in review


def test_index_embeds_the_progress_heatmap(rolled_up):
    page = (rolled_up / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page and "<div class='heatmap-scroll'><table id='progress-heatmap'" in page
    table = page[page.index("<table id='progress-heatmap'"):]
    table = table[:table.index("</table>")]
    # yuecheng and the synthetic district share all 34 names; those with a progress in either are shown
    shown = re.search(r"(\d+) 个同名指标 × (\d+) 个规划", page)
    assert shown and int(shown.group(1)) >= 25 and shown.group(2) == "2"
    rows = re.findall(r"<tr><th scope='row'>([^<]+)</th>(.*?)</tr>", table)
    assert len(rows) == int(shown.group(1))
    cells = [re.findall(r"<td style='background:(#[0-9a-f]{6});color:#[0-9a-f]{6}' title='([^']*)'>([^<]*)</td>", c)
             for _, c in rows]
    assert all(len(c) == 2 for c in cells)
    for background, title, text in (cell for row in cells for cell in row):
        assert (text == "") == (background == index.NO_VALUE), (title, text)
        assert re.fullmatch(r"-?\d+%|", text) and title.endswith(text or "无法计算")
    # a cell's colour and percentage are those of the plan's own progress
    evaluation = pd.read_csv(rolled_up / "data/processed/yuecheng/evaluation.csv")
    progress = float(evaluation.loc[evaluation["name"] == "全区生产总值", "progress"].iloc[0])
    gdp = dict(rows)["全区生产总值（亿元）"]
    colour, shown = index.heat_colour(progress), index.percent(progress)
    assert (f"<td style='background:{colour};color:{index.text_colour(colour)}' "
            f"title='全区生产总值（亿元）｜越城区“十四五”：完成进度 {shown}'>{shown}</td>") in gdp


def test_index_names_plans_not_ids_and_marks_a_withdrawn_review(rolled_up):
    page = (rolled_up / "reports" / "index.html").read_text(encoding="utf-8")
    rows = index_rows(rolled_up)
    assert "<td>越城区</td>" in rows["yuecheng"] and "<td>yuecheng</td>" not in rows["yuecheng"]
    assert "“十四五”规划（2021—2025年）" in rows["yuecheng"] and "中期评估" in rows["yuecheng"]
    assert "共 2 个规划（2 个地区）" in page
    failed = rolled_up / "reports/synthetic-01/2023H1/FAILED.txt"
    failed.write_text("03_evaluate failed", encoding="utf-8")
    try:
        run(["python", "-m", "helpers.pipeline", "index"], rolled_up)
        rows = index_rows(rolled_up)
        assert "已撤回" in rows["synthetic-01"] and "href=" not in rows["synthetic-01"]
        assert "其中 1 个本期评估已撤回" in (rolled_up / "reports" / "index.html").read_text(encoding="utf-8")
    finally:
        failed.unlink()
        run(["python", "-m", "helpers.pipeline", "index"], rolled_up)


def test_index_is_reproducible_and_second_repro_is_a_no_op(rolled_up):
    before = (rolled_up / "reports" / "index.html").read_bytes()
    listed = run(["python", "-m", "helpers.pipeline", "index", "--print"], rolled_up)  # as `make report` ends
    assert (rolled_up / "reports" / "index.html").read_bytes() == before
    assert "reports/synthetic-01/2023H1/review.html" in listed.stdout and "Index of all reviews" in listed.stdout
    done = run(["dvc", "repro"], rolled_up)
    assert "Running stage" not in done.stdout, done.stdout
