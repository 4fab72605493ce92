"""Unit tests of the evaluation engine: one or more per indicator rule, the graded scale, Open SDG vectors
(and the named cases where the project differs), and the Yuecheng 表1 check (seed 004, lines 357-505)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.engine.evaluate import (
    EvaluationParams,
    check_planned_growth,
    coarse_class,
    coarse_published,
    evaluate,
    evaluations_frame,
    propose,
    sdg_progress,
)
from tests.unit.engine_cases import YUECHENG, ind, o

P = EvaluationParams()


# ---------------------------------------------------------------- level targets, worked examples of seed 004

def test_flow_judged_on_the_latest_full_year_not_on_an_h1_estimate() -> None:
    # 一般公共预算收入 72.7 → 110; 2022 86.3: linear share 0.365, on the log scale 0.414, at τ 0.4
    e = evaluate(ind(72.7, 110, o("2021", 93.2), o("2022", 86.3), o("2023H1", 61.6, 12.8), measure="flow"),
                 "2023H1", P)
    assert (e.latest_period, e.latest_value, e.rests_on_estimate) == ("2022", 86.3, False)
    assert e.tau == pytest.approx(0.4) and e.progress_linear == pytest.approx(13.6 / 37.3)
    assert e.progress == pytest.approx(math.log(86.3 / 72.7) / math.log(110 / 72.7))
    assert (e.status, e.judgement, e.judgement_rule) == ("on_track", "基本符合预期", "time_share_bands")
    assert e.h1_growth == 12.8 and "h1_not_comparable" in e.quality_notes


def test_office_rule_judges_on_the_h1_estimate_and_says_so() -> None:
    office = EvaluationParams(judge_on_h1_estimate=True)
    e = evaluate(ind(72.7, 110, o("2021", 93.2), o("2022", 86.3), o("2023H1", 61.6, 12.8), measure="flow"),
                 "2023H1", office)
    assert e.latest_period == "2023" and e.latest_value == pytest.approx(86.3 * 1.128)
    assert e.rests_on_estimate and e.latest_is_estimate and "h1_estimate" in e.quality_notes
    assert e.tau == pytest.approx(0.6) and e.half_year_rule == "h1_yoy_estimate"


def test_a_real_growth_is_never_multiplied_into_a_nominal_level() -> None:
    # GDP 1271 (current prices) and 2023H1 +7.5 % at comparable prices: no 1271 × 1.075
    office = EvaluationParams(judge_on_h1_estimate=True)
    gdp = ind(1005.3, 1500, o("2021", 1191.5, 8.8), o("2022", 1271, 4), o("2023H1", 624.5, 7.5), measure="flow",
              tc="≥", price_basis="real")
    e = evaluate(gdp, "2023H1", office)
    assert e.latest_value == 1271 and e.latest_period == "2022" and not e.rests_on_estimate


def test_stock_h1_value_is_comparable() -> None:
    e = evaluate(ind(30.8, 41, o("2021", 33.6), o("2022", 36.2), o("2023H1", 37.5, est=True), measure="stock"),
                 "2023H1", P)
    assert e.latest_period == "2023H1" and e.tau == pytest.approx(0.5) and e.progress_linear == pytest.approx(6.7 / 10.2)
    assert e.judgement == "快于预期" and e.rests_on_estimate and "estimate_used" in e.quality_notes


def test_seasonal_rate_h1_is_not_compared() -> None:
    e = evaluate(ind(35, 28, o("2021", 27.86), o("2022", 29.74), o("2023H1", 32), direction="down", tc="<",
                     name="PM2.5年均浓度"), "2023H1", P)
    assert e.latest_period == "2022" and "h1_not_comparable" in e.quality_notes


def test_binding_ceiling_fails_in_the_latest_year() -> None:
    # PM2.5 ＜35 → ＜28 (约束性): 2022 29.74 breaks the ceiling although progress 0.75 > τ 0.4
    i = ind(35, 28, o("2021", 27.86), o("2022", 29.74), direction="down", tc="<", name="PM2.5年均浓度",
            attribute="约束性")
    e = evaluate(i, "2023H1", P)
    assert e.status == "breached" and e.binding_breaches == "2022" and e.judgement_rule == "binding_yearly"
    assert e.judgement == "滞后于进度" and e.reason == "binding_breached"
    assert coarse_class(evaluate(i, "2025", P).judgement) == "not_met"


def test_binding_breach_in_an_earlier_year_is_noted() -> None:
    e = evaluate(ind(0.009, 0.01, o("2021", 0.017), o("2022", 0.007), direction="down", tc="<", attribute="约束性"),
                 "2023H1", P)
    assert e.judgement == "提前完成" and e.binding_breaches == "2021" and "binding_breached_earlier" in e.quality_notes


def test_binding_floor_not_yet_reached_is_judged_by_progress() -> None:
    # 全国“十四五” 森林覆盖率 23.2 → 24.1 (约束性), 2022 24.02: short of 24.1 before 2025 is no breach; the
    # national mid-term review published 快于预期 (data/raw/china-14th/published.csv)
    e = evaluate(ind(23.2, 24.1, o("2022", 24.02), unit="%", attribute="约束性", name="森林覆盖率"), "2022", P)
    assert e.binding_breaches == "" and e.status != "breached" and e.judgement == "快于预期"


def test_cumulative_decline_of_an_intensity_compounds_the_yearly_declines() -> None:
    # 单位GDP能源消耗降低 〔13.5〕 (2021–2025, relative), observed as yearly declines 下降2.7% and 下降0.1%, with
    # measure growth (the values are rates): 1 − 0.973 × 0.999 = 2.8 %, not an average of the two rates
    i = ind(None, -13.5, o("2021", -2.7, kind="yoy_change"), o("2022", -0.1, kind="yoy_change"), measure="growth",
            direction="down", kind="change", unit="%", attribute="约束性", change_basis="relative")
    e = evaluate(i, "2022", P)
    assert e.rule == "change_relative" and e.latest_value == pytest.approx(2.7973, abs=1e-4)
    assert e.progress == pytest.approx(math.log(0.972027) / math.log(0.865), abs=1e-4)
    assert coarse_class(e.judgement) == "not_met"


def test_strict_floor_and_strict_observation() -> None:
    assert evaluate(ind(56, 65, o("2022", 65), tc=">"), "2022", P).judgement != "提前完成"
    assert evaluate(ind(56, 65, o("2022", 65.1), tc=">"), "2022", P).judgement == "提前完成"
    assert evaluate(ind(35, 28, o("2022", 28, cmp="<"), direction="down", tc="<"), "2022", P).is_met


def test_plain_number_down_is_ceiling() -> None:
    e = evaluate(ind(0.011, 0.01, o("2022", 0.007), direction="down"), "2023H1", P)
    assert e.rule == "level_ceiling" and e.judgement == "提前完成"


def test_share_rule_moves_in_percentage_points() -> None:
    e = evaluate(ind(3.5, 15, o("2021", 3.6), o("2022", 4.3), o("2023H1", 5.0), unit="%"), "2023H1", P)
    assert e.rule == "share_floor" and e.scale == "pp" and e.pace_unit == "pp_per_year"
    assert e.required_pace == pytest.approx((15 - 5) / 2.5)  # 4 pp a year still required
    assert e.pace_shown == pytest.approx(e.pace_shown) and e.pace_shown < 1
    assert e.judgement == "难以完成" and e.reason == "required_pace_unseen"


def test_rank_moving_away_is_hard_and_the_proposal_holds_the_baseline() -> None:
    i = ind(91, 50, o("2021", 77), o("2022", 140), o("2023H1", "—"), measure="rank", direction="down")
    e = evaluate(i, "2023H1", P)
    assert e.rule == "rank" and e.progress < 0 and e.judgement == "难以完成"
    assert e.projection == int(e.projection) and e.projection >= 1
    prop = propose(e, i, P)
    assert prop.proposal == "adjust_target" and prop.value == 91 and prop.reason == "adjust_to_baseline"


def test_rank_pace_is_in_places() -> None:
    e = evaluate(ind(95, 50, o("2021", 81), o("2022", 79), measure="rank", direction="down"), "2023H1", P)
    assert e.progress == pytest.approx(16 / 45) and e.tau == pytest.approx(0.4)
    assert e.pace_unit == "places_per_year" and e.required_pace == pytest.approx(-29 / 3)
    assert e.pace_shown == pytest.approx(-8)  # 16 places over two years, not the 14 of 2021 alone


def test_approx_target() -> None:
    def about5(x: float) -> object:
        return ind(2.6, 5, o("2022", x), tc="≈", target_text="5左右")

    assert evaluate(about5(4.8), "2022", P).judgement == "提前完成"  # within 5 %
    assert evaluate(about5(6.0), "2022", P).judgement == "提前完成"  # beyond it, on the good side
    e = evaluate(about5(4.5), "2022", P)
    assert e.rule == "approx" and not e.is_met
    assert evaluate(about5(4.5), "2022", EvaluationParams(approx_tolerance_pct=10)).is_met


def test_baseline_missing_uses_first_observation() -> None:
    e = evaluate(ind(None, 18, o("2021", 8.2), o("2022", 12.3), o("2023H1", 13.78), measure="stock"), "2023H1", P)
    assert e.baseline_period == "2021" and e.baseline_used == 8.2 and "baseline_substituted" in e.quality_notes
    assert e.tau == pytest.approx(1.5 / 4) and e.judgement == "快于预期"


def test_no_data_and_adjusted() -> None:
    none = evaluate(ind(2.6, 5, o("2021", "未出"), o("2022", "未出"), tc="≈"), "2023H1", P)
    assert none.judgement == "无法评价" and none.reason == "no_data" and none.latest_text == "未出"
    e = evaluate(ind(1.8, 3, o("2022", 2.8), o("2023H1", "指标调整为城镇调查失业率"), direction="down", tc="<"),
                 "2023H1", P)
    assert (e.judgement, e.reason, e.status) == ("指标调整", "indicator_adjusted", "adjusted")
    assert evaluate(ind(1, None, o("2022", 2), kind="not_stated"), "2022", P).reason == "target_not_stated"


def test_only_observations_up_to_as_of() -> None:
    i = ind(100, 200, o("2021", 110), o("2022", 250))
    assert evaluate(i, "2021", P).latest_period == "2021"
    assert evaluate(i, "2022", P).judgement == "提前完成"


def test_end_of_period() -> None:
    i = lambda x: ind(4465.97, 6000, o("2020", x), measure="flow", y0=2015, y1=2020)  # noqa: E731
    assert evaluate(i(6001), "2020", P).judgement == "完成"
    assert evaluate(i(5900), "2020", P).judgement == "基本完成"  # progress 0.93
    assert evaluate(i(5000), "2020", P).judgement == "未完成"
    assert evaluate(i(5000), "2020", P).mode == "end"


def test_graded_bands_around_the_time_share() -> None:
    at = lambda x: evaluate(ind(0, 10, o("2022", x)), "2022", P)  # noqa: E731  τ = 0.4
    assert at(4.5).judgement == "快于预期"  # p 0.45 ≥ 1.1 τ
    assert at(4.0).judgement == "基本符合预期"
    assert at(3.7).judgement == "基本符合预期"  # p 0.37 ≥ 0.9 τ
    assert at(3.5).status == "behind"
    assert evaluate(ind(0, 10, o("2022", 3.5)), "2022", EvaluationParams(on_track_band=0.2)).status == "on_track"


# ---------------------------------------------------------------- growth, cumulative, change, relational, qualitative

def test_growth_target_from_stated_rates() -> None:
    i = ind(None, 6, o("2021", 7.0), o("2022", 5.5), kind="growth", unit="%")
    e = evaluate(i, "2022", P)
    r = (math.sqrt(1.07 * 1.055) - 1) * 100
    assert e.rule == "growth_rate" and e.latest_value == pytest.approx(r)
    assert e.progress == pytest.approx(math.log(1.07 * 1.055) / math.log(1.06 ** 5))
    assert e.judgement == "基本符合预期" and e.cagr_ratio == pytest.approx(r / 6)
    low = evaluate(ind(None, 8, o("2021", 5), o("2022", 6), kind="growth", unit="%"), "2022", P)
    assert low.judgement == "难以完成" and low.required_pace > 6  # needs more than ever sustained
    ok = evaluate(ind(None, 8, o("2021", 10), o("2022", 10), o("2023", 1), kind="growth", unit="%"), "2023", P)
    assert ok.status == "behind" and ok.required_pace == pytest.approx(((1.08 ** 5 / 1.2221) ** 0.5 - 1) * 100)
    assert ok.judgement == "滞后于进度" and ok.pace_shown == pytest.approx(10)  # two years at 10 % were sustained


def test_growth_rate_indicator_averages_its_yearly_rates() -> None:
    # measure growth: the value is a growth rate (GDP增长 7%): the average of the rates against 7
    i = ind(None, 7, o("2021", 8.8), o("2022", 4.0), measure="growth", unit="%", kind="level")
    e = evaluate(i, "2022", P)
    assert e.rule == "growth_measure" and e.latest_value == pytest.approx((math.sqrt(1.088 * 1.04) - 1) * 100)
    assert e.scale == "log" and e.judgement in ("基本符合预期", "滞后于进度")


def test_growth_target_from_levels_and_proposal() -> None:
    i = ind(680, 8, o("2021", 722.61), o("2022", 748.36), o("2023H1", 434.9, 8.2), kind="growth",
            measure="flow", unit="亿元")
    e = evaluate(i, "2023H1", P)
    assert e.latest_value == pytest.approx(((748.36 / 680) ** 0.5 - 1) * 100) and e.latest_period == "2022"
    assert e.judgement == "难以完成"
    prop = propose(e, i, P)
    assert (prop.proposal, prop.value, prop.reason) == ("adjust_target", 4.5, "adjust_growth_to_observed")


def test_growth_target_end_of_period() -> None:
    i = lambda *v: ind(None, 6, *(o(str(2016 + k), x) for k, x in enumerate(v)), kind="growth", unit="%",  # noqa: E731
                       y0=2015, y1=2020)
    assert evaluate(i(7, 6, 6, 6, 6), "2020", P).judgement == "完成"
    assert evaluate(i(5.5, 5.5, 5.5, 5.5, 5.5), "2020", P).judgement == "基本完成"
    assert evaluate(i(3, 3, 3, 3, 3), "2020", P).judgement == "未完成"


def test_planned_growth_check() -> None:
    found = check_planned_growth(ind(680, 1100, planned=7), P)
    assert found is not None and found["check"] == "planned_growth_vs_target"
    assert found["expected"] == pytest.approx(((1100 / 680) ** 0.2 - 1) * 100)
    assert check_planned_growth(ind(61861, 88000, planned=7), P) is None  # implies 7.3 %
    assert check_planned_growth(ind(61861, 88000, planned=7), EvaluationParams(growth_check_pp=0.1)) is not None


def test_cumulative_yearly_values() -> None:
    i = ind(None, 5, o("2021", 1.2), o("2022", 0.8), kind="cumulative", target_text="[5]", measure="flow")
    e = evaluate(i, "2022", P)
    assert e.rule == "cumulative" and e.latest_value == pytest.approx(2.0)
    assert e.progress == pytest.approx(0.4) and e.tau == pytest.approx(0.4) and e.judgement == "基本符合预期"
    behind = evaluate(ind(None, 5, o("2021", 0.5), o("2022", 0.6), kind="cumulative", measure="flow"), "2022", P)
    assert behind.judgement == "难以完成" and behind.required_pace == pytest.approx(1.3)
    done = evaluate(ind(None, 5, o("2021", 3), o("2022", 2.5), kind="cumulative", measure="flow"), "2022", P)
    assert done.judgement == "提前完成"


def test_cumulative_bracketed_total_at_end() -> None:
    e = evaluate(ind(53, 50, o("2020", "[91.8]"), kind="cumulative", measure="flow", y0=2015, y1=2020), "2020", P)
    assert e.latest_value == 91.8 and e.judgement == "完成"


def test_change_absolute_adds_to_the_base_never_sums_levels() -> None:
    # 〔1〕 on life expectancy: +1 year on 82.99 → 83.99, not a sum of yearly levels
    i = ind(82.99, 1, o("2021", 83.3), o("2022", 83.5), kind="change", change_basis="absolute", measure="stock",
            unit="岁")
    e = evaluate(i, "2022", P)
    assert e.rule == "change_absolute" and e.target_value == pytest.approx(83.99)
    assert e.progress_linear == pytest.approx((83.5 - 82.99) / 1) and e.judgement == "快于预期"


def test_change_relative_compounds_yearly_declines() -> None:
    # 〔13.5〕% decline of an energy intensity from yearly declines 3 %, 3 %: 1 − 0.97² = 5.91 %
    i = ind(None, 13.5, o("2021", 3, kind="yoy_change"), o("2022", 3, kind="yoy_change"), kind="change",
            change_basis="relative", direction="down", unit="%")
    e = evaluate(i, "2022", P)
    assert e.latest_value == pytest.approx((1 - 0.97 ** 2) * 100)
    assert e.progress == pytest.approx(math.log(0.97 ** 2) / math.log(0.865))
    assert e.judgement == "基本符合预期"  # 0.419 of the compounded decline at τ 0.4: inside the band
    assert e.latest_value < 6  # never 3 + 3 = 6: yearly declines compound
    level = ind(100, 20, o("2021", 90), o("2022", 85), kind="change", change_basis="relative", direction="down")
    lv = evaluate(level, "2022", P)
    assert lv.target_value == pytest.approx(80) and lv.progress_linear == pytest.approx(0.75)


def test_relational_uses_the_reference_indicators_growth() -> None:
    gdp = ind(100, 150, o("2021", 106), o("2022", 112.36), measure="flow", code="1")  # 6 % a year
    i = ind(None, None, o("2021", 6.5), o("2022", 5.5), kind="relational", unit="%",
            target_text="与经济增长基本同步", reference_code="1")
    assert evaluate(i, "2022", P).reason == "reference_missing"
    e = evaluate(i, "2022", P, reference=gdp)
    assert e.reference_growth == pytest.approx(6.0) and e.reference_code == "1"
    assert (e.judgement, e.reason) == ("基本符合预期", "relational_in_step")  # 6.0 vs 6.0
    slow = ind(None, None, o("2021", 4), o("2022", 4.5), kind="relational", unit="%", target_text="与经济增长基本同步")
    assert evaluate(slow, "2022", P, reference=gdp).judgement == "滞后于进度"
    faster = ind(None, None, o("2020", 6.7), kind="relational", unit="%", target_text="快于经济增长", y0=2019,
                 y1=2020)
    g = lambda x: ind(100, 110, o("2020", x), measure="flow", y0=2019, y1=2020)  # noqa: E731
    assert evaluate(faster, "2020", P, reference=g(106.7)).judgement == "未完成"  # equal is not faster
    assert evaluate(faster, "2020", P, reference=g(106.5)).judgement == "完成"


def test_qualitative() -> None:
    met = "完成省市下达指标"
    i = ind(None, None, o("2021", met), o("2022", met), o("2023H1", met), kind="qualitative", target_text=met)
    e = evaluate(i, "2023H1", P)
    assert (e.rule, e.judgement, e.reason) == ("qualitative", "基本符合预期", "qualitative_met")
    end = ind(None, None, o("2020", "完成省下达指标"), kind="qualitative", y0=2015, y1=2020)
    assert evaluate(end, "2020", P).judgement == "完成"
    none = ind(None, None, o("2021", "未统计"), o("2022", "未统计"), kind="qualitative", target_text=met)
    assert evaluate(none, "2023H1", P).reason == "qualitative_no_status"


# ---------------------------------------------------------------- trends, breaks, lags

def test_trend_needs_more_than_two_points() -> None:
    two = evaluate(ind(218.34, 330, o("2021", 154.23), measure="flow"), "2023H1", P)
    assert two.projection is None and two.outlook == "unknown" and "few_points" in two.quality_notes
    three = evaluate(ind(100, 150, o("2021", 110), o("2022", 121), measure="flow"), "2022", P)
    assert three.projection == pytest.approx(100 * 1.1 ** 5) and three.projection_method == "wls_log"


def test_break_projects_only_from_comparable_points() -> None:
    i = ind(91, 50, o("2021", 77), o("2022", 140, breaks=True), o("2023", 135), o("2024", 130), measure="rank",
            direction="down")
    e = evaluate(i, "2024", P)
    assert e.break_period == "2022" and e.n_points == 3 and "series_break" in e.quality_notes
    assert e.projection == 125  # 140, 135, 130 → 125 in 2025, not dragged by 91 and 77


def test_lagging_column_is_placed_at_its_data_period() -> None:
    # 研发投入占比: the '2021' column holds 2020 data, the '2022' column 2021 data
    i = ind(1.97, 3.5, o("2021", 2.76, data_period="2020"), o("2022", 2.84, data_period="2021"), unit="%", y0=2019)
    e = evaluate(i, "2022", P)
    assert e.data_period == "2021" and "reporting_lag" in e.quality_notes
    assert e.tau == pytest.approx((2021 - 2019) / (2025 - 2019))


# ---------------------------------------------------------------- classes, params, frame, proposals

def test_coarse_classes() -> None:
    assert {coarse_class(j) for j in ("提前完成", "快于预期", "基本符合预期", "完成", "基本完成")} == {"met"}
    assert {coarse_class(j) for j in ("滞后于进度", "难以完成", "未完成")} == {"not_met"}
    assert {coarse_class(j) for j in ("无法评价", "指标调整")} == {"not_evaluated"}
    assert coarse_published("完成") == coarse_published("完成省市下达指标") == "met"
    assert coarse_published("未完成") == "not_met"
    assert {coarse_published(t) for t in ("—", "-", "", " ")} == {"not_evaluated"}


def test_params_from_mapping() -> None:
    section = {"on_track_band": 0.1, "approx_tolerance_pct": 5.0, "judge_on_h1_estimate": False,
               "min_trend_points": 3, "trend_weighting": "time"}
    assert EvaluationParams.from_mapping(section) == EvaluationParams()
    assert EvaluationParams.from_mapping({"sdg_thresholds": [0.9, 0.5, 0]}).sdg_thresholds == (0.9, 0.5, 0.0)
    with pytest.raises(ValueError, match="tau_tolerence"):
        EvaluationParams.from_mapping({"tau_tolerence": 0.1})
    with pytest.raises(ValueError, match="true or false"):
        EvaluationParams.from_mapping({"judge_on_h1_estimate": "yes"})


def test_frame_columns() -> None:
    e = evaluate(ind(1, 2, o("2022", 1.5)), "2022", P)
    frame = evaluations_frame([e, e])
    assert list(frame.columns)[:4] == ["code", "name", "as_of", "mode"]
    required = {"code", "name", "rule", "target", "target_value", "latest_period", "latest_value", "tau", "progress",
                "status", "outlook", "projection", "judgement", "judgement_rule", "reason", "rests_on_estimate",
                "quality_notes", "cagr_class"}
    assert required <= set(frame.columns) and len(frame) == 2


def test_keep_proposes_the_target_itself() -> None:
    i = ind(35, 28, o("2021", 27.86), o("2022", 29.74), direction="down", tc="<", name="PM2.5年均浓度",
            attribute="约束性")
    e = evaluate(i, "2023H1", P)
    prop = propose(e, i, P)
    assert e.judgement == "滞后于进度" and (prop.proposal, prop.value, prop.reason) == ("keep", 28, "keep_target")
    met = evaluate(ind(1, 2, o("2022", 3)), "2022", P)
    assert propose(met, ind(1, 2), P).proposal == ""


def test_adjust_proposes_value_method_and_horizon() -> None:
    i = ind(680, 1100, o("2021", 722.61), o("2022", 748.36), o("2023H1", 434.9, 8.2), measure="flow")
    e = evaluate(i, "2023H1", P)
    prop = propose(e, i, P)
    assert e.judgement == "难以完成" and prop.proposal == "adjust_target"
    assert (prop.method, prop.horizon, prop.reason) == ("wls_log", 2025, "adjust_to_trend")
    assert prop.value == pytest.approx(e.projection, rel=0.01)


# ---------------------------------------------------------------- Open SDG vectors

def open_sdg_status(base_value: float, current_value: float, base_year: int, current_year: int,
                    target: float | None = None, target_year: int = 2030, direction: str = "negative") -> str:
    """Independent transcription of open-sdg/sdg-build sdg/ProgressMeasure.py (SeriesProgress,
    commit 139fede7): direction defaults to negative, thresholds 0.95/0.6/0 with a target and
    0.015/0.005/0 without, target and base of 0 replaced by 0.001, target achieved overrides."""
    if target == 0:
        target = 0.001
    d = 1 if direction == "positive" else -1
    sign = -1 if base_value < 0 else 1
    method = 1 if target is None else 2
    th = {"high": 0.015, "med": 0.005, "low": 0} if method == 1 else {"high": 0.95, "med": 0.6, "low": 0}
    achieved = target is not None and ((d == -1 and current_value <= target) or (d == 1 and current_value >= target))
    value = None
    if base_value == 0:
        base_value = 0.001
    valid_signs = not ((base_value > 0 and current_value < 0) or (base_value < 0 and current_value > 0))
    if valid_signs and base_year <= current_year and current_year - base_year >= 1:
        cagr_o = ((current_value / base_value) ** (1 / (current_year - base_year))) - 1
        if target is None:  # method 1
            value = sign * d * cagr_o
        else:
            cagr_r = ((target / base_value) ** (1 / (target_year - base_year))) - 1
            value = sign * d * cagr_o / abs(cagr_r)
    if achieved:
        return "target_achieved"
    if value is None:
        return "not_available"
    if value >= th["high"]:
        return "substantial_progress"
    if th["med"] <= value < th["high"]:
        return "moderate_progress"
    if th["low"] <= value < th["med"]:
        return "limited_progress"
    return "deterioration"


# (base, current, base_year, current_year, target, target_year, direction) → Open SDG status
SDG_VECTORS = [
    ((100, 110, 2015, 2020, 150, 2030, "positive"), "moderate_progress"),  # ratio 0.70
    ((100, 120, 2015, 2020, 150, 2030, "positive"), "substantial_progress"),  # ratio 1.36
    ((100, 101, 2015, 2020, 150, 2030, "positive"), "limited_progress"),  # ratio 0.07
    ((100, 95, 2015, 2020, 150, 2030, "positive"), "deterioration"),
    ((100, 160, 2015, 2020, 150, 2030, "positive"), "target_achieved"),
    ((50, 40, 2015, 2020, 20, 2030, "negative"), "moderate_progress"),  # two negative CAGRs, ratio 0.74
    ((50, 15, 2015, 2020, 20, 2030, "negative"), "target_achieved"),
    ((100, 110, 2015, 2020, None, 2030, "positive"), "substantial_progress"),  # no target: 1.92 % ≥ 1.5 %
    ((100, 104, 2015, 2020, None, 2030, "positive"), "moderate_progress"),  # 0.79 %
    ((100, 101, 2015, 2020, None, 2030, "positive"), "limited_progress"),  # 0.20 %
    ((100, 99, 2015, 2020, None, 2030, "positive"), "deterioration"),
    ((100, 90, 2015, 2020, None, 2030, "negative"), "substantial_progress"),
    ((0, 5, 2015, 2020, 10, 2030, "positive"), "substantial_progress"),  # base 0 → 0.001
    ((10, 5, 2015, 2020, 0, 2030, "negative"), "limited_progress"),  # target 0 → 0.001, ratio 0.28
    ((10, -5, 2015, 2020, 20, 2030, "positive"), "not_available"),  # opposite signs
    ((10, 12, 2020, 2020, 20, 2030, "positive"), "not_available"),  # fewer than two points
    ((-10, -5, 2015, 2020, -2, 2030, "positive"), "substantial_progress"),  # negative base: sign flips
    ((28, 31, 2020, 2022, 30, 2025, "negative"), "deterioration"),  # ceiling above the baseline
    ((28, 27, 2020, 2022, 30, 2025, "negative"), "target_achieved"),
    ((35, 32, 2020, 2022, 28, 2025, "negative"), "substantial_progress"),  # Yuecheng PM2.5 to 2022: ratio 1.004
    ((35, 33, 2020, 2022, 28, 2025, "negative"), "moderate_progress"),  # ratio 0.67
]


@pytest.mark.parametrize(("vector", "expected"), SDG_VECTORS)
def test_open_sdg_vectors(vector: tuple, expected: str) -> None:
    base, current, y0, y, target, ty, direction = vector
    assert open_sdg_status(*vector) == expected
    ours = sdg_progress(base, current, y0, y, target=target, target_year=ty,
                        direction="up" if direction == "positive" else "down", params=P)
    assert ours[1] == expected


@pytest.mark.parametrize(("vector", "expected"), [v for v in SDG_VECTORS if v[0][4] is not None and v[0][3] > v[0][2]
                                                  and v[0][0] > 0 and v[0][1] > 0 and
                                                  (v[0][4] - v[0][0]) * (1 if v[0][6] == "positive" else -1) > 0])
def test_open_sdg_class_in_the_evaluation_equals_open_sdg(vector: tuple, expected: str) -> None:
    base, current, y0, y, target, ty, direction = vector
    i = ind(base, target, o(str(y), current), y0=y0, y1=ty, direction="up" if direction == "positive" else "down",
            measure="stock")
    assert evaluate(i, str(y), P).cagr_class == expected


def test_project_differs_floor_below_base() -> None:
    """A floor below the base (粮食总产量 7.11 → ≥6.76): Open SDG divides a falling observed CAGR by a falling
    required CAGR and calls the breach 'deterioration' with a ratio; the project shows no ratio (the two
    rates point in different directions, so their ratio measures nothing) and judges by the met test."""
    theirs = sdg_progress(7.11, 6.5, 2020, 2022, target=6.76, target_year=2025, direction="up", params=P)
    assert theirs[0] is not None and theirs[1] == "deterioration"
    e = evaluate(ind(7.11, 6.76, o("2021", 6.9), o("2022", 6.5), measure="flow"), "2022", P)
    assert e.cagr_ratio is None and e.cagr_class == "not_applicable" and "target_wrong_side" in e.quality_notes
    assert e.judgement in ("滞后于进度", "难以完成")
    met = evaluate(ind(7.11, 6.76, o("2022", 9.6), measure="flow"), "2022", P)
    assert (met.cagr_class, met.judgement) == ("target_achieved", "提前完成")


def test_project_differs_ceiling_above_base() -> None:
    """A ceiling above the base (失业率 1.8 → ＜3): Open SDG's ratio of two rising rates is negative, so a value
    still below the ceiling but rising gets a ratio; the project shows none and the target is met."""
    theirs = sdg_progress(1.8, 3.2, 2020, 2022, target=3, target_year=2025, direction="down", params=P)
    assert theirs[0] is not None and theirs[0] < 0
    e = evaluate(ind(1.8, 3, o("2021", 1.9), o("2022", 2.8), direction="down", tc="<"), "2022", P)
    assert e.cagr_ratio is None and e.judgement == "提前完成"
    bad = evaluate(ind(1.8, 3, o("2021", 3.1), o("2022", 3.2), direction="down", tc="<"), "2022", P)
    assert bad.cagr_class == "not_applicable" and coarse_class(bad.judgement) == "not_met"


@settings(max_examples=300, deadline=None)
@given(base=st.floats(0.01, 1e4), current=st.floats(0.01, 1e4), target=st.none() | st.floats(0.01, 1e4),
       y0=st.integers(2010, 2020), dy=st.integers(0, 8), positive=st.booleans())
def test_open_sdg_agrees_on_random_vectors(base: float, current: float, target: float | None, y0: int, dy: int,
                                           positive: bool) -> None:
    assume(target is None or abs(target - base) > 1e-6)
    ty = y0 + 10
    theirs = open_sdg_status(base, current, y0, y0 + dy, target, ty, "positive" if positive else "negative")
    ours = sdg_progress(base, current, y0, y0 + dy, target=target, target_year=ty,
                        direction="up" if positive else "down", params=P)[1]
    assert ours == theirs


def test_no_ratio_when_the_substituted_baseline_stands_at_the_target_year() -> None:
    """Found by hypothesis: a missing baseline replaced by an observation in the target year gave 1/0."""
    assert sdg_progress(5.0, 6.0, 2015, 2016, target=7.0, target_year=2015) == (None, "not_available")


# ---------------------------------------------------------------- Yuecheng 表1 (seed 004 L357-L505), as of 2023H1

def test_yuecheng_published_agreement() -> None:
    assert len(YUECHENG) == 34
    results = [(coarse_class(evaluate(i, "2023H1", P).judgement), coarse_published(pub)) for i, pub in YUECHENG]
    misses = [n + 1 for n, (ours, theirs) in enumerate(results) if ours != theirs]
    # 18 文化产业: no value in the table (the narrative's 2.3 % comes in through clean), so 无法评价;
    # 22 城镇居民收入: 2020→2022 growth is 93 % of the compound pace required (基本符合预期), the office
    # judged 未完成 on the half-year growth 5.9 % (below the 7.7 % now required): published_on_growth_rate
    assert misses == [18, 22]


def test_growth_rate_h1_counts_only_under_the_office_rule() -> None:
    i = ind(None, 8, o("2021", 9), o("2022", 8), o("2023H1", 8.2), kind="growth", unit="%")
    e = evaluate(i, "2023H1", P)
    assert e.latest_period == "2022" and "h1_not_comparable" in e.quality_notes and not e.rests_on_estimate
    office = evaluate(i, "2023H1", EvaluationParams(judge_on_h1_estimate=True))
    assert office.latest_period == "2023" and office.rests_on_estimate and "h1_estimate" in office.quality_notes


def test_a_bound_the_base_already_kept_is_held_or_not() -> None:
    # 全国“十四五” 城镇调查失业率 ＜5.5 from 5.2 (预期性): a bound to keep, not a distance to travel. 2022's 5.6
    # is outside it: 滞后于进度 by the bound rule, never 难以完成 from a pace test on a target behind the base.
    i = ind(5.2, 5.5, o("2021", 5.1), o("2022", 5.6), direction="down", tc="<", unit="%", name="城镇调查失业率")
    e = evaluate(i, "2022", P)
    assert (e.status, e.judgement, e.reason, e.judgement_rule) == ("bound_not_held", "滞后于进度", "bound_not_held",
                                                                   "bound_held")
    kept = evaluate(ind(5.2, 5.5, o("2021", 5.1), o("2022", 5.3), direction="down", tc="<", unit="%"), "2022", P)
    assert kept.judgement == "提前完成"


def test_a_published_wording_the_vocabulary_lacks_neither_agrees_nor_disagrees():
    """云南 2018 (trial): 达到或超过计划目标序时进度 was read as 无法评价 and so 'agreed' with 无法评价."""
    assert coarse_published("某种未收录的表述") == "unknown"
    assert coarse_published("") == "not_evaluated"


# ---------------------------------------------------------------- 序时进度: a half-year growth, no full year yet

def test_a_half_years_growth_is_judged_against_the_yearly_growth_target() -> None:
    # 云南省2018年计划: 地区生产总值增长8.5%; 2018年上半年增长9.2% (达到序时进度)
    gdp = ind(None, 8.5, o("2018H1", 9.2), measure="growth", unit="%", y0=2017, y1=2018, kind="level")
    e = evaluate(gdp, "2018H1", P)
    assert (e.judgement, e.reason, e.judgement_rule) == ("基本符合预期", "pace_to_date_reached", "year_to_date_pace")
    assert e.latest_period == "2018H1" and e.latest_value == 9.2 and "h1_not_comparable" not in e.quality_notes
    slower = evaluate(ind(None, 8.5, o("2018H1", 8.3), measure="growth", unit="%", y0=2017, y1=2018), "2018H1", P)
    assert (slower.judgement, slower.reason) == ("滞后于进度", "pace_to_date_short")
    faster = evaluate(ind(None, 8.5, o("2018H1", 9.4), measure="growth", unit="%", y0=2017, y1=2018), "2018H1", P)
    assert faster.judgement == "快于预期"  # ln 1.094 / ln 1.085 ≥ 1 + ahead_band


def test_a_flows_half_year_yoy_growth_meets_its_growth_target_not_its_level() -> None:
    # 社会消费品零售总额 (亿元) with a growth target of 10%: the half-year's level is half a year's, its yoy is a rate
    retail = ind(2000, 10, o("2024H1", 1050, 10.5), measure="flow", unit="亿元", kind="growth", y0=2023, y1=2024)
    e = evaluate(retail, "2024H1", P)
    assert (e.judgement, e.judgement_rule, e.latest_value) == ("基本符合预期", "year_to_date_pace", 10.5)


def test_the_year_to_date_pace_rule_does_not_replace_full_years_nor_the_office_estimate() -> None:
    # a five-year plan at 2023H1 with full years 2021 and 2022: the average growth since the base decides
    five = ind(None, 6, o("2021", 8.1), o("2022", 4.0), o("2023H1", 5.5), measure="growth", unit="%")
    assert evaluate(five, "2023H1", P).judgement_rule != "year_to_date_pace"
    office = EvaluationParams(judge_on_h1_estimate=True)  # the office's rule: the half-year rate stands for the year
    one = ind(None, 8.5, o("2018H1", 9.2), measure="growth", unit="%", y0=2017, y1=2018)
    assert evaluate(one, "2018H1", office).judgement_rule != "year_to_date_pace"


def test_a_relational_target_with_no_full_year_compares_the_year_to_date_growths() -> None:
    # 温州 2024 上半年 (trial): 一般公共预算收入 增长2.1% against 地区生产总值 增长6.2%, 与经济增长基本同步: not met
    gdp = ind(None, 6, o("2024H1", 4297.8, 6.2), measure="flow", unit="亿元", kind="growth", code="1", y0=2023, y1=2024)
    revenue = ind(None, None, o("2024H1", 380.5, 2.1), measure="flow", unit="亿元", kind="relational", code="7",
                  target_text="与经济增长基本同步", reference_code="1", y0=2023, y1=2024)
    e = evaluate(revenue, "2024H1", P, reference=gdp)
    assert (e.judgement, e.reason) == ("滞后于进度", "relational_slower")
    assert (e.latest_value, e.reference_growth) == (pytest.approx(2.1), pytest.approx(6.2))
    assert e.latest_period == "2024H1"


def test_an_annual_plans_growth_target_is_judged_on_the_growth_the_table_states() -> None:
    # no 上年值: the year's stated growth (同比增长6.8%) against 增长6%以上, at the end of the year
    gdp = ind(None, 6, o("2024", 4500, 6.8), measure="flow", unit="亿元", kind="growth", tc="≥", y0=2023, y1=2024)
    e = evaluate(gdp, "2024", P)
    assert (e.judgement, e.growth_basis) == ("完成", "stated_rates") and e.latest_value == pytest.approx(6.8)


def test_a_growth_target_of_左右_is_met_within_its_tolerance() -> None:
    # 湖北 2017 (trial): GDP 增长7.8% against 增长8%左右 — met (annex: 左右 within the tolerance), the report 全面完成
    gdp = ind(None, 8, o("2017", 7.8), measure="growth", unit="%", tc="≈", y0=2016, y1=2017, name="地区生产总值")
    assert evaluate(gdp, "2017", P).judgement == "完成"
    assert evaluate(ind(None, 8, o("2017", 7.5), measure="growth", unit="%", tc="≈", y0=2016, y1=2017), "2017",
                    P).judgement != "完成"  # 7.5 is more than 5% of 8 below it
    half = ind(None, 8, o("2017H1", 7.7), measure="growth", unit="%", tc="≈", y0=2016, y1=2017)
    assert evaluate(half, "2017H1", P).judgement == "基本符合预期"  # 序时进度 reached within the tolerance
