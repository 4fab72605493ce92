"""Facts from the pipeline's tables, recorded by the notebook cells that compute or read them.

Each function returns {id: (value, text, note)}: `text` is the figure as the review prints it (the
number only; the unit and the words around it come from the templates), `note` the sentence in Chinese
that says how the number was made and where it comes from (shown on hover).
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Mapping

import pandas as pd

from helpers.plan.model import Locality, is_period, period_time
from helpers.report.classes import top_code
from helpers.report.facts import fmt_number, fmt_pct
from helpers.report.wording import period_label

FactMap = dict[str, tuple[Any, ...]]
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def number_text(text: str, value: Any = None) -> str | None:
    """The figure inside a published text, as printed ('83000（预计）' → '83000', '＜35' → '35', '1.60' stays
    '1.60'). Given the value the grammar read, the printed figure of that value: a text may hold other
    figures (a year in '与2024年持平', which reads as 0); one it does not print is formatted."""
    found = [m.group().lstrip("+") for m in NUMBER.finditer(str(text).replace(",", ""))]
    if blank(value):
        return found[0] if found else None
    for figure in found:
        if abs(float(figure)) == abs(float(value)):
            return figure
    return fmt_number(float(value))


def count_numbered(codes: Iterable[str]) -> int:
    return len({top_code(c) for c in codes})


def _source(row: Mapping[str, Any]) -> str:
    return f"来源：{row['source']}" if row.get("source") else ""


def data_facts(tables: Mapping[str, pd.DataFrame], loc: Locality) -> FactMap:
    """Names, targets and values as published (01_clean): the figures only, with their source."""
    ind, obs = tables["indicators"], tables["observations"]
    n_rows, n_numbered = len(ind), count_numbered(ind["code"]) if len(ind) else 0
    first_year = loc.plan_start + (1 if loc.kind != "annual" else 0)
    plan = "计划" if loc.kind == "annual" else "规划"  # hover labels: an annual plan's table is a 计划表
    facts: FactMap = {
        "meta.n_indicators": (n_numbered, str(n_numbered), f"{plan}指标表中编号不同的指标个数（同一编号下的分项计为一项）"),
        "meta.n_rows": (n_rows, str(n_rows), f"{plan}指标表的行数（含分项）"),
        "meta.n_categories": (ind["category"].nunique(), str(ind["category"].nunique()), f"{plan}指标表的类别数"),
        "meta.base_year": (loc.plan_start, str(loc.plan_start), "规划基期年份（params.yaml）"),
        "meta.first_year": (first_year, str(first_year), "规划期首年：基期的下一年"),
        "meta.plan_end": (loc.plan_end, str(loc.plan_end), "规划目标年份（params.yaml）"),
        "meta.as_of": (loc.as_of, period_label(loc.as_of), "评估时点（params.yaml）"),
    }
    for period in obs["period"].drop_duplicates():
        facts[f"period.{period}"] = (period, period_label(period), "观测数据的期别")
    for r in ind.to_dict("records"):
        c = r["code"]
        src = _source(r)
        facts[f"ind.{c}.code"] = (c, str(c), f"{plan}指标表中的编号")
        facts[f"ind.{c}.name"] = (None, r["name"], src)
        facts[f"ind.{c}.unit"] = (None, r["unit"], src)
        for col in ("baseline", "target"):
            shown = number_text(r[f"{col}_text"], r[f"{col}_number"]) if not blank(r.get(f"{col}_number")) else None
            if shown is not None:
                facts[f"ind.{c}.{col}"] = (r[f"{col}_number"], shown, f"{plan}表原文“{r[f'{col}_text']}”；{src}")
            elif r[f"{col}_text"]:
                facts[f"ind.{c}.{col}_words"] = (None, r[f"{col}_text"], src)
        span = re.search(r"区间([0-9.]+)[–—-]([0-9.]+)", str(r.get("target_note") or ""))
        if span:  # a range (增长7.5%-8%): judged on its lower bound, said as the range it is (安徽 2019 trial)
            facts[f"ind.{c}.target_range"] = (float(span[1]), f"{span[1]}—{span[2]}",
                                              f"{plan}表原文“{r['target_text']}”，按下限判断；{src}")
        facts[f"ind.{c}.baseline_year"] = (r["baseline_year"], f"{r['baseline_year']}年", "基期年份")
        facts[f"ind.{c}.target_year"] = (r["target_year"], f"{r['target_year']}年", "目标年份")
        if not blank(r.get("planned_growth_pct")):
            text = number_text(r["planned_growth_text"], r["planned_growth_pct"])
            facts[f"ind.{c}.planned_growth"] = (r["planned_growth_pct"], f"{text}%", f"{plan}表原文“{r['planned_growth_text']}”")
    overrides = tables.get("overrides")
    if overrides is not None and len(overrides):
        for r in overrides.to_dict("records"):
            if not blank(r.get("reason")):
                who = f"决定：{r['decided_by']}" if not blank(r.get("decided_by")) else "人工决定"
                facts[f"ovr.{r['code']}.reason"] = (None, str(r["reason"]), f"{who}；{_source(r)}")
    for r in obs[obs["is_reported"].astype(bool)].to_dict("records"):
        key = f"obs.{r['code']}.{r['period']}"
        src = _source(r)
        shown = number_text(r["value_text"], r["value_number"]) if not blank(r.get("value_number")) else None
        if shown is not None:
            facts[key] = (r["value_number"], shown, f"原文“{r['value_text']}”；{src}")
            if not blank(r.get("value_base_year")):  # 比2015年下降16.7%, 与2024年持平: the year compared with
                year = int(float(r["value_base_year"]))
                facts[f"{key}.base_year"] = (year, f"{year}年", f"原文“{r['value_text']}”中比较的年份；{src}")
        elif any(ch.isdigit() for ch in str(r["value_text"])):  # a status text with a figure in it
            facts[f"{key}.words"] = (None, r["value_text"], src)
        if r.get("yoy_growth_text") and not blank(r.get("yoy_growth_pct")):
            text = number_text(r["yoy_growth_text"], r["yoy_growth_pct"]) or ""
            facts[f"{key}.yoy"] = (r["yoy_growth_pct"], f"{text.lstrip('-')}%", f"同比增速原文“{r['yoy_growth_text']}”；{src}")
            real = r.get("yoy_growth_real_pct")
            if not blank(real) and real != r["yoy_growth_pct"]:  # a real rate beside the nominal one
                text = number_text(r["yoy_growth_text"], real) or ""
                facts[f"{key}.yoy_real"] = (real, f"{text.lstrip('-')}%",
                                            f"同比增速原文“{r['yoy_growth_text']}”中的实际（可比价）增速；{src}")
    return facts


def _pp(value: Any) -> str:
    return fmt_number(float(value), 1) + "%"


def _row_value(r: Mapping[str, Any], col: str) -> Any:
    v = r.get(col)
    return None if blank(v) else v


def evaluation_facts(evaluation: pd.DataFrame, indicators: pd.DataFrame | None = None) -> FactMap:
    """Each indicator's computed figures (03_evaluate), with the sentence that explains each."""
    facts: FactMap = {}
    base = indicators.set_index("code") if indicators is not None and len(indicators) else None
    for r in evaluation.to_dict("records"):
        c = r["code"]
        latest = _row_value(r, "latest_value")
        period = r.get("latest_period") or ""
        if latest is not None:
            how = "按年内累计同比增速推算全年" if r.get("half_year_rule") == "h1_yoy_estimate" else "最近一期可比数据"
            facts[f"ev.{c}.latest_value"] = (latest, fmt_number(float(latest)),
                                             f"{period_label(str(period)) if period else ''}{how}：{fmt_number(float(latest))}")
            facts[f"ev.{c}.latest_period"] = (period, period_label(str(period)), "用于评价的最近一期")
        progress, tau = _row_value(r, "progress"), _row_value(r, "tau")
        if progress is not None:
            b = _row_value(r, "baseline_used")
            target = base.loc[c, "target_number"] if base is not None and c in base.index else None
            target = r.get("target_value") if not blank(r.get("target_value")) else target
            log_scale = str(r.get("scale") or "") == "log"  # engine v2: flows and stocks progress on a log scale
            formula = (f"完成进度 = ln({fmt_number(float(latest))} ÷ {fmt_number(float(b))}) ÷ ln({fmt_number(float(target))} ÷ "
                       f"{fmt_number(float(b))}) = {fmt_pct(float(progress))}（按增长率计的进度）"
                       if log_scale and latest is not None and b is not None and not blank(target) else
                       f"完成进度 =（{fmt_number(float(latest))} − {fmt_number(float(b))}）÷（{fmt_number(float(target))} − "
                       f"{fmt_number(float(b))}）= {fmt_pct(float(progress))}"
                       if latest is not None and b is not None and not blank(target) else
                       f"完成进度 = 已实现的变化 ÷ 规划要求的变化 = {fmt_pct(float(progress))}")
            facts[f"ev.{c}.progress"] = (progress, fmt_pct(float(progress)), formula)
        if tau is not None:
            facts[f"ev.{c}.tau"] = (tau, fmt_pct(float(tau)), f"时间进度 = 已过时间 ÷ 规划期时间 = {fmt_pct(float(tau))}")
        for col, label in (("cagr_observed", "基期以来实际年均增速"), ("cagr_required", "实现目标所需年均增速（基期至目标年）")):
            v = _row_value(r, col)
            if v is not None:  # the text is the size; the review says 增长 or 下降 from the value's sign
                facts[f"ev.{c}.{col}"] = (v, fmt_pct(abs(float(v)), 1), f"{label}，按复合增长率计算：{fmt_pct(float(v), 2)}")
        target = _row_value(r, "target_value")
        if r.get("rule") in ("growth_measure", "growth_rate") and latest is not None and target is not None:
            gap = float(latest) - float(target)  # a growth against a growth target: points, not a share
            points = f"{fmt_number(abs(gap), 1)}个百分点"
            facts[f"ev.{c}.growth_gap"] = (gap, points, f"实际增速与目标增速之差：{fmt_number(float(latest))} − "
                                                        f"{fmt_number(float(target))} = {fmt_number(gap, 1)}个百分点")
        v = _row_value(r, "required_growth")
        if v is not None:
            facts[f"ev.{c}.required_growth"] = (v, _pp(abs(float(v))), f"此后至目标年每年所需增速，按复合增长率计算：{_pp(v)}")
        v = _row_value(r, "projection")
        if v is not None:
            method = {"cagr": "按基期以来年均增速外推", "linear": "按线性趋势外推"}.get(str(r.get("projection_method")), "按趋势外推")
            facts[f"ev.{c}.projection"] = (v, fmt_number(float(v)), f"{method}至目标年的预计值")
        unit = str(r.get("unit") or "")
        pace_unit = PACE_UNITS.get(str(r.get("pace_unit") or ""), unit)
        for col, label in (("required_pace", "此后至目标年每年所需的变化"), ("pace_shown", "规划期内已持续实现的最好年度变化")):
            v = _row_value(r, col)
            if v is not None:
                facts[f"ev.{c}.{col}"] = (v, fmt_number(abs(float(v)), 2) + pace_unit, f"{label}：{fmt_number(float(v), 2)}{pace_unit}")
        for col, label in (("h1_growth", "年内累计同比增速"), ("reference_growth", "参照指标的增速")):
            v = _row_value(r, col)
            if v is not None:
                facts[f"ev.{c}.{col}"] = (v, fmt_number(abs(float(v)), 1) + "%", f"{label}：{fmt_number(float(v), 2)}%")
        v = _row_value(r, "target_value")
        if v is not None:
            facts[f"ev.{c}.target_value"] = (v, fmt_number(float(v)), f"规划目标“{r.get('target', '')}”所指的数值")
        for col, label in (("binding_breaches", "约束性目标未守住的年份"), ("break_period", "统计口径变化的时点"),
                           ("n_points", "可比数据点个数"), ("proposal_horizon", "调整建议的目标年")):
            v = _row_value(r, col)
            if v is not None:
                text = str(v).replace(".0", "") if col != "n_points" else str(int(float(v)))
                facts[f"ev.{c}.{col}"] = (None, text, label)
        pv = r.get("proposal_value")
        if not blank(pv):
            shown = number_text(str(pv))
            how = "人工决定" if str(r.get("proposal_source", "")).startswith("decided") else "计算"
            if shown is not None and str(pv).replace(".", "", 1).lstrip("-").isdigit():
                facts[f"ev.{c}.proposal_value"] = (float(pv), fmt_number(float(pv)), f"建议目标值（{how}）")
            else:
                facts[f"ev.{c}.proposal_value"] = (None, str(pv), f"建议（{how}）")
        for col in ("proposal_reason", "reason"):
            text = r.get(col)
            if not blank(text) and any(ch.isdigit() for ch in str(text)) and not re.fullmatch(r"[a-z0-9_]+", str(text)):
                facts[f"ev.{c}.{col}"] = (None, str(text), "评估引擎或决定记录的原文")
    return facts


