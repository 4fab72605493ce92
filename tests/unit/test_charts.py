"""Charts: what cannot be drawn is named, never silently dropped; a category with nothing to chart is no error."""

import pandas as pd

from helpers.report import charts
from tests.unit.engine_cases import ind, o


def test_a_category_with_nothing_to_chart_names_what_it_left_out():
    qualitative = ind(None, None, o("2022", "完成省市下达指标"), kind="qualitative", code="1",
                      target_text="完成省市下达指标")
    relational = ind(2.5, None, o("2022", 4.2), kind="relational", code="2", target_text="高于GDP增长")
    evaluation = pd.DataFrame({"code": ["1", "2"], "judgement": ["无法评价", "快于预期"]})
    fig, left_out = charts.level_paths([qualitative, relational], evaluation, "类别")
    assert fig is None and left_out == ["1", "2"]


def test_a_floor_is_drawn_as_a_level_not_a_path(tmp_path):
    floor = ind(23.2, 24.1, o("2021", 23.6), o("2022", 24.02), code="18", unit="%")
    fig, left_out = charts.level_paths([floor], pd.DataFrame({"code": ["18"], "judgement": ["快于预期"]}), "类别")
    assert left_out == []
    target_lines = [c for c in fig.axes[0].collections if len(c.get_segments()) == 1]
    (segment,) = target_lines[0].get_segments()
    assert segment[0][1] == segment[1][1] == 24.1  # horizontal: the bound, from the base year to the target year
    assert charts.save(fig, tmp_path / "c.png").stat().st_size > 0
