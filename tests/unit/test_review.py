"""The review's content: fact elements, wording from templates, phrases an office would not write."""

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.pipeline import paths
from helpers.plan.model import Locality
from helpers.report import narrative, render, review, wording
from helpers.report.facts import Fact, FactError

# The phrases issue 12 found in generated reviews; none may come back (regexes over the page's text).
BANNED_PHRASES = {
    "status word printed as a value": r"为未出|为未统计|为指标调整|为完成省市下达指标",
    "a dash printed as a value": r"为\s*—",
    "internal rule label": r"按(下限|上限)型水平目标|按.{0,12}目标（.{0,12}）评价",
    "Open SDG class in the text": r"增速比较：|显著进展|温和进展|进展有限",
    "computed-result wording": r"计算结果为",
    "published judgement in every paragraph": r"评估报告公布：",
    "English in the Chinese text": r"the value is an estimate|[a-z]+_[a-z_]+",
    "period printed from the base year": r"规划期\s*2020\s*[—–-]\s*2025",
}


def banned_in(text: str) -> list[str]:
    return [name for name, pattern in BANNED_PHRASES.items() if re.search(pattern, text)]


@pytest.mark.parametrize("name, sample", [
    ("status word printed as a value", "2021年为未出；2022年为未出"),
    ("status word printed as a value", "2023年上半年为指标调整为城镇调查失业率"),
    ("status word printed as a value", "2021年为完成省市下达指标"),
    ("a dash printed as a value", "2023年上半年为—"),
    ("internal rule label", "按下限型水平目标（不低于目标值）评价"),
    ("Open SDG class in the text", "增速比较：显著进展"),
    ("computed-result wording", "（人工决定，计算结果为无法评价）"),
    ("published judgement in every paragraph", "评价：符合进度；评估报告公布：完成。"),
    ("English in the Chinese text", "the value is an estimate (预计)"),
    ("English in the Chinese text", "理由：planned_growth_vs_target"),
    ("period printed from the base year", "规划期 2020—2025年"),
])
def test_each_banned_phrase_is_caught(name, sample):
    assert name in banned_in(sample)


def _fb(**extra):
    facts = {
        "meta.n_indicators": Fact("meta.n_indicators", 2, "2"), "meta.n_rows": Fact("meta.n_rows", 2, "2"),
        "meta.n_categories": Fact("meta.n_categories", 1, "1"), "meta.base_year": Fact("meta.base_year", 2020, "2020"),
        "meta.first_year": Fact("meta.first_year", 2021, "2021"), "meta.plan_end": Fact("meta.plan_end", 2025, "2025"),
        "meta.as_of": Fact("meta.as_of", "2023H1", "2023年上半年"),
        "period.2021": Fact("period.2021", "2021", "2021年"), "period.2022": Fact("period.2022", "2022", "2022年"),
    }
    for code, name in (("1", "地区生产总值"), ("2", "文化产业增加值占GDP比重")):
        facts |= {f"ind.{code}.code": Fact("", code, code), f"ind.{code}.name": Fact("", None, name),
                  f"ind.{code}.baseline_year": Fact("", 2020, "2020年"), f"ind.{code}.target_year": Fact("", 2025, "2025年"),
                  f"ind.{code}.target": Fact("", 1500, "1500"), f"ind.{code}.baseline": Fact("", 1000, "1000")}
    facts |= {"obs.1.2021": Fact("", 1191.5, "1191.5"), "obs.1.2021.yoy": Fact("", 8.8, "8.8%"),
              "obs.1.2022": Fact("", 1271, "1271"), "obs.1.2022.yoy": Fact("", -7.3, "7.3%"),
              "ev.1.latest_value": Fact("", 1271, "1271"), "ev.1.latest_period": Fact("", "2022", "2022年"),
              "ev.1.progress": Fact("", 0.54, "54%"), "ev.1.tau": Fact("", 0.4, "40%"),
              "cnt.n": Fact("", 2, "2"), "cnt.on_track": Fact("", 1, "1"), "cnt.on_track_share": Fact("", 0.5, "50%"),
              "cnt.符合进度": Fact("", 1, "1"), "cnt.无法评价": Fact("", 1, "1"), "cnt.behind": Fact("", 0, "0")}
    facts |= extra
    return review.FactBook({k: Fact(k, f.value, f.text) for k, f in facts.items()})


