"""A locality's whole assessment: engine results + published judgements + overrides + plan checks.

The engine (helpers.engine.evaluate) judges one indicator at a time; this module runs it over a locality,
merges the analyst's decisions (overrides.csv) and the official judgements (published.csv), and runs
the consistency checks of the plan document itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.engine import evaluate as engine
from helpers.plan.dataset import indicators as build_indicators
from helpers.plan.model import Indicator, period_time
from helpers.plan.grammar import ParseError, parse_text

JUDGEMENTS_MID = ("提前完成", "符合进度", "滞后", "难以完成", "无法评价", "指标调整")
JUDGEMENTS_END = ("完成", "基本完成", "未完成", "无法评价", "指标调整")

EVALUATION_COLUMNS = [
    "code", "name", "category", "unit", "rule", "half_year_rule", "baseline_used", "baseline_period",
    "latest_period", "latest_value", "latest_is_estimate", "latest_from_narrative", "tau", "progress", "is_on_schedule",
    "cagr_observed", "cagr_required", "cagr_ratio", "cagr_class", "required_growth", "projection",
    "projection_method", "projection_cagr", "projection_linear", "gap_pct", "computed_judgement", "judgement",
    "judgement_source", "published_judgement", "published_class", "computed_class", "agrees", "proposal",
    "proposal_value", "proposal_source", "proposal_reason", "reason",
]
CHECK_COLUMNS = ["code", "check", "severity", "message"]


@dataclass(frozen=True)
class Assessment:
    evaluation: pd.DataFrame  # EVALUATION_COLUMNS, one row per indicator
    checks: pd.DataFrame  # CHECK_COLUMNS
    summary: dict[str, Any]  # counts per class, for summary.json (DVC metrics)
    mode: str  # 'mid' or 'end'


def reference_growth_pct(indicators: list[Indicator], as_of: str) -> float | None:
    """Observed annual GDP growth (%), the yardstick of 与经济增长同步 / 快于经济增长 targets."""
    gdp = next((i for i in indicators if i.name.endswith("生产总值") and not i.name.startswith("人均")), None)
    if gdp is None or gdp.baseline is None:
        return None
    now = period_time(as_of)
    points = [o for o in gdp.observations if o.value is not None and not o.is_partial_year and o.t <= now]
    if not points or points[-1].t <= gdp.baseline_year or points[-1].value <= 0 or gdp.baseline <= 0:
        return None
    last = points[-1]
    return engine.growth_rate(last.value, gdp.baseline, last.t, gdp.baseline_year) * 100


def _num(x: Any) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def assess(tables: dict[str, pd.DataFrame], as_of: str, params: engine.EvaluationParams) -> Assessment:
    indicators = build_indicators(tables["indicators"], tables["observations"])
    ref = reference_growth_pct(indicators, as_of)
    published = tables["published"].drop_duplicates("code").set_index("code")["judgement"] if len(tables["published"]) else pd.Series(dtype=str)
    overrides = tables["overrides"].drop_duplicates("code").set_index("code") if len(tables["overrides"]) else pd.DataFrame()
    rows = []
    mode = "mid"
    for ind in indicators:
        ev = engine.evaluate(ind, as_of, params, reference_growth_pct=ref)
        mode = ev.mode
        proposal, proposal_value, proposal_reason = engine.propose(ev, ind, params)
        row: dict[str, Any] = {f: getattr(ev, f, None) for f in EVALUATION_COLUMNS if hasattr(ev, f)}
        projection = ev.projection_cagr if ev.projection_method == "cagr" else ev.projection_linear
        row |= {
            "category": ind.category, "unit": ind.unit, "required_growth": ev.required_growth_pct,
            "latest_from_narrative": any(o.from_narrative and o.period == ev.latest_period for o in ind.observations),
            "projection": projection, "computed_judgement": ev.judgement, "judgement_source": "computed",
            "proposal": proposal, "proposal_value": "" if proposal_value is None else f"{proposal_value:g}",
            "proposal_source": "computed" if proposal else "", "proposal_reason": proposal_reason,
        }
        if ind.code in overrides.index:
            decided = overrides.loc[ind.code]
            who = decided.get("decided_by", "") or "analyst"
            if decided.get("judgement", ""):
                row |= {"judgement": decided["judgement"], "judgement_source": f"decided: {who}"}
            if decided.get("proposal", ""):
                row |= {"proposal": decided["proposal"], "proposal_value": decided.get("proposal_value", ""),
                        "proposal_source": f"decided: {who}", "proposal_reason": decided["reason"]}
        row["computed_class"] = engine.coarse_class(row["judgement"])
        if ind.code in published.index:
            row["published_judgement"] = published[ind.code]
            row["published_class"] = engine.coarse_published(published[ind.code])
            row["agrees"] = row["published_class"] == row["computed_class"]
        else:
            row |= {"published_judgement": "", "published_class": "", "agrees": None}
        rows.append(row)
    evaluation = pd.DataFrame(rows, columns=EVALUATION_COLUMNS)
    checks = pd.DataFrame(plan_checks(indicators, tables, evaluation, params), columns=CHECK_COLUMNS)
    return Assessment(evaluation, checks, summarise(evaluation, mode, as_of), mode)


def summarise(evaluation: pd.DataFrame, mode: str, as_of: str) -> dict[str, Any]:
    classes = JUDGEMENTS_END if mode == "end" else JUDGEMENTS_MID
    counts = {c: int((evaluation["judgement"] == c).sum()) for c in classes}
    has_published = bool((evaluation["published_judgement"] != "").any())
    return {
        "as_of": as_of,
        "mode": mode,
        "n_indicators": int(len(evaluation)),
        "counts": counts,
        "n_met": int((evaluation["computed_class"] == "met").sum()),
        "n_not_met": int((evaluation["computed_class"] == "not_met").sum()),
        "n_not_evaluated": int((evaluation["computed_class"] == "not_evaluated").sum()),
        "n_published": int((evaluation["published_judgement"] != "").sum()),
        "n_agree": int(evaluation["agrees"].fillna(False).astype(bool).sum()) if has_published else 0,
    }


def _statement(tables: dict[str, pd.DataFrame], field: str) -> pd.DataFrame:
    s = tables["statements"]
    return s[s["field"] == field] if len(s) else s


def plan_checks(indicators: list[Indicator], tables: dict[str, pd.DataFrame], evaluation: pd.DataFrame,
                params: engine.EvaluationParams) -> list[dict[str, str]]:
    """Consistency of the plan document: growth targets vs targets, narrative vs table, text vs counts."""
    checks: list[dict[str, str]] = []
    by_code = {i.code: i for i in indicators}
    for ind in indicators:
        message = engine.check_planned_growth(ind, params)
        if message:
            checks.append({"code": ind.code, "check": "planned_growth_vs_target", "severity": "warning",
                           "message": message})
    for row in _statement(tables, "target").to_dict("records"):
        ind = by_code.get(row["code"])
        stated = _parse_number(row["text"])
        if ind is not None and stated is not None and ind.target is not None and not math.isclose(stated, ind.target):
            checks.append({"code": ind.code, "check": "narrative_target_vs_table", "severity": "warning",
                           "message": f"正文所述目标 {row['text']} 与表中目标 {ind.target_text} 不一致（{row['source']}）"})
    for row in _statement(tables, "avg_growth").to_dict("records"):
        ind = by_code.get(row["code"])
        stated = _parse_number(row["text"])
        if ind is None or stated is None or ind.baseline is None or not row["period"]:
            continue
        point = next((o for o in ind.observations if o.period == row["period"] and o.value is not None), None)
        if point is None or point.value <= 0 or ind.baseline <= 0:
            continue
        compound = engine.growth_rate(point.value, ind.baseline, point.t, ind.baseline_year) * 100
        if abs(compound - stated) > params.growth_check_pp:
            checks.append({"code": ind.code, "check": "stated_average_growth", "severity": "warning",
                           "message": f"正文所述年均增长 {row['text']} 与表中数据 {ind.baseline_text} → {point.text}"
                                      f" 的复合年均增长 {compound:.2f}% 相差超过 {params.growth_check_pp:g} 个百分点"})
    for row in _statement(tables, "progress_stated").to_dict("records"):
        ind = by_code.get(row["code"])
        stated = _parse_number(row["text"])
        point = next((o for o in ind.observations if o.period == row["period"] and o.value is not None), None) if ind else None
        if ind is None or stated is None or point is None or ind.baseline is None or ind.target in (None, ind.baseline):
            continue
        progress = (point.value - ind.baseline) / (ind.target - ind.baseline) * 100
        if abs(progress - stated) > params.progress_check_pp:
            checks.append({"code": ind.code, "check": "stated_progress", "severity": "warning",
                           "message": f"正文所述完成进度 {row['text']} 与表中数据 {ind.baseline_text} → {point.text}"
                                      f"（目标 {ind.target_text}）计算的 {progress:.1f}% 不一致"})
    checks += _count_checks(tables, evaluation)
    return checks


def _count_checks(tables: dict[str, pd.DataFrame], evaluation: pd.DataFrame) -> list[dict[str, str]]:
    """Summary counts stated in the conclusions vs the published table's own judgements."""
    stated = {r["field"]: r for r in tables["statements"].to_dict("records") if r["code"] == "ALL"} if len(tables["statements"]) else {}
    if not stated or not (evaluation["published_judgement"] != "").any():
        return []
    table_counts = {
        "count_total": int((evaluation["published_judgement"] != "").sum()),
        "count_on_schedule": int((evaluation["published_class"] == "met").sum()),
        "count_behind": int((evaluation["published_class"] == "not_met").sum()),
    }
    checks = []
    for field, n_table in table_counts.items():
        row = stated.get(field)
        n_text = _parse_number(row["text"]) if row else None
        if n_text is not None and int(n_text) != n_table:
            checks.append({"code": "ALL", "check": f"summary_{field}", "severity": "warning",
                           "message": f"结论部分所述 {row['text']} 个与表1 评价列统计的 {n_table} 个不一致（{row['source']}）"})
    return checks


def _parse_number(text: str) -> float | None:
    try:
        return parse_text(text).number
    except ParseError:
        return None


NUMERIC_COLUMNS = ("baseline_used", "latest_value", "tau", "progress", "cagr_observed", "cagr_required", "cagr_ratio",
                   "required_growth", "projection", "projection_cagr", "projection_linear", "gap_pct")


def read_evaluation(path: Path) -> pd.DataFrame:
    """evaluation.csv as written by 03_evaluate: texts stay text, empty numbers are NaN."""
    text = {c: str for c in EVALUATION_COLUMNS if c not in NUMERIC_COLUMNS}
    frame = pd.read_csv(path, dtype=text, keep_default_na=False, na_values={c: [""] for c in NUMERIC_COLUMNS})
    for flag in ("latest_is_estimate", "latest_from_narrative", "is_on_schedule"):
        frame[flag] = frame[flag] == "True"
    frame["agrees"] = frame["agrees"].map({"True": True, "False": False, "": None})
    return frame
