"""Issue 11 (method v2): each numbered problem of the audit as a regression test with the right answer.

The indicators are built from the numbers of seed 004 (yuecheng mid-term review, 表1 and its narrative) and
seed 000 (shaoxing 13th-plan results); assessment-level tests run on the transcribed data/raw/yuecheng.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.engine import assessment, checks
from helpers.engine.evaluate import EvaluationParams, coarse_class, evaluate, propose
from tests.unit.engine_cases import ind, locality_tables, o

P = EvaluationParams()
OFFICE = EvaluationParams(judge_on_h1_estimate=True)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return locality_tables("yuecheng")


# ---------------------------------------------------------------- 1. a forecast is judged as if observed

def revenue() -> object:  # 一般公共预算收入 (表1 row 3)
    return ind(72.7, 110, o("2021", 93.2, 19.8), o("2022", 86.3, -7.3), o("2023H1", 61.6, 12.8), measure="flow")


def exports() -> object:  # 外贸出口 (表1 row 14)
    return ind(566, 720, o("2021", 588.04, 3.8), o("2022", 715.53, 21.7), o("2023H1", 426.5, 30.6), measure="flow")


def test_1_revenue_is_judged_on_2022_data_not_on_the_h1_forecast() -> None:
    e = evaluate(revenue(), "2023H1", P)
    assert (e.latest_period, e.latest_value, e.rests_on_estimate) == ("2022", 86.3, False)
    assert e.progress_linear == pytest.approx(0.365, abs=1e-3) and e.tau == pytest.approx(0.4)
    office = evaluate(revenue(), "2023H1", OFFICE)
    assert office.rests_on_estimate and office.tau == pytest.approx(0.6) and "h1_estimate" in office.quality_notes


def test_1_exports_below_the_target_are_not_early_completion() -> None:
    e = evaluate(exports(), "2023H1", P)
    assert e.latest_value == 715.53 and not e.is_met and e.judgement != "提前完成"
    office = evaluate(exports(), "2023H1", OFFICE)
    assert office.latest_value == pytest.approx(715.53 * 1.306) and office.judgement == "提前完成"
    assert office.rests_on_estimate  # the review then says the class rests on an estimate


def test_1_comparable_price_growth_is_not_multiplied_into_a_nominal_level() -> None:
    gdp = ind(1005.3, 1500, o("2021", 1191.5, 8.8), o("2022", 1271, 4), o("2023H1", 624.5, 7.5), measure="flow",
              tc="≥", price_basis="real")
    e = evaluate(gdp, "2023H1", OFFICE)
    assert e.latest_value == 1271 and e.latest_value != pytest.approx(1271 * 1.075)
    growth = ind(1005.3, 7, o("2021", 1191.5, 8.8), o("2022", 1271, 4), kind="growth", measure="flow",
                 price_basis="real")
    g = evaluate(growth, "2022", P)  # a real growth target is compared with the stated real growths
    assert g.growth_basis == "stated_rates" and g.latest_value == pytest.approx((math.sqrt(1.088 * 1.04) - 1) * 100)


# ---------------------------------------------------------------- 2. one knife-edge test decides

def test_2_rural_income_is_not_decided_by_a_knife_edge() -> None:
    # 农村居民收入 (row 23): linear 0.422 vs τ 0.40; small changes of the value do not flip the coarse class
    at = lambda x: evaluate(ind(38633, 55000, o("2021", 42508), o("2022", x), measure="flow"), "2023H1", P)  # noqa: E731
    e = at(45540)
    assert e.progress_linear == pytest.approx(0.422, abs=1e-3) and e.judgement in ("基本符合预期", "快于预期")
    for x in (44900, 45200, 45540, 45900):  # linear shares 0.383 … 0.444
        assert coarse_class(at(x).judgement) == "met"


def test_2_end_of_period_13th_plan_retail_sales() -> None:
    # 社会消费品零售总额 1621.06 → 2400 (seed 000 L249): 2322.5 is 0.9005 of the way linearly, 0.916 on the log scale
    e = evaluate(ind(1621.06, 2400, o("2020", 2322.5), measure="flow", y0=2015, y1=2020), "2020", P)
    assert e.progress_linear == pytest.approx(0.9005, abs=1e-4)
    assert e.progress == pytest.approx(math.log(2322.5 / 1621.06) / math.log(2400 / 1621.06))
    assert e.judgement == "基本完成" and e.judgement_rule == "end_of_period"
    assert "near_threshold" in e.quality_notes  # and the review says it is close to the line


def test_2_hard_to_complete_needs_more_than_one_rebound_year() -> None:
    # a 2021 rebound of +30 % then +1 %: the single best year would make 24 %/yr look plausible
    i = ind(100, 250, o("2021", 130), o("2022", 131), measure="flow")
    e = evaluate(i, "2022", P)
    assert e.required_pace == pytest.approx(((250 / 131) ** (1 / 3) - 1) * 100)
    assert e.pace_shown < e.required_pace < 30  # sustained over two years: ~14.5 %/yr
    assert (e.judgement, e.reason) == ("难以完成", "required_pace_unseen")


def test_2_a_flow_on_its_required_compound_path_is_on_schedule() -> None:
    # linear progress of a compounding series lags the time share; the judgement agrees with the CAGR test
    g = 2 ** (1 / 5)
    e = evaluate(ind(100, 200, o("2021", 100 * g), o("2022", 100 * g ** 2), measure="flow"), "2022", P)
    assert e.progress == pytest.approx(e.tau) and e.progress_linear < 0.9 * e.tau
    assert e.judgement == "基本符合预期" and e.cagr_ratio == pytest.approx(1.0)


# ---------------------------------------------------------------- 3. impossible numbers reach the review

def test_3_coverage_rate_projection_stays_below_100() -> None:
    e = evaluate(ind(86, 90, o("2021", 96.62), o("2022", 97.13), o("2023H1", 97.3), tc=">", unit="%"), "2023H1", P)
    assert e.projection is not None and e.projection <= 100 and "projection_bounded" in e.quality_notes


def test_3_rank_projection_is_a_whole_place_at_least_first() -> None:
    e = evaluate(ind(20, 10, o("2021", 12), o("2022", 5), measure="rank", direction="down"), "2022", P)
    assert e.projection == 1 and "projection_bounded" in e.quality_notes
    r = evaluate(ind(91, 50, o("2021", 77), o("2022", 140), measure="rank", direction="down"), "2023H1", P)
    assert r.projection == int(r.projection) >= 1


def test_3_tourism_income_is_not_projected_from_two_points_and_stays_positive() -> None:
    two = evaluate(ind(218.34, 330, o("2021", 154.23, -29.3), measure="flow"), "2023H1", P)
    assert two.projection is None and "few_points" in two.quality_notes
    three = evaluate(ind(218.34, 330, o("2021", 154.23), o("2022", 100), measure="flow"), "2022", P)
    assert three.projection is not None and three.projection > 0


def test_3_no_growth_rates_of_ranks_or_shares() -> None:
    rank = evaluate(ind(91, 50, o("2021", 77), o("2022", 140), measure="rank", direction="down"), "2022", P)
    assert rank.cagr_observed is None and rank.pace_unit == "places_per_year"
    share = evaluate(ind(3.5, 15, o("2021", 3.6), o("2022", 4.3), unit="%"), "2022", P)
    assert share.cagr_observed is None and share.pace_unit == "pp_per_year"
    assert share.required_pace == pytest.approx((15 - 4.3) / 3)


# ---------------------------------------------------------------- 4. series are not reconciled

@pytest.mark.parametrize(("row", "base", "v21", "g21", "v22", "g22"), [
    (3, 72.7, 93.2, 19.8, 86.3, -7.3),  # 一般公共预算收入: 93.2 / 1.198 = 77.8, not 72.7
    (10, 30.8, 33.6, 5.0, 36.2, 7.7),  # 人才资源总量: 33.6 / 1.05 = 32.0
    (12, 11.6, 20.8, 30.8, 20.3, -2.4),  # 亩均税收: 20.8 / 1.308 = 15.9
])
def test_4_table_baseline_contradicting_the_stated_growth_is_named(row: int, base: float, v21: float, g21: float,
                                                                    v22: float, g22: float) -> None:
    i = ind(base, 2 * base, o("2021", v21, g21), o("2022", v22, g22), measure="flow", code=str(row))
    found = [r for r in checks.reconcile(i, P) if r["check"] == "baseline_vs_stated_growth"]
    assert len(found) == 1 and found[0]["detail"] == "baseline"  # the baseline, not the growths, is suspect
    assert found[0]["expected"] == pytest.approx(v21 / (1 + g21 / 100))


def test_4_real_growths_against_nominal_levels_are_another_basis_not_an_error() -> None:
    gdp = ind(1005.3, 1500, o("2021", 1191.5, 8.8), o("2022", 1271, 4), measure="flow", price_basis="real")
    found = checks.reconcile(gdp, P)
    assert [r["check"] for r in found] == ["growth_basis_differs"] and found[0]["detail"] == "real_vs_nominal"


def test_4_lag_break_censored_and_footnoted_base_year_are_noted() -> None:
    lag = ind(1.97, 3.5, o("2021", 2.76, data_period="2020"), o("2022", 2.84, data_period="2021"), unit="%")
    assert {r["check"] for r in checks.reconcile(lag, P)} == {"reporting_lag"}
    for i, code in [  # 5 new ranking method, 25 new life-expectancy method, 20 census
        (ind(91, 50, o("2021", 77), o("2022", 140, breaks=True), measure="rank", direction="down"), "series_break"),
        (ind(82.99, 83.5, o("2021", 82.37, breaks=True), measure="stock"), "series_break"),
        (ind(78, 83, o("2021", 83.35, breaks=True), unit="%"), "series_break"),
        (ind(35, 28, o("2022", 29.74), direction="down", tc="<", baseline_comparator="<"), "baseline_censored"),
    ]:
        assert code in evaluate(i, "2022", P).quality_notes
        assert code in {r["check"] for r in checks.reconcile(i, P)}
    footnoted = ind(60.6, 70, o("2021", 63), o("2022", 64), unit="%", baseline_note="*为2019年数据")
    e = evaluate(footnoted, "2022", P)
    assert "baseline_other_year" in e.quality_notes and e.tau == pytest.approx(3 / 6)  # from 2019, not 2020


# ---------------------------------------------------------------- 5. the proposals table is wrong or silent

def test_5_keep_shows_the_target_itself() -> None:
    pm25 = ind(35, 28, o("2021", 27.86), o("2022", 29.74), direction="down", tc="<", attribute="约束性",
               name="PM2.5年均浓度")
    e = evaluate(pm25, "2023H1", P)
    prop = propose(e, pm25, P)
    assert e.judgement == "滞后于进度" and (prop.proposal, prop.value) == ("keep", 28)  # not −1.6 a year


def test_5_a_computed_proposal_contradicting_the_published_conclusion_is_marked(tables) -> None:
    published = tables["published"].copy()
    published["proposal"] = published["code"].map({"7": "keep", "15": "keep"}).fillna("")  # “建议不作出调整”
    result = assessment.assess({**tables, "published": published}, "2023H1", P).evaluation.set_index("code")
    for code in ("7", "15"):
        row = result.loc[code]
        assert row["computed_proposal"] == "adjust_target" and row["published_proposal"] == "keep"
        assert row["proposal_contradicts_published"] and "proposal_contradicts_published" in row["quality_notes"]
        assert row["computed_proposal_value"] > 0 and row["proposal"] == "adjust_target"  # both kept


def test_5_analyst_overrides_as_before(tables) -> None:
    result = assessment.assess(tables, "2023H1", P).evaluation.set_index("code")
    assert result.loc["5", "proposal_value"] == "90" and result.loc["5", "proposal_source"].startswith("decided")
    assert result.loc["21", "judgement"] == "指标调整" and result.loc["21", "computed_judgement"] == "指标调整"


# ---------------------------------------------------------------- 6. checks that accuse the source wrongly

def test_6_counts_compare_like_with_like(tables) -> None:
    found = assessment.assess(tables, "2023H1", P).checks
    assert not (found["check"] == "summary_count").any()  # 21 完成 stated, 21 in the table (plus one 完成省市下达指标)


def test_6_stated_average_growth_uses_the_offices_averaging(tables) -> None:
    found = assessment.assess(tables, "2023H1", P).checks
    assert not (found["check"] == "stated_average_growth").any()  # 6.4 % = (8.7 + 4.1) / 2, not the nominal CAGR
    gdp = ind(130500, 170000, o("2021", 143731, 8.7), o("2022", 153496, 4.1), measure="flow")
    assert checks.office_average_growth(gdp, "2022") == (pytest.approx(6.4), "arithmetic_mean_of_yoy")


# ---------------------------------------------------------------- yuecheng as a whole

def test_yuecheng_coarse_agreement_and_explained_disagreements(tables) -> None:
    ev = assessment.assess(tables, "2023H1", P).evaluation
    published = ev[ev["published_judgement"] != ""]
    assert len(published) == 34 and int(published["agrees"].sum()) >= 31
    differ = published[published["agrees"] == False]  # noqa: E712
    assert (differ["disagreement"] != "").all() and not (differ["disagreement"] == "unexplained").any()


def test_6_counts_stay_like_with_like_with_the_plan_vocabulary(tables, monkeypatch) -> None:
    """The plan layer's judgements.yaml puts 完成省市下达指标 in the class of 完成; the count still compares
    numeric indicators with numeric indicators."""
    import sys
    import types

    import helpers.plan

    classes = {"完成": "completed", "完成省市下达指标": "completed", "未完成": "not_completed", "—": "not_evaluated"}
    fake = types.ModuleType("helpers.plan.vocab")
    fake.judgement_class = lambda text: types.SimpleNamespace(key=classes[text]) if text in classes else None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "helpers.plan.vocab", fake)
    monkeypatch.setattr(helpers.plan, "vocab", fake, raising=False)
    from helpers.engine.judgements import coarse_published, published_class

    assert published_class("完成省市下达指标") == "done_assigned" and coarse_published("完成省市下达指标") == "met"
    found = assessment.assess(tables, "2023H1", P).checks
    assert not (found["check"] == "summary_count").any()


def test_3_a_bracketed_total_on_a_level_is_a_change_not_a_sum() -> None:
    # 〔1〕 on life expectancy read as a period total: +1 year on 82.99, never 82.37 + 82.5 + …
    i = ind(82.99, 1, o("2021", 83.2), o("2022", 83.4), kind="cumulative", measure="stock", unit="岁",
            target_text="〔1〕")
    e = evaluate(i, "2022", P)
    assert e.rule == "change_absolute" and e.target_value == pytest.approx(83.99) and e.latest_value == 83.4


def test_3_signed_and_unsigned_yearly_declines_agree() -> None:
    # the plan layer signs a fall (降低12.1% → −12.1, target 下降13.5% → −13.5); a table may leave both unsigned
    signed = ind(None, -13.5, o("2021", -3, kind="yoy_change"), o("2022", -4, kind="yoy_change"), kind="change",
                 change_basis="relative", direction="down", unit="%")
    unsigned = ind(None, 13.5, o("2021", 3, kind="yoy_change"), o("2022", 4, kind="yoy_change"), kind="change",
                   change_basis="relative", direction="down", unit="%")
    a, b = evaluate(signed, "2022", P), evaluate(unsigned, "2022", P)
    assert a.latest_value == pytest.approx(b.latest_value) == pytest.approx((1 - 0.97 * 0.96) * 100)
    assert a.progress == pytest.approx(b.progress) and a.judgement == b.judgement
    level = ind(100, -20, o("2021", 90), o("2022", 85), kind="change", change_basis="relative", direction="down")
    assert evaluate(level, "2022", P).target_value == pytest.approx(80)


def test_a_real_rate_stated_beside_the_nominal_one_is_set_against_a_real_growth_target() -> None:
    """A growth cell 8.7（实际增长7.9） (温州 2015) or 名义增长5.3%，扣除价格因素实际增长5.1% (公报): a target at
    comparable prices is judged on the real rates; the nominal ones still check the table's levels."""
    from dataclasses import replace

    from helpers.plan.grammar import parse_text

    cell = parse_text("8.7（实际增长7.9）")
    first = replace(o("2021", 1191.5, cell.number), yoy_growth_real_pct=cell.real)
    second = replace(o("2022", 1271, 6.7), yoy_growth_real_pct=parse_text("名义增长6.7%，实际增长4%").real)
    growth = ind(1005.3, 7, first, second, kind="growth", measure="flow", price_basis="real")
    g = evaluate(growth, "2022", P)
    assert g.growth_basis == "stated_rates" and g.latest_value == pytest.approx((math.sqrt(1.079 * 1.04) - 1) * 100)
    nominal = ind(1005.3, 7, first, second, kind="growth", measure="flow")  # no price basis: the levels
    assert evaluate(nominal, "2022", P).growth_basis == "levels"