# How a pace is printed, by the engine's pace_unit (helpers.engine.evaluate).
PACE_UNITS = {"pct_per_year": "%", "pp_per_year": "个百分点", "places_per_year": "位"}


def check_facts(checks: pd.DataFrame) -> FactMap:
    """The reconciliation and consistency findings (checks.csv) shown in the data-quality annex: each
    row's indicator, code and figures (value, expected, difference)."""
    facts: FactMap = {"chk.n": (len(checks), str(len(checks)), "一致性检查发现的问题数")}
    for i, r in enumerate(checks.to_dict("records"), start=1):
        facts[f"chk.{i}.code"] = (None, "" if blank(r.get("code")) else str(r["code"]), "指标编号")
        facts[f"chk.{i}.check"] = (None, str(r.get("check", "")), "检查项目代码")
        for col in ("value", "expected", "difference"):
            v = r.get(col)
            if blank(v):
                continue
            try:
                facts[f"chk.{i}.{col}"] = (float(v), fmt_number(float(v), 2), f"检查 {r.get('check', '')}：{col}")
            except (TypeError, ValueError):
                facts[f"chk.{i}.{col}"] = (None, str(v), f"检查 {r.get('check', '')}：{col}")
        for col in ("period", "message", "detail"):
            if not blank(r.get(col)):
                facts[f"chk.{i}.{col}"] = (None, str(r[col]), f"检查 {r.get('check', '')}")
    return facts


