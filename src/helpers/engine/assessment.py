"""A locality's whole assessment: engine results + published judgements + overrides + plan checks.

evaluation.csv — one row per indicator. The columns of `helpers.engine.evaluate.Evaluation` (documented in
its module doc) that are listed in EVALUATION_COLUMNS, plus:

| column | meaning |
| --- | --- |
| category, unit | from the indicator table |
| half_year_rule | compatibility: h1_yoy_estimate, h1_direct, latest_full_year or '' |
| required_growth | compatibility: required_pace when pace_unit is pct_per_year |
| is_on_schedule | status in met / ahead / on_track |
| computed_judgement, computed_reason | what the engine judged (judgement/reason may be a person's decision) |
| judgement_source | computed, or `decided: <who>` (overrides.csv) |
| published_judgement, published_class, agrees | the published word, its coarse class (met/not_met/not_evaluated, or unknown: a wording the vocabulary lacks), whether the coarse classes agree (empty for unknown) |
| gap_pct | shortfall of the projection from the target at the target year, in % of the target (0 when met) |
| computed_class | coarse class of `judgement` (for tables that publish only 完成/未完成) |
| disagreement | where agrees is False: a disagreement code (reasons.py) |
| computed_proposal, computed_proposal_value | the engine's proposal (keep/adjust_target) and value |
| proposal, proposal_value, proposal_method, proposal_horizon, proposal_source, proposal_reason | the proposal shown (a person's decision when overrides.csv has one; proposal_reason is a code) |
| published_proposal | the published conclusion on the target (keep/adjust_target/remove/replace), from published.csv `proposal` or the office's decision in overrides.csv |
| proposal_contradicts_published | the computed proposal differs from the published conclusion (both are kept) |
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.engine import evaluate as engine
from helpers.engine.checks import CHECK_COLUMNS, plan_checks
from helpers.engine.judgements import JUDGEMENTS_END, JUDGEMENTS_MID, coarse_class, coarse_published
from helpers.engine.proposals import propose
from helpers.plan.dataset import indicators as build_indicators
from helpers.plan.model import Indicator

EVALUATION_COLUMNS = [
    "code", "name", "category", "unit", "rule", "target", "target_value", "scale", "half_year_rule",
    "baseline_used", "baseline_period", "latest_period", "latest_value", "latest_text", "latest_is_estimate",
    "latest_from_narrative", "rests_on_estimate", "h1_period", "h1_growth", "data_period", "tau", "progress",
    "progress_linear", "status", "is_on_schedule", "is_met", "binding_breaches", "required_pace", "pace_shown", "pace_unit",
    "required_growth", "trend_slope", "n_points", "projection", "projection_method", "projection_progress",
    "gap_pct", "outlook", "break_period", "cagr_observed", "cagr_required", "cagr_ratio", "cagr_class", "reference_code",
    "reference_growth", "computed_judgement", "computed_reason", "judgement", "judgement_rule", "judgement_source",
    "reason", "quality_notes", "published_judgement", "published_class", "computed_class", "agrees",
    "disagreement", "computed_proposal", "computed_proposal_value", "proposal", "proposal_value",
    "proposal_method", "proposal_horizon", "proposal_source", "proposal_reason", "published_proposal",
    "proposal_contradicts_published",
]
NUMERIC_COLUMNS = ("target_value", "baseline_used", "latest_value", "h1_growth", "tau", "progress", "progress_linear", "required_pace",
                   "pace_shown", "required_growth", "trend_slope", "n_points", "projection", "projection_progress", "gap_pct",
                   "cagr_observed", "cagr_required", "cagr_ratio", "reference_growth", "computed_proposal_value",
                   "proposal_horizon")
FLAG_COLUMNS = ("latest_is_estimate", "latest_from_narrative", "rests_on_estimate", "is_on_schedule",
                "proposal_contradicts_published")


@dataclass(frozen=True)
class Assessment:
    evaluation: pd.DataFrame  # EVALUATION_COLUMNS, one row per indicator
    checks: pd.DataFrame  # checks.CHECK_COLUMNS
    summary: dict[str, Any]  # counts per class, for data/summary/<id>.json (DVC metrics)
    mode: str  # 'mid' or 'end'


def reference_of(ind: Indicator, indicators: list[Indicator]) -> Indicator | None:
    """The indicator whose growth a relational target compares with: `reference_code`; while the plan
    layer does not fill it, the region's GDP (生产总值, not per head) as the plans' 经济增长."""
    by_code = {i.code: i for i in indicators}
    if ind.reference_code:
        return by_code.get(ind.reference_code)
    return next((i for i in indicators if i.name.endswith("生产总值") and not i.name.startswith("人均")
                 and i.code != ind.code), None)


def _text(x: Any) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x).strip()


def _fmt(x: float | None) -> str:
    """A proposed value as plain text: no exponent, no trailing .0 (85000, 2.5, 1234567)."""
    return "" if x is None else f"{x:.12g}" if abs(x) < 1e12 else f"{x:.0f}"


def gap_pct(ev: engine.Evaluation, ind: Indicator) -> float | None:
    """Shortfall of the trend projection from the target at the target year, in % of |target| (0 when met)."""
    if ev.is_met:
        return 0.0
    if ev.projection is None or not ev.target_value or ev.rule.startswith(("growth", "relational")):
        return None
    d = 1 if ind.direction == "up" else -1
    return max(0.0, d * (ev.target_value - ev.projection) / abs(ev.target_value) * 100)


def _disagreement(row: dict[str, Any]) -> str:
    """Why the computed coarse class differs from the published one, from the row's own data."""
    notes = set(str(row["quality_notes"]).split(";"))
    if row["published_class"] == "not_evaluated" or row["computed_class"] == "not_evaluated":
        return "published_uses_other_data"
    h1, need = row.get("h1_growth"), row.get("required_pace")
    if h1 is not None and need is not None and row.get("pace_unit") == "pct_per_year" and \
            (h1 < need) == (row["published_class"] == "not_met"):
        return "published_on_growth_rate"  # the office compared the half-year growth with the pace required
    if notes & {"estimate_used", "h1_estimate"}:
        return "published_on_estimate"
    if "near_threshold" in notes:
        return "within_tolerance_band"
    if notes & {"series_break", "reporting_lag", "few_points"}:
        return "published_uses_other_data"
    return "unexplained"