def _context(kind_as_of="2023H1", annual=False, mode="mid", judgements=("符合进度", "无法评价"), facts=None):
    loc = Locality("x", "某区", "十四五", 2020, 2025, kind_as_of, ("综合实力",), kind="annual" if annual else "five_year")
    indicators = pd.DataFrame([
        {"code": "1", "category": "综合实力", "name": "地区生产总值", "unit": "亿元", "measure": "flow", "attribute": "预期性",
         "target_comparator": "≥", "target_type": "level", "baseline_comparator": "", "target_qualifier": "以上"},
        {"code": "2", "category": "综合实力", "name": "文化产业增加值占GDP比重", "unit": "%", "measure": "rate",
         "attribute": "预期性", "target_comparator": "", "target_type": "level", "baseline_comparator": "", "target_qualifier": ""}])
    observations = pd.DataFrame([
        {"code": "1", "period": "2021", "is_reported": True, "yoy_growth_pct": 8.8, "value_status": "", "value_status_class": ""},
        {"code": "1", "period": "2022", "is_reported": True, "yoy_growth_pct": -7.3, "value_status": "", "value_status_class": ""},
        {"code": "2", "period": "2021", "is_reported": True, "value_status": "未出", "value_status_class": "missing"},
        {"code": "2", "period": "2022", "is_reported": True, "value_status": "未出", "value_status_class": "missing"}])
    evaluation = pd.DataFrame([
        {"code": "1", "category": "综合实力", "latest_value": 1271.0, "latest_period": "2022", "progress": 0.54, "tau": 0.4,
         "judgement": judgements[0], "rule": "level_floor", "reason": "on_schedule", "published_judgement": "完成",
         "judgement_rule": "time_share_bands"},
        {"code": "2", "category": "综合实力", "latest_value": None, "latest_period": "", "progress": None, "tau": 0.4,
         "judgement": judgements[1], "rule": "level_floor", "reason": "no_data", "published_judgement": ""}])
    summary = {"mode": mode, "n_indicators": 2, "n_published": 1, "counts": {}}
    tables = {"indicators": indicators, "observations": observations}
    return review.build(_fb(**(facts or {})), loc, evaluation, tables, summary, narrative.Narrative({}, {}), {})


def _page(ctx):
    return "".join(review.section(s, ctx) for s in ("title", "progress", "table-main", "conclusion", "proposals"))


def test_paragraph_reads_as_an_office_writes():
    text = re.sub(r"<[^>]+>", "", _page(_context()))
    assert "2021年为1191.5亿元，同比增长8.8%；2022年为1271亿元，同比下降7.3%。" in text
    assert "2021年、2022年数据尚未发布" in text
    assert "规划目标为2025年达到1500亿元以上" in text
    assert "规划期 2021—2025年（基期 2020年）" in text
    assert "基期以后尚无可用于评价的数据。" in text
    assert "综合判断（依据完成进度与时间进度的比较），" in text  # the rule that judged it  # the reason code's sentence
    assert banned_in(text) == []


def test_published_judgement_only_as_a_column():
    page = _page(_context())
    assert "<th>原评估结论</th>" in page
    paragraphs = re.findall(r"<p class=\"indicator\".*?</p>", page, re.S)
    assert paragraphs and not any("完成）" in p and "原评估" in p for p in paragraphs)


def test_every_number_is_a_fact_element():
    page = _page(_context())
    body = re.sub(r'<span class="fact" data-fact="[^"]+">[^<]*</span>', "", page)
    body = re.sub(r"<(h\d|th)[^>]*>.*?</\1>", "", body, flags=re.S)
    assert re.findall(r"\d", re.sub(r"<[^>]+>", "", body)) == []


def test_words_are_not_underlined_as_numbers():
    fb = _fb()
    assert fb("ind.1.name") == "地区生产总值"  # plain text: the dotted underline is for figures
    assert fb("obs.1.2021").startswith('<span class="fact"')


