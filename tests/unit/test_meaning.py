"""The explicit meaning of each indicator (helpers.plan.clean -> helpers.plan.dataset): what its target means
in numbers, its direction, its reference indicator, and what its observations are."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.plan import clean, dataset, model
from helpers.plan.model import Locality
from helpers.plan.rawdata import LINE, TABLES, RawTable

FIVE_YEAR = Locality("t", "测试", "十四五", 2020, 2025, "2022", ("经济",))
ANNUAL = Locality("a", "测试", "2025年计划", 2024, 2025, "2025", ("经济",), kind="annual")


def table(name: str, rows: list[dict[str, str]]) -> RawTable:
    required, optional = TABLES[name]
    frame = pd.DataFrame([{c: r.get(c, "") for c in (*required, *optional)} for r in rows],
                         columns=[*required, *optional], dtype=object)
    frame[LINE] = range(2, 2 + len(rows))
    return RawTable(name, f"{name}.csv", frame)


def indicator(code: str, name: str, unit: str, baseline: str, target: str, measure: str = "rate", **extra: str):
    return {"code": code, "category": "经济", "name": name, "unit": unit, "baseline_year": "2020", "baseline": baseline,
            "target_year": "2025", "target": target, "attribute": "预期性", "measure": measure, "source": "t:L1",
            **extra}


def cleaned(rows, observations=(), locality=FIVE_YEAR):
    raw = {"indicators": table("indicators", rows), "observations": table("observations", list(observations)),
           "statements": table("statements", []), "published": table("published", []),
           "overrides": table("overrides", [])}
    tables = clean.clean_tables(raw, locality)
    return tables, {i.code: i for i in dataset.indicators(tables["indicators"], tables["observations"])}


def test_life_expectancy_bracket_is_an_absolute_change_of_the_level():
    """〔1〕 on life expectancy (岁) is one year more over the period, never a sum of yearly levels."""
    _, ind = cleaned([indicator("1", "人均预期寿命", "岁", "77.3", "〔1〕", "stock")])
    i = ind["1"]
    assert (i.target_kind, i.change_basis, i.target, i.direction) == ("change", "absolute", 1, "up")
    assert i.target_level == pytest.approx(78.3)


def test_intensity_bracket_is_a_relative_fall():
    tables, ind = cleaned([indicator("1", "单位国内生产总值能源消耗降低", "%", "", "〔13.5〕")])
    i = ind["1"]
    assert (i.target_kind, i.change_basis, i.target, i.direction) == ("change", "relative", -13.5, "down")
    assert i.baseline is None and i.target_level is None  # base level not given: no level is made up
    assert "meaning.yaml" in tables["indicators"].loc[0, "target_type_rule"]


@pytest.mark.parametrize("name, unit, target, measure", [
    ("城镇保障性安居工程住房", "万套", "〔110〕万套", "flow"),
    ("新增城镇就业人数", "万人", "[5]", "flow"),
])
def test_flow_bracket_is_a_period_total(name, unit, target, measure):
    _, ind = cleaned([indicator("1", name, unit, "", target, measure)])
    assert ind["1"].target_kind == "cumulative" and ind["1"].change_basis is None


def test_a_fall_since_the_base_year_is_down_never_minus_twenty_going_up():
    _, ind = cleaned([indicator("1", "单位地区生产总值能耗", "吨标准煤/万元", "0.5", "下降20%")])
    i = ind["1"]
    assert (i.target_kind, i.change_basis, i.target, i.direction) == ("change", "relative", -20, "down")
    assert i.target_level == pytest.approx(0.4)  # base x (1 - 20%)


def test_points_and_years_are_absolute_changes():
    _, ind = cleaned([indicator("1", "常住人口城镇化率", "%", "65.1", "提高1个百分点"),
                      indicator("2", "人均预期寿命", "岁", "77.3", "提高1岁", "stock")])
    assert ind["1"].target_level == pytest.approx(66.1) and ind["1"].change_basis == "absolute"
    assert ind["2"].target_level == pytest.approx(78.3) and ind["2"].direction == "up"


def test_yearly_growth_target_level_compounds():
    _, ind = cleaned([indicator("1", "地区生产总值", "亿元", "1000", "年均增长7%", "flow"),
                      indicator("2", "地区生产总值增长", "%", "2.7", "年均增长6%左右", "growth")])
    assert ind["1"].target_kind == "growth" and ind["1"].target_level == pytest.approx(1000 * 1.07 ** 5)
    assert ind["2"].target_level is None  # a growth rate's growth target: no level (广州 trial: 2.7 × 1.06⁵)


def test_a_growth_rates_growth_target_is_the_rate_itself():
    """地区生产总值 in % (the indicator is a rate of growth) with 增长8.5%: the rate for the year is 8.5, not a
    change of the rate by 8.5% (云南省2018年计划执行情况, 云南日报 2018-09-23)."""
    _, ind = cleaned([indicator("1", "地区生产总值", "%", "", "增长8.5%", "growth", target_year="2025",
                                baseline_year="2024")], locality=ANNUAL)
    i = ind["1"]
    assert (i.target_kind, i.target, i.direction) == ("level", 8.5, "up")
    _, ind = cleaned([indicator("1", "单位地区生产总值能耗", "%", "", "下降3%", "growth")])
    assert ind["1"].target_kind == "change"  # a fall is not read as a rate: the indicator's own sign is unknown


def test_relational_reference_is_found_by_what_the_text_compares_with():
    rows = [
        indicator("1", "地区生产总值", "亿元", "1000", "1500", "flow"),
        indicator("2", "地区生产总值增长", "%", "6", "6左右", "growth"),
        indicator("3", "研发经费投入增长", "%", "", "高于GDP增长"),
        indicator("4", "居民人均可支配收入", "元", "50000", "70000", "flow"),
        indicator("5", "居民人均可支配收入增长", "%", "", "与经济增长基本同步"),
        indicator("6", "财政收入增长", "%", "", "高于全国平均水平"),
        indicator("7", "城乡居民收入增长", "%", "", "快于经济增长", reference="1"),
    ]
    tables, ind = cleaned(rows)
    assert ind["3"].reference_code == "2"  # the GDP growth indicator, not the level
    assert ind["5"].reference_code == "2"  # 经济增长 -> GDP growth, not by a name ending in 生产总值
    assert ind["6"].reference_code == ""  # no indicator of the table: validation warns
    assert ind["7"].reference_code == "1"  # stated by the transcriber
    assert tables["indicators"].set_index("code").loc["3", "reference"] == "GDP增长"


def test_income_reference():
    rows = [indicator("1", "居民人均可支配收入增长", "%", "", "7", "growth"),
            indicator("2", "农村居民收入增长", "%", "", "快于城镇居民收入增长")]
    _, ind = cleaned(rows)
    assert ind["2"].reference_code == "1"


def test_not_stated_is_a_value():
    tables, ind = cleaned([indicator("1", "地区生产总值", "亿元", "", "", "flow"),
                           indicator("2", "营商环境便利度", "%", "/", "—")])
    assert ind["1"].baseline is None and ind["1"].target_kind == "not_stated" and ind["1"].target is None
    assert ind["2"].baseline is None and ind["2"].target_kind == "not_stated"
    assert not tables["indicators"]["baseline_stated"].any()


def test_compound_target_keeps_its_aspiration_and_footnotes_as_notes():
    _, ind = cleaned([indicator("1", "研发经费投入增长", "%", "60.6*", "＞7、力争投入强度高于“十三五”时期实际")])
    i = ind["1"]
    assert (i.target, i.target_comparator, i.target_kind) == (7, ">", "level")
    assert i.target_note == "力争投入强度高于“十三五”时期实际"
    assert i.baseline == 60.6 and i.baseline_note == "*"


def test_stated_meaning_wins_over_what_is_read():
    _, ind = cleaned([indicator("1", "森林蓄积量", "亿立方米", "5", "[1]", "stock", target_kind="cumulative",
                                price_basis="", value_kind="period_total")],
                     [{"code": "1", "period": "2021", "value": "0.2", "source": "t:L2"}])
    assert ind["1"].target_kind == "cumulative"
    assert ind["1"].observations[0].value_kind == "period_total"


def test_observation_kinds_are_read_from_the_text():
    _, ind = cleaned([indicator("1", "单位地区生产总值能耗", "吨标准煤/万元", "0.5", "下降20%")],
                     [{"code": "1", "period": "2021", "value": "较2015年下降16.7%", "source": "t:L2"},
                      {"code": "1", "period": "2022", "value": "下降3%", "source": "t:L3", "data_period": "2021",
                       "breaks_series": "true"}])
    first, second = ind["1"].observations
    assert (first.value, first.value_kind) == (-16.7, "change_since_base")
    assert (second.value, second.value_kind, second.data_period, second.breaks_series) == (-3, "yoy_change", "2021", True)


def test_estimates_carry_to_the_model():
    _, ind = cleaned([indicator("1", "地区生产总值增长", "%", "5.2", "5%左右", "growth")],
                     [{"code": "1", "period": "2022", "value": "预计-3%左右", "source": "t:L2"}])
    o = ind["1"].observations[0]
    assert (o.value, o.comparator, o.is_estimate) == (-3, "≈", True)


def test_annual_plan_baseline_is_the_previous_year():
    row = indicator("1", "地区生产总值增长", "%", "5", "7%左右", "growth")
    row["baseline_year"], row["target_year"] = "", "2025"
    _, ind = cleaned([row], locality=ANNUAL)
    assert (ind["1"].baseline_year, ind["1"].target_year) == (2024, 2025)


def test_qualitative_value_of_a_numeric_indicator_is_an_error_not_a_number():
    tables, _ = cleaned([indicator("1", "地区生产总值", "亿元", "100", "150", "flow")],
                        [{"code": "1", "period": "2021", "value": "稳步增长", "source": "t:L2"}])
    assert "not a known status word" in tables["observations"].loc[0, "parse_error"]


def test_qualitative_value_of_a_qualitative_target_is_fine():
    tables, ind = cleaned([indicator("1", "粮食产量", "万吨", "", "保持全国份额基本稳定", "flow")],
                          [{"code": "1", "period": "2021", "value": "基本稳定", "source": "t:L2"}])
    assert tables["observations"].loc[0, "parse_error"] == ""
    assert ind["1"].target_kind == "qualitative"


def test_published_wording_classes():
    raw = table("published", [{"code": "1", "judgement": "超过进度要求", "source": "s"},
                              {"code": "2", "judgement": "成效显著", "source": "s"}])
    frame = clean.clean_published(raw)
    assert list(frame["judgement_class"]) == ["faster", ""]


def test_plan_functions_take_folders_not_locality_ids():
    """A locality id is refused with a message showing the call with its folder."""
    from helpers.plan import rawdata

    with pytest.raises(TypeError, match="paths.raw_dir"):
        rawdata.read_tables("yuecheng")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="paths.processed_dir"):
        clean.read_processed("yuecheng")  # type: ignore[arg-type]


@pytest.mark.parametrize("name, target, direction, rule", [
    ("城镇调查失业率", "5.5%左右", "down", "name says lower is better"),
    ("细颗粒物（PM2.5）浓度", "30", "down", "name says lower is better"),
    ("单位国内生产总值能耗降低", "3%左右", "up", "default"),  # the fall itself: more is better
    ("居民消费价格涨幅", "3.5%左右", "down", "name says lower is better"),  # 控制在 (湖北 2017, national 2025)
    ("城镇调查失业率", "5.5%左右", "up", "given"),
])
def test_direction_from_the_name_when_nothing_else_says(name, target, direction, rule):
    extra = {"direction": "up"} if rule == "given" else {}
    tables, ind = cleaned([indicator("1", name, "%", "", target, **extra)])
    assert ind["1"].direction == direction
    assert tables["indicators"].loc[0, "direction_rule"] == rule


@pytest.mark.parametrize("period, months, t", [("2022", 12, 2022.0), ("2023Q1", 3, 2022.25), ("2023H1", 6, 2022.5),
                                               ("2023Q3", 9, 2022.75), ("2018M07", 7, 2017 + 7 / 12)])
def test_a_period_is_a_year_or_the_part_of_a_year_from_january(period, months, t):
    """Reviews report year to date: 一季度, 上半年, 前三季度, 1至7月 (云南 2018: 1至7月, 一季度)."""
    assert model.period_months(period) == months and model.period_time(period) == pytest.approx(t)
    assert model.is_year_to_date(period) == (months < 12)


@pytest.mark.parametrize("period", ["2023H2", "2023M06", "2023M12", "2023Q2", "23H1", "2023-07", "2" * 400])
def test_other_periods_are_not_periods(period):
    """One form for each: the first half is H1, never M06; a second half or a single quarter is no year to date."""
    assert not model.is_period(period)
    with pytest.raises(ValueError, match="is not YYYY, or YYYYQ1"):
        model.period_time(period)


def test_the_raw_data_expectations_read_periods_as_the_model_does():
    import json

    from helpers.pipeline import paths

    patterns = [e["kwargs"]["regex"] for suite in ("raw_observations", "raw_statements")
                for e in json.loads((paths.EXPECTATIONS_DIR / f"{suite}.json").read_text(encoding="utf-8"))["expectations"]
                if e["type"] == "expect_column_values_to_match_regex" and "period" in e["kwargs"]["column"]]
    assert len(patterns) == 3 and set(patterns) == {model.PERIOD_PATTERN}


def test_a_year_to_date_value_is_partial_and_its_change_is_the_years():
    tables, ind = cleaned([indicator("1", "社会消费品零售总额", "亿元", "", "", "flow", target_year="2025",
                                     baseline_year="2024")],
                          [{"code": "1", "period": "2025M07", "value": "同比增长11.4%", "source": "t:L2"}], ANNUAL)
    row = tables["observations"].iloc[0]
    assert bool(row["is_partial_year"]) and row["observation_kind"] == "yoy_change"


def test_an_annual_plans_rise_in_percent_on_a_level_is_the_years_growth():
    """温州 2024 上半年 (trial): 地区生产总值 (亿元) 增长6%以上 is the year's growth, not a change from a base level the
    table does not give; a fall (下降3%) stays a change."""
    _, ind = cleaned([indicator("1", "地区生产总值", "亿元", "", "增长6%以上", "flow", target_year="2025", baseline_year="2024"),
                      indicator("2", "单位地区生产总值能耗", "吨标准煤/万元", "", "下降3%", "rate", target_year="2025",
                                baseline_year="2024")], locality=ANNUAL)
    assert (ind["1"].target_kind, ind["1"].target, ind["1"].target_comparator) == ("growth", 6, "≥")
    assert ind["2"].target_kind == "change"
