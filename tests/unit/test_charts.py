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


def _assert_inside_and_apart(fig):
    """Drawn as saved: every panel (title, unit, the tick labels shown) and the legend inside the figure, and
    none over another; the layout is set from estimates, so this is what keeps them honest."""
    fig.set_dpi(110)  # charts.save's resolution: the pixel rounding of glyph widths is the one of the PNG
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes] + [lg.get_window_extent(renderer) for lg in fig.legends]
    page = fig.bbox.padded(0.5)  # half a pixel of rounding
    for box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, (box, page)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)


def test_long_tick_labels_titles_and_the_legend_stay_inside_and_apart():
    years = [o("2021", 0.3), o("2022", 0.35, est=True)]
    wide = [o("2021", 1000150), o("2022", 1000260)]  # an offset "+1e6" would sit on the title: written out
    panels = [ind(0.2, 0.4, *years, code="1", name="每千人口拥有执业（助理）医师数量与注册护士数量", unit="人"),
              ind(1000000, 1000300, *wide, code="2", name="农村常住居民人均可支配收入", unit="元/人"),
              ind(95, 50, o("2021", 81), measure="rank", direction="down", code="3", name="全国排名", unit="位"),
              ind(60000, 120000, code="4", name="规上工业企业亩均税收", unit="万元/亩")]
    for chosen in (panels, panels[1:2]):  # two rows of three; one narrow panel with its legend one entry per line
        evaluation = pd.DataFrame({"code": [i.code for i in chosen], "judgement": ["快于预期"] * len(chosen)})
        fig, _ = charts.level_paths(chosen, evaluation, "类别")
        _assert_inside_and_apart(fig)
        labels = [t.get_text() for t in fig.axes[-1 if len(chosen) == 1 else 1].get_yticklabels()]
        assert "1000000" in labels  # written out in full
        assert all(ax.yaxis.offsetText.get_text() == "" for ax in fig.axes)
        charts.plt.close(fig)


def test_the_overview_keeps_its_longest_label_inside():
    names = ["全区生产总值", "每千人口拥有3岁以下婴幼儿托位数与每万人高价值发明专利拥有量", "城镇登记失业率"]
    evaluation = pd.DataFrame({"code": ["1", "26", "21"], "name": names, "progress": [0.6, 1.7, None],
                               "tau": [0.5, 0.5, None], "judgement": ["快于预期", "提前完成", "指标调整"]})
    fig = charts.progress_overview(evaluation)
    _assert_inside_and_apart(fig)
    charts.plt.close(fig)


def test_the_legend_names_each_kind_of_target_line_drawn_and_no_other():
    """A 左右 target (grey) had no legend entry, and a chart of floors named a ceiling it did not draw."""
    about = ind(2.0, 2.0, o("2021", 1.6), code="9", unit="%", tc="≈", name="研发经费支出占比")
    floor = ind(23.2, 24.1, o("2021", 23.6), code="18", unit="%", name="森林覆盖率")
    ceiling = ind(5.2, 5.5, o("2021", 5.1), code="8", unit="%", direction="down", tc="<", name="城镇调查失业率")
    for chosen, names in (([floor], ["目标下限（不低于）"]), ([about, floor], ["目标下限（不低于）", "目标（左右）"]),
                          ([about, floor, ceiling], ["目标下限（不低于）", "目标上限（不高于）", "目标（左右）"])):
        evaluation = pd.DataFrame({"code": [i.code for i in chosen], "judgement": ["快于预期"] * len(chosen)})
        fig, _ = charts.level_paths(chosen, evaluation, "类别")
        (legend,) = fig.legends
        assert [t.get_text() for t in legend.get_texts()] == ["实际值（空心为预计）", *names]
        _assert_inside_and_apart(fig)
        charts.plt.close(fig)


def test_a_tiny_miss_does_not_fill_the_panel():
    """温州 2015: 4619.8 against 4620 was drawn from one edge of the panel to the other."""
    gdp = ind(None, 4620, o("2015", 4619.8), code="1", measure="flow", unit="亿元", y0=2014, y1=2015)
    share = ind(1.5, 2.0, o("2021", 1.6), code="2", unit="%")
    fig, _ = charts.level_paths([gdp, share], pd.DataFrame({"code": ["1", "2"], "judgement": ["基本完成"] * 2}), "类别")
    low, high = fig.axes[0].get_ylim()
    assert high - low >= charts.MIN_SPAN_OF_TARGET * 4620 and low < 4619.8 and high > 4620
    low, high = fig.axes[1].get_ylim()
    assert 0 <= low < 1.5 and high > 2.0  # not below zero, the data's own range kept
    _assert_inside_and_apart(fig)
    charts.plt.close(fig)