def test_fact_text_is_escaped():
    fb = review.FactBook({"x": Fact("x", None, "<b>1</b> & 〈名〉")})
    assert fb("x") == '<span class="fact" data-fact="x">&lt;b&gt;1&lt;/b&gt; &amp; 〈名〉</span>'


def test_a_fact_nobody_recorded_is_an_error():
    with pytest.raises(FactError, match="not recorded"):
        review.FactBook({})("ev.1.progress")


def test_baseline_only_plan_is_an_overview_not_a_mid_term_review():
    ctx = _context(kind_as_of="2020")
    ctx.kind = "baseline"
    page = _page(ctx)
    assert "主要指标概览" in page and "中期评估报告" not in page and "隐含年均增速" in page


def test_hover_explains_in_chinese(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "PROJ_ROOT", tmp_path)
    folder = tmp_path / "reports" / "x" / "2023H1"
    found = {"a.b": Fact("a.b", 0.73, "73%", "reports/x/2023H1/notebooks/03_evaluate.ipynb", "facts-progress",
                         "完成进度 =（1366.3 − 1005.3）÷（1500 − 1005.3）= 73%")}
    page = render.link_facts('<p><span class="fact" data-fact="a.b">73%</span></p>', found, folder, tmp_path)
    assert 'href="notebooks/03_evaluate.html#cell-id=facts-progress"' in page
    title = re.search(r'title="([^"]+)"', page).group(1)
    assert "完成进度" in title and "a.b" not in title
    with pytest.raises(FactError, match="no executed notebook recorded"):
        render.link_facts('<span class="fact" data-fact="zz">9</span>', found, folder, tmp_path)


def test_counts_use_the_plans_numbering():
    evaluation = pd.DataFrame({"code": ["18", "19a", "19b", "19c", "19d"],
                               "judgement": ["完成", "完成", "完成", "未完成", "完成"]})
    facts = review.count_facts(evaluation)
    assert facts["cnt.n"][0] == 2 and facts["cnt.未完成"][0] == 1 and facts["cnt.完成"][0] == 1


def test_engine_reason_codes_have_sentences():
    """Every reason code of the engine (helpers.engine.reasons) has a sentence in templates/reasons.j2."""
    reasons = pytest.importorskip("helpers.engine.reasons")
    codes = set(reasons.REASONS)
    missing = sorted(codes - wording.reason_codes())
    assert missing == [], f"reason codes without a sentence template: {missing}"


def test_templates_hold_no_figures():
    """All wording is in the templates, and no number is typed there (figures come from facts)."""
    folder = Path(wording.__file__).parent / "templates"
    for path in folder.glob("*.j2"):
        text = re.sub(r"\{[{%#].*?[}%#]\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", "", text)
        text = re.sub(r"[表图]\d+", "", text)  # the numbers of tables and figures are labels
        assert re.findall(r"\d", text) == [], path.name


@pytest.mark.parametrize("period, label", [("2021", "2021年"), ("2023H1", "2023年上半年"), ("2023Q1", "2023年一季度"),
                                           ("2023Q3", "2023年前三季度"), ("2018M07", "2018年1—7月")])
def test_period_label(period, label):
    assert review.period_label(period) == label


def test_annual_plan_reads_as_an_annual_plan():
    ctx = _context(annual=True)
    assert ctx.kind == "annual"
    text = re.sub(r"<[^>]+>", "", _page(ctx))
    assert "计划执行情况" in text and "规划纲要" not in text and "计划目标为" in text
    assert banned_in(text) == []


def test_an_annual_plan_judged_at_its_end_counts_every_end_class():
    """An annual plan is judged on the end scale: its conclusion counts 完成 and 未完成 (none may be left
    out) and does not speak of a pace (按进度推进), as a mid-term review does."""
    ctx = _context("2025", annual=True, mode="end", judgements=("完成", "未完成"),
                   facts={"cnt.完成": Fact("", 1, "1"), "cnt.未完成": Fact("", 1, "1")})
    assert ctx.vars()["classes"] == ["完成", "未完成", "无法评价"]
    text = re.sub(r"<[^>]+>", "", review.section("conclusion", ctx))
    assert "1项未完成" in text and "（文化产业增加值占GDP比重）" in text, text
    assert "完成或基本完成计划目标" in text and "按进度推进" not in text
    assert "1项未完成计划目标" in text and "规划目标" not in text  # an annual plan's goal is the 计划's


