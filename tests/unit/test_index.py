"""The index page's heatmap table: its colour scale and its cells, and the page from plain entries."""

from __future__ import annotations

import math
import re

from helpers.plan.model import Locality
from helpers.report import index


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_colour_scale_runs_red_yellow_green_and_clips():
    red, yellow, green = rgb(index.heat_colour(0.0)), rgb(index.heat_colour(0.5)), rgb(index.heat_colour(1.0))
    assert red[0] > 150 > red[1] and green[1] > 90 > green[0]  # dark red, dark green
    assert min(yellow[:2]) > 230 and yellow[2] < yellow[0]  # light yellow
    quarter = rgb(index.heat_colour(0.25))
    assert red[1] < quarter[1] < yellow[1]  # between the two anchors it passes through
    assert index.heat_colour(-0.4) == index.heat_colour(0.0) and index.heat_colour(2.7) == index.heat_colour(1.0)
    assert index.heat_colour(None) == index.heat_colour(math.nan) == "#dddddd"


def test_text_is_white_on_the_dark_ends_only():
    assert index.text_colour(index.heat_colour(0.0)) == index.text_colour(index.heat_colour(1.0)) == "#ffffff"
    for value in (0.3, 0.5, 0.7, None):
        assert index.text_colour(index.heat_colour(value)) == "#000000"


def cells(table: str) -> list[tuple[str, str, str, str]]:
    """(background, text colour, title, text) of each data cell."""
    return re.findall(r"<td style='background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})' title='([^']*)'>([^<]*)</td>",
                      table)


def test_table_shows_percentages_on_their_colours_and_grey_without_a_value():
    matrix = index.Matrix(plans=["越城区“十四五”", "合成区01“十四五”"],
                          rows=[("全区生产总值（亿元）", [0.874, 1.25]), ("森林覆盖率（%）", [None, -0.002])])
    table = index.heatmap_table(matrix)
    assert table.startswith("<table id='progress-heatmap'")
    assert "<th>越城区“十四五”</th>" in table and "<th scope='row'>森林覆盖率（%）</th>" in table
    (a, b), (c, d) = [cells(row) for row in table.split("<tr>")[2:]]  # the rows after the head
    assert a == (index.heat_colour(0.874), "#000000", "全区生产总值（亿元）｜越城区“十四五”：完成进度 87%", "87%")
    assert b == (index.heat_colour(1.0), "#ffffff", "全区生产总值（亿元）｜合成区01“十四五”：完成进度 125%", "125%")
    assert c == ("#dddddd", "#000000", "森林覆盖率（%）｜越城区“十四五”：完成进度 无法计算", "")
    assert d[3] == "0%"  # not "-0%"


def locality(locality_id: str, name: str) -> Locality:
    return Locality(id=locality_id, name=name, plan="十四五", plan_start=2020, plan_end=2025, as_of="2023H1",
                    categories=("综合实力",))


def test_page_from_plain_entries(tmp_path):
    entries = []
    for locality_id, name, progress in (("a", "甲区", "0.5"), ("b", "乙区", "")):
        processed, report = tmp_path / "processed" / locality_id, tmp_path / "reports" / locality_id / "2023H1"
        processed.mkdir(parents=True)
        report.mkdir(parents=True)
        (processed / "evaluation.csv").write_text(
            "code,name,unit,progress,judgement\n1,全区 生产总值,亿元,0.2,滞后\n2,人才资源总量,万人," + progress
            + ",符合进度\n", encoding="utf-8")
        (report / "review.html").write_text("review", encoding="utf-8")
        entries.append(index.Entry(locality(locality_id, name), processed, tmp_path / "summary" / f"{locality_id}.json",
                                   report))
    (tmp_path / "summary").mkdir()
    (tmp_path / "summary" / "a.json").write_text('{"as_of": "2023H1", "mode": "mid"}', encoding="utf-8")
    (tmp_path / "reports" / "b" / "2023H1" / index.FAILED_MARK).write_text("03_evaluate failed", encoding="utf-8")
    page = index.page(entries, tmp_path / "reports")
    assert "<a href='a/2023H1/review.html'>" in page and "href='b/" not in page and "其中 1 个本期评估已撤回" in page
    # only the indicator with a progress in both plans is compared (spaces in the name ignored)
    assert "1 个同名指标 × 2 个规划" in page and "人才资源总量" not in page
    assert "<div class='heatmap-scroll'><table id='progress-heatmap'" in page and "overflow-x:auto" in page