@pytest.mark.parametrize("baseline, value, growth, planned, years, judgement, reason", [
    # 温州 2015 计划执行表: 全市生产总值 4620亿元 增长7以上, actual 4619.8 增长8.3 (no 上年值 in the table)
    (None, 4619.8, 8.3, 7, 1, "基本完成", "end_growth_met"),
    (4000.0, 4500, 8.3, 7, 1, "基本完成", "end_growth_met"),  # progress 0.81: below 基本完成 on the level alone
    (4000.0, 4600, 8.3, 7, 1, "基本完成", "end_basically_met"),  # progress 0.97 decides first
    (None, 4619.8, 6.5, 7, 1, "未完成", "no_baseline"),  # neither target met
    (None, 4619.8, 8.3, None, 1, "未完成", "no_baseline"),  # no growth target beside the level
    (None, 4619.8, 8.3, 7, 5, "未完成", "no_baseline"),  # a five-year plan's planned growth is an average
    (4000.0, 4500, 8.3, 7, 5, "未完成", "end_not_met"),
])
def test_an_annual_level_missed_with_its_growth_target_met_is_basically_met(baseline, value, growth, planned, years,
                                                                             judgement, reason) -> None:
    gdp = ind(baseline, 4620, o(str(2014 + years), value, growth), measure="flow", planned=planned,
              y0=2014, y1=2014 + years, name="全市生产总值")
    e = evaluate(gdp, str(2014 + years), P)
    assert (e.judgement, e.reason, e.judgement_rule) == (judgement, reason, "end_of_period")


def test_a_target_restated_in_another_scale_of_its_unit_agrees_with_the_table() -> None:
    """广州 (trial): the text's 3.5万亿元 is the table's 35000 亿元, not a disagreement; 3.6万亿元 would be one."""
    gdp = ind(25019.1, 35000, o("2021", 28232), measure="flow", unit="亿元", code="1", tc="≥")

    def found(text: str) -> list[str]:
        statements = pd.DataFrame([{"code": "1", "period": "", "field": "target", "text": text, "source": "t:L1"}])
        evaluation = pd.DataFrame(columns=["code", "judgement", "published_judgement", "published_class", "computed_class"])
        rows = checks.plan_checks([gdp], {"statements": statements}, evaluation, P)
        return [r["check"] for r in rows if r["check"] == "narrative_target_vs_table"]

    assert found("达3.5万亿元") == [] and found("35000亿元") == []
    assert found("3.6万亿元") == ["narrative_target_vs_table"]