def test_an_annual_plan_names_its_table_a_plan_table():
    """An annual plan's figures come from its 计划表, whose base is the year before: no 规划表 or 基期值."""
    macros = wording.environment().get_template("macros.j2").module
    for annual, table, base in ((True, "计划表", "上年值"), (False, "规划表", "基期值")):
        item = {"annual": annual, "baseline": None, "baseline_words": None, "target": None, "target_words": None}
        assert str(macros.baseline_phrase(item)) == f"{table}未列{base}"
        assert str(macros.target_phrase(item)) == f"（{table}未列目标值）"
        assert str(wording.code_sentence("no_baseline", item)).startswith(f"{table}未列{base}，")
        assert str(wording.code_sentence("target_not_stated", item)).startswith(f"{table}未列目标值")
        assert str(wording.code_sentence("end_met", item)) == f"{table[:2]}目标已实现。"
    assert str(macros.table({})) == "规划表"  # a check row carries no `annual`: a five-year plan's wording
    ctx = _context("2025", annual=True, mode="end", judgements=("完成", "未完成"))
    assert all(item["annual"] for item in ctx.items)


def test_a_value_prints_its_own_figure_not_another_in_the_text():
    from helpers.report.facts_tables import number_text

    assert number_text("与2024年持平", 0.0) == "0"  # the year is not the value
    assert number_text("83000（预计）", 83000.0) == "83000" and number_text("1.60", 1.6) == "1.60"
    assert number_text("下降2.7%", -2.7) == "2.7" and number_text("较2015年下降16.7%", -16.7) == "16.7"


@pytest.mark.parametrize("direction, comparator, target, unit, words", [
    ("up", "≈", "1500", "亿元", "2025年达到1500亿元左右"),
    ("down", "≈", "5.5", "%", "2025年控制在5.5%左右"),  # 城镇调查失业率 5.5%左右 (national 2025 plan)
    ("down", "", "30", "µg/m³", "2025年控制在30µg/m³"),  # PM2.5年均浓度 30 (Shaoxing 14th plan)
    ("up", "", "170000", "元", "2025年达到170000元"),
])
def test_a_level_held_down_is_controlled_and_one_raised_is_reached(direction, comparator, target, unit, words):
    phrase = wording.environment().get_template("macros.j2").module.target_phrase
    item = {"target": target, "unit": unit, "target_year": "2025年", "target_type": "level", "measure": "flow",
            "direction": direction, "target_comparator": comparator}
    assert str(phrase(item)) == words


@pytest.mark.parametrize("comparator, target, words", [
    ("≈", "3", "2025年3%左右"),  # 单位国内生产总值能耗降低 3%左右 (national 2025 plan): not 达到
    ("≈", "5", "2025年5%左右"),  # 国内生产总值增长 5%左右
    ("≥", "7", "2025年7%以上"),
    (">", "7", "2025年高于7%"),  # 全社会研发经费投入增长 ＞7 (national 14th plan)
])
def test_a_rate_of_change_is_stated_without_a_verb(comparator, target, words):
    phrase = wording.environment().get_template("macros.j2").module.target_phrase
    item = {"target": target, "unit": "%", "target_year": "2025年", "target_type": "level", "measure": "growth",
            "direction": "up", "target_comparator": comparator, "names_its_change": True}
    assert str(phrase(item)) == words
    # 地区生产总值 in % with 增长8.5% (云南 2018): a name that does not say it is a change gets the word
    if comparator != ">":  # 高于7% says the direction itself
        assert str(phrase(item | {"names_its_change": False})) == words.replace("2025年", "2025年增长", 1)


def _warnings(rows):
    """warn.<i>.* facts as warning_facts records them (rows: rule, column, code, period, value)."""
    facts = {"warn.n": Fact("", len(rows), str(len(rows))), "chk.n": Fact("", 0, "0")}
    for i, (rule, column, code, period, value) in enumerate(rows, start=1):
        cells = {"file": "data/raw/x/observations.csv", "line": "", "column": column, "value": value, "rule": rule,
                 "message": "m", "code": code, "period": period}
        facts |= {f"warn.{i}.{k}": Fact("", None, v) for k, v in cells.items()}
    return facts