def assess(tables: dict[str, pd.DataFrame], as_of: str, params: engine.EvaluationParams) -> Assessment:
    indicators = build_indicators(tables["indicators"], tables["observations"])
    pub = tables.get("published", pd.DataFrame())
    published = pub.drop_duplicates("code").set_index("code") if len(pub) else pd.DataFrame()
    ovr = tables.get("overrides", pd.DataFrame())
    overrides = ovr.drop_duplicates("code").set_index("code") if len(ovr) else pd.DataFrame()
    rows = []
    mode = "mid"
    for ind in indicators:
        ev = engine.evaluate(ind, as_of, params, reference=reference_of(ind, indicators)
                             if ind.target_kind == "relational" else None)
        mode = ev.mode
        prop = propose(ev, ind, params)
        row: dict[str, Any] = {c: getattr(ev, c) for c in EVALUATION_COLUMNS if hasattr(ev, c)}
        row |= {
            "category": ind.category, "unit": ind.unit, "half_year_rule": ev.half_year_rule,
            "required_growth": ev.required_pace if ev.pace_unit == "pct_per_year" else None,
            "is_on_schedule": ev.status in ("met", "ahead", "on_track"), "gap_pct": gap_pct(ev, ind),
            "computed_judgement": ev.judgement, "computed_reason": ev.reason, "judgement_source": "computed",
            "computed_proposal": prop.proposal, "computed_proposal_value": prop.value,
            "proposal": prop.proposal, "proposal_value": _fmt(prop.value), "proposal_method": prop.method,
            "proposal_horizon": prop.horizon, "proposal_source": "computed" if prop.proposal else "",
            "proposal_reason": prop.reason, "published_proposal": "", "proposal_contradicts_published": False,
        }
        if ind.code in published.index and "proposal" in published.columns:
            row["published_proposal"] = _text(published.loc[ind.code, "proposal"])
        if ind.code in overrides.index:
            decided = overrides.loc[ind.code]
            who = decided.get("decided_by", "") or "analyst"
            if _text(decided.get("judgement", "")):
                row |= {"judgement": decided["judgement"], "judgement_source": f"decided: {who}",
                        "reason": "decided", "judgement_rule": "decided"}
            if _text(decided.get("proposal", "")):
                row |= {"proposal": decided["proposal"], "proposal_value": decided.get("proposal_value", ""),
                        "proposal_method": "decided", "proposal_source": f"decided: {who}",
                        "proposal_reason": "decided_by_person"}
                row["published_proposal"] = row["published_proposal"] or decided["proposal"]
        if row["published_proposal"] and prop.proposal and row["published_proposal"] != prop.proposal:
            row["proposal_contradicts_published"] = True
            notes = [n for n in row["quality_notes"].split(";") if n]
            row["quality_notes"] = ";".join([*notes, "proposal_contradicts_published"])
        row["computed_class"] = coarse_class(row["judgement"])
        if ind.code in published.index:
            row["published_judgement"] = published.loc[ind.code, "judgement"]
            row["published_class"] = coarse_published(row["published_judgement"])
            row["agrees"] = (None if row["published_class"] == "unknown"
                             else row["published_class"] == row["computed_class"])
        else:
            row |= {"published_judgement": "", "published_class": "", "agrees": None}
        row["disagreement"] = _disagreement(row) if row["agrees"] is False else ""
        rows.append(row)
    evaluation = pd.DataFrame(rows, columns=EVALUATION_COLUMNS)
    checks = pd.DataFrame(plan_checks(indicators, tables, evaluation, params), columns=CHECK_COLUMNS)
    # reconciliation findings are data-quality notes of their indicator too
    for code, found in checks.groupby("code")["check"]:
        hit = evaluation["code"] == code
        if hit.any():
            i = evaluation.index[hit][0]
            notes = [n for n in str(evaluation.at[i, "quality_notes"]).split(";") if n]
            evaluation.at[i, "quality_notes"] = ";".join(dict.fromkeys([*notes, *found]))
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
        "n_rests_on_estimate": int(evaluation["rests_on_estimate"].fillna(False).astype(bool).sum()),
    }


def read_evaluation(path: Path) -> pd.DataFrame:
    """evaluation.csv as written by 03_evaluate: texts stay text, empty numbers are NaN, flags are bool."""
    text = {c: str for c in EVALUATION_COLUMNS if c not in NUMERIC_COLUMNS}
    frame = pd.read_csv(path, dtype=text, keep_default_na=False, na_values={c: [""] for c in NUMERIC_COLUMNS})
    for flag in FLAG_COLUMNS:
        if flag in frame:
            frame[flag] = frame[flag] == "True"
    for flag in ("agrees", "is_met"):
        frame[flag] = frame[flag].map({"True": True, "False": False, "": None})
    return frame


__all__ = ["Assessment", "CHECK_COLUMNS", "EVALUATION_COLUMNS", "assess", "read_evaluation", "reference_of",
           "summarise"]