def plan_facts(indicators: pd.DataFrame, years: int) -> FactMap:
    """What each target implies (a baseline-only review): the yearly growth or change it asks for."""
    facts: FactMap = {}
    for r in indicators.to_dict("records"):
        b, t = r.get("baseline_number"), r.get("target_number")
        if blank(b) or blank(t) or r.get("target_type") not in ("level", None) or years <= 0:
            continue
        b, t = float(b), float(t)
        if r.get("unit") == "%" or r.get("measure") in ("rate", "rank"):
            step = (t - b) / years
            unit = "个百分点" if r.get("unit") == "%" else ("位" if r.get("measure") == "rank" else r.get("unit") or "")
            facts[f"plan.{r['code']}.yearly_change"] = (step, fmt_number(abs(step)),
                                                         f"（目标值 − 基期值）÷ {years} 年 = {fmt_number(step, 2)}{unit}")
        elif b > 0 and t > 0:
            g = (t / b) ** (1 / years) - 1
            facts[f"plan.{r['code']}.implied_growth"] = (g, fmt_pct(abs(g), 1),
                                                         f"（目标值 ÷ 基期值）^(1/{years}) − 1 = {fmt_pct(g, 2)}")
    return facts


def summary_facts(summary: Mapping[str, Any], n_numbered: int | None = None) -> FactMap:
    n = summary["n_indicators"]
    facts: FactMap = {"sum.n_indicators": (n, str(n), "参与评价的指标行数")}
    for cls, count in summary["counts"].items():
        facts[f"sum.count.{cls}"] = (count, str(count), f"评价为“{cls}”的指标个数")
        facts[f"sum.share.{cls}"] = (count / n if n else None, fmt_pct(count / n if n else None), f"“{cls}”占全部指标的比例")
    for key, label in (("n_met", "按进度完成或已完成的指标个数"), ("n_not_met", "未按进度完成的指标个数"),
                       ("n_not_evaluated", "无法评价或已调整的指标个数"), ("n_published", "有已公布评价的指标个数"),
                       ("n_agree", "与已公布评价一致的指标个数")):
        if key in summary:
            facts[f"sum.{key}"] = (summary[key], str(summary[key]), label)
    met = summary.get("n_met", 0)
    facts["sum.share_met"] = (met / n if n else None, fmt_pct(met / n if n else None), "按进度完成的指标占比")
    return facts