@pytest.mark.parametrize("annual", [False, True])
def test_the_quality_annex_lists_each_problem_once_with_the_indicators_it_concerns(annual):
    """Not one row per cell (45 rows for the Hubei mid-term review): a problem, its column and the
    indicators by name, with the periods or values that differ; a problem of every indicator says so."""
    ctx = _context(annual=annual, facts=_warnings([
        ("baseline_present", "baseline", "1", "", ""), ("baseline_present", "baseline", "2", "", ""),
        ("period_missing", "period", "2", "2021", "2021"), ("period_missing", "period", "2", "2022", "2022"),
        ("value_estimate", "value", "1", "2022", "1271（预计）"), ("some_new_rule", "value", "", "", "7")]))
    html = review.section("quality", ctx)
    text = re.sub(r"<[^>]+>", "", html)
    rows = re.findall(r"<tr><td>(.*?)</tr>", html, re.S)
    assert len(rows) == 4
    table, base = ("计划表", "上年值") if annual else ("规划表", "基期值")
    assert f"{table}未列{base}{base}全部2项指标" in text
    assert "缺少该期数据期别2．文化产业增加值占GDP比重（2021年、2022年）" in text
    assert "数值为预计数数值1．地区生产总值（2022年：1271（预计））" in text
    assert "需核实数值各期数据表（7）" in text  # a rule without words, on a row naming no indicator
    assert "data/raw" not in text and "baseline_present" not in text


def test_a_real_rate_beside_the_nominal_growth_is_printed_as_a_fact():
    """8.7（实际增长7.9） is not cut to 同比增长8.7%: the real rate follows, itself a linked fact."""
    from helpers.report import facts_tables

    obs = pd.DataFrame([{"code": "1", "period": "2015", "is_reported": True, "value_text": "4619.8", "value_number": 4619.8,
                         "yoy_growth_text": "8.7(实际增长7.9)", "yoy_growth_pct": 8.7, "yoy_growth_real_pct": 7.9,
                         "source": "t.txt:L3"},
                        {"code": "1", "period": "2016", "is_reported": True, "value_text": "5000", "value_number": 5000.0,
                         "yoy_growth_text": "实际增长7.9%", "yoy_growth_pct": 7.9, "yoy_growth_real_pct": 7.9,
                         "source": "t.txt:L4"}])
    ind = pd.DataFrame(columns=["code", "category"])  # the observations' facts only
    loc = Locality("x", "某市", "2015年", 2014, 2015, "2015", ("主要指标",), kind="annual")
    facts = facts_tables.data_facts({"indicators": ind, "observations": obs}, loc)
    assert facts["obs.1.2015.yoy_real"][:2] == (7.9, "7.9%")
    assert "obs.1.2016.yoy_real" not in facts  # the rate is the real one: said once
    macros = wording.environment().get_template("macros.j2").module
    v = {"kind": "number", "labels": ["2015年"], "value": "4619.8", "estimate": False, "comparator": "", "qualifier": "",
         "remark": "", "yoy": "8.7%", "yoy_down": False, "yoy_above": False, "yoy_real": "7.9%", "yoy_real_down": False}
    phrase = str(macros.value_phrase(v, {"measure": "flow", "unit": "亿元"}))
    assert phrase == "2015年为4619.8亿元，同比增长8.7%（实际增长7.9%）"


def test_a_latest_value_the_values_sentence_ends_with_is_not_said_again():
    """温州 2015: "2015年为4619.8亿元，同比增长8.3%。…截至2015年为4619.8亿元。" said the value twice."""
    ctx = _context("2025", annual=True, mode="end", judgements=("未完成", "无法评价"))
    first = ctx.items[0]
    first.update(progress=None, latest_is_last=True, from_narrative=False)
    text = re.sub(r"<[^>]+>", "", review.section("progress", ctx))
    paragraph = text[text.index("1．地区生产总值"):text.index("2．")]
    assert paragraph.count("1271") == 1, paragraph
    first.update(latest_is_last=False)  # the latest is not the last value shown: it is named
    text = re.sub(r"<[^>]+>", "", review.section("progress", ctx))
    assert "截至2022年为1271亿元" in text


@pytest.mark.parametrize("comparator, words", [("≥", "7%以上"), ("≈", "7%左右"), (">", "高于7%"), ("", "7%")])
def test_a_growth_target_is_stated_with_its_comparator(comparator, words):
    macros = wording.environment().get_template("macros.j2").module
    assert str(macros.growth_target({"planned_growth": "7%", "planned_growth_comparator": comparator})) == words


def test_the_method_annex_states_the_rules_that_judged_this_review_with_their_thresholds_as_facts():
    params = {f"param.{k}": Fact("", v, str(v)) for k, v in
              (("ahead_band", 0.1), ("on_track_band", 0.1), ("near_threshold", 0.02), ("approx_tolerance_pct", 5.0),
               ("basically_met_progress", 0.9))}
    ctx = _context(facts=params)  # indicator 1 judged by time_share_bands, indicator 2 by no rule
    html = review.section("method", ctx)
    text = re.sub(r"<[^>]+>", "", html)
    assert "时间进度容差带：" in text and "终期评价" not in text and "已达目标" not in text
    rules = re.sub(r"<[^>]+>", "", re.search(r'<ul class="method-rules">(.*?)</ul>', html, re.S).group(1))
    assert 'data-fact="param.ahead_band"' in html and "{" not in rules and " " not in rules.strip()
    assert "时间进度：" in text and "评价类别：提前完成" in text
    end = _context("2025", annual=True, mode="end", judgements=("未完成", "无法评价"), facts=params)
    end.items[0]["judgement_rule"] = "end_of_period"
    text = re.sub(r"<[^>]+>", "", review.section("method", end))
    assert "终期评价：" in text and "时间进度：" not in text and "评价类别：完成、基本完成" in text


@pytest.mark.parametrize("change, words", [
    ({"change_base_year": "", "change_down": False, "change_unit": "%"}, "2018年上半年同比增长11.4%"),
    ({"change_base_year": "2015年", "change_down": True, "change_unit": "%"}, "2018年上半年比2015年下降11.4%"),
    ({"change_base_year": "", "change_down": False, "change_unit": "个百分点"}, "2018年上半年同比提高11.4个百分点"),
    # 与2024年持平 (national 2025 plan, CPI): not 比2024年增长0
    ({"change_base_year": "2024年", "change_down": False, "change_unit": "", "qualifier": "持平"}, "2018年上半年与2024年持平"),
])
def test_a_change_stated_in_the_value_column_is_said_as_a_change(change, words):
    """云南 2018 (trial): 同比增长11.4% in the value column read "2018年上半年为11.4" (and would have read
    11.4亿元 in an indicator counted in 亿元)."""
    macros = wording.environment().get_template("macros.j2").module
    v = {"kind": "number", "labels": ["2018年上半年"], "value": "11.4", "estimate": False, "comparator": "",
         "qualifier": "", "remark": "", "yoy": None, "change": True} | change
    assert str(macros.value_phrase(v, {"measure": "flow", "unit": "亿元"})) == words


@pytest.mark.parametrize("gap, words", [(-2.0, "低于计划目标2个百分点。"), (0.4, "高于计划目标0.4个百分点。"),
                                        (0.0, "与计划目标持平。")])
def test_a_growth_judged_at_the_end_states_its_gap_in_points(gap, words):
    """云南 2018 (trial): 8.9% against 8.5% read "完成计划目标进度的104.5%"; an office writes 高于目标0.4个百分点."""
    text = "0个百分点" if gap == 0 else f"{abs(gap):g}个百分点"
    ctx = _context("2025", annual=True, mode="end", judgements=("完成", "无法评价"),
                   facts={"ev.1.growth_gap": Fact("", gap, text)})
    text = re.sub(r"<[^>]+>", "", review.section("progress", ctx))
    assert words in text and "目标进度的" not in text.split("2．")[0]


def test_a_review_where_nothing_could_be_judged_states_no_share_on_track():
    """云南 2018 (trial): "在12项指标中，0项按进度推进，占比0%" read as a bad result."""
    ctx = _context(judgements=("无法评价", "无法评价"), facts={"cnt.无法评价": Fact("", 2, "2"), "cnt.on_track": Fact("", 0, "0")})
    del ctx.fb.facts["cnt.符合进度"]  # count_facts records only the classes given
    text = re.sub(r"<[^>]+>", "", review.section("conclusion", ctx))
    assert "在2项指标中，2项暂不具备评价条件。" in text and "占比" not in text, text