def rows_facts(prefix: str, frame: pd.DataFrame, columns: Iterable[str]) -> FactMap:
    """A table shown in the review (warnings, checks): every cell a fact `<prefix>.<row>.<column>`."""
    facts: FactMap = {f"{prefix}.n": (len(frame), str(len(frame)))}
    for i, r in enumerate(frame.to_dict("records"), start=1):
        for col in columns:
            facts[f"{prefix}.{i}.{col}"] = (None, "" if blank(r[col]) else str(r[col]))
    return facts


def params_facts(params: Mapping[str, Any]) -> FactMap:
    return {f"param.{k}": (v, fmt_number(v) if isinstance(v, (int, float)) else str(v), "params.yaml 中的评估参数")
            for k, v in params.items()}


# what a warning row of warnings.csv keeps as facts (the annex's wording of each rule is in quality.j2)
WARNING_COLUMNS = ("file", "line", "column", "value", "rule", "message", "code", "period")


def warning_facts(warnings: pd.DataFrame, as_of: str) -> FactMap:
    """Validation warnings for the data-quality annex (02_validate). A period missing after the reporting
    period is no gap of this review (the table's later columns are for a later one)."""
    later = (warnings["rule"] == "period_missing") & warnings["value"].map(
        lambda v: is_period(str(v)) and period_time(str(v)) > period_time(as_of))
    warnings = warnings[~later]
    return rows_facts("warn", warnings.reindex(columns=list(WARNING_COLUMNS)), WARNING_COLUMNS)


def narrative_facts(narr: Any) -> FactMap:
    """Figures the analysts cite in the narrative, entered in narrative_facts.csv with their source."""
    return dict(narr.facts)