def test_the_chart_note_says_why_each_indicator_is_not_charted():
    """A chart draws a target level; each indicator left out is named with its own reason (云南 2018 trial: one
    generic reason covered a growth target and eleven tables without a target)."""
    ctx = _context()
    ctx.missing_charts = {"综合实力": ["1", "2"]}
    first, second = ctx.items
    first["target_type"] = "growth"
    second["target_stated"] = False
    text = re.sub(r"<[^>]+>", "", review.section("progress", ctx))
    assert "未绘图的指标：1．地区生产总值（目标为增速）；2．文化产业增加值占GDP比重（规划表未列目标值）。" in text


def test_a_year_to_date_growth_reads_as_序时进度():
    """云南 2018 (trial): 2018年上半年同比增长9.2% against 增长8.5% — the gap in points and 序时进度, once each."""
    facts = {"ev.1.growth_gap": Fact("", 0.7, "0.7个百分点"), "ev.1.latest_value": Fact("", 9.2, "9.2%"),
             "ev.1.latest_period": Fact("", "2022", "2022年")}
    ctx = _context(annual=True, judgements=("基本符合预期", "无法评价"), facts=facts)
    first = ctx.items[0]
    first |= {"judgement_rule": "year_to_date_pace", "reason_code": "pace_to_date_reached", "measure": "growth"}
    text = re.sub(r"<[^>]+>", "", review.section("progress", ctx))
    paragraph = text[text.index("1．地区生产总值"):text.index("2．")]
    assert "增速高于计划目标0.7个百分点。" in paragraph
    assert "综合判断（依据年内累计增速与目标增速的比较），该指标达到序时进度要求（基本符合预期）。" in paragraph
    assert paragraph.count("序时进度") == 1 and "时间过半" not in paragraph


def test_before_half_the_time_the_judgement_is_not_said_by_时间过半():
    """广州 (trial): at a time share of 40% "基本符合“时间过半、任务过半”" says what has not come yet."""
    text = re.sub(r"<[^>]+>", "", review.section("progress", _context()))  # indicator 1: τ 40%, 符合进度
    paragraph = text[text.index("1．地区生产总值"):text.index("2．")]
    assert "该指标进度符合预期（符合进度）" in paragraph and "时间过半" not in paragraph


def test_a_growth_judged_over_several_years_is_said_as_its_average():
    """广州 (trial): "截至2022年为4.49%" read as 2022's value; it is the average growth since the base year."""
    ctx = _context(facts={"ev.1.latest_value": Fact("", 12.13, "12.13")})
    first = ctx.items[0]
    first |= {"rule": "growth_measure", "latest_is_last": False, "cagr_observed": None, "unit": "%"}
    text = re.sub(r"<[^>]+>", "", review.section("progress", ctx))
    assert "基期以来年均增长12.13%，完成规划目标进度的54%" in text and "截至2022年为12.13" not in text


def test_the_conclusion_breaks_all_indicators_down_after_the_share_on_track():
    """安徽 2019 (trial): "2项按进度推进，占比25%；2项基本符合…；2项落后…；4项…" read as ten of eight."""
    text = re.sub(r"<[^>]+>", "", review.section("conclusion", _context()))
    assert "在2项指标中，1项按进度推进，占比50%。按评价类别，1项" in text, text


def test_a_range_target_is_said_as_the_range():
    """安徽 2019 (trial): 增长7.5%-8% read "增长7.5%以上" (judged on its lower bound, but not written so)."""
    phrase = wording.environment().get_template("macros.j2").module.target_phrase
    item = {"target": "7.5", "unit": "%", "target_year": "2019年", "target_type": "level", "measure": "growth",
            "direction": "up", "target_comparator": "≥", "names_its_change": False, "target_range": "7.5—8"}
    assert str(phrase(item)) == "2019年增长7.5—8%"
    assert str(phrase(item | {"target_type": "growth", "annual": True})) == "增长7.5—8%"
