"""Reconciliation of series and consistency checks of the plan document: structured rows, no prose.

Every check is a row of checks.csv with the columns CHECK_COLUMNS:
code (indicator or ALL), check (a code of reasons.py), severity (warning: the source contradicts itself;
note: a data-quality fact the review states), period, value (the figure checked), expected (what the
other figures imply), difference (value − expected), detail (a short code: which figure is suspect, the
averaging used, the class counted), source.
The same codes appear in the indicator's `quality_notes`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from helpers.engine import projections as pj
from helpers.engine.judgements import published_class
from helpers.engine.params import EvaluationParams
from helpers.engine.rules import baseline_year_from_note
from helpers.plan.grammar import ParseError, parse_text, scale_factor
from helpers.plan.model import Indicator, Observation

CHECK_COLUMNS = ["code", "check", "severity", "period", "value", "expected", "difference", "detail", "source"]


def _row(code: str, check: str, severity: str = "warning", period: str = "", value: float | None = None,
         expected: float | None = None, detail: str = "", source: str = "") -> dict[str, Any]:
    diff = None if value is None or expected is None else value - expected
    return {"code": code, "check": check, "severity": severity, "period": period, "value": value,
            "expected": expected, "difference": diff, "detail": detail, "source": source}


def check_planned_growth(indicator: Indicator, params: EvaluationParams | None = None) -> dict[str, Any] | None:
    """The planned annual growth against the baseline → target CAGR (planned_growth_vs_target)."""
    p, ind = params or EvaluationParams(), indicator
    g, x0, xs = ind.planned_growth_pct, ind.baseline, ind.target
    if g is None or ind.target_kind != "level" or x0 is None or xs is None or x0 <= 0 or xs <= 0:
        return None
    if ind.target_year <= ind.baseline_year:
        return None
    implied = pj.growth_rate(xs, x0, ind.target_year, ind.baseline_year) * 100
    if abs(implied - g) <= p.growth_check_pp:
        return None
    return _row(ind.code, "planned_growth_vs_target", value=g, expected=implied, detail="cagr_of_levels",
                source=ind.source)


def _full_year(ind: Indicator) -> list[Observation]:
    return [o for o in ind.observations if o.value is not None and not o.is_partial_year
            and o.value_kind == "level" and o.t > ind.baseline_year]


def reconcile(ind: Indicator, params: EvaluationParams | None = None) -> list[dict[str, Any]]:
    """Stated yoy growth against the table's levels; lags, breaks, censored values, footnoted base years."""
    p = params or EvaluationParams()
    rows: list[dict[str, Any]] = []
    chain: list[tuple[float, float, str]] = []
    if ind.baseline is not None:
        chain.append((float(ind.baseline_year), ind.baseline, str(ind.baseline_year)))
    chain += [(o.t, o.value, o.period) for o in _full_year(ind) if o.value is not None]
    yoy = {o.period: o.yoy_growth_pct for o in _full_year(ind) if o.yoy_growth_pct is not None}
    pairs = []  # (period, implied growth from the levels, stated growth, previous level, level)
    for (ta, a, _), (tb, b, per) in zip(chain, chain[1:], strict=False):
        if per in yoy and tb - ta == 1 and a > 0:
            pairs.append((per, (b / a - 1) * 100, yoy[per], a, b))
    bad = [abs(implied - stated) > p.reconcile_growth_pp for _, implied, stated, _, _ in pairs]
    first_is_base = bool(pairs) and ind.baseline is not None and pairs[0][0] == str(ind.baseline_year + 1)
    if len(pairs) >= 2 and all(bad):
        n = len(pairs)
        implied_avg = sum(x[1] for x in pairs) / n
        stated_avg = sum(x[2] for x in pairs) / n
        rows.append(_row(ind.code, "growth_basis_differs", "note", pairs[-1][0], implied_avg, stated_avg,
                         "real_vs_nominal" if ind.price_basis == "real" else "basis", ind.source))
    elif first_is_base and bad[0] and len(pairs) >= 2 and not any(bad[1:]):
        per, _, stated, _, b = pairs[0]
        rows.append(_row(ind.code, "baseline_vs_stated_growth", "warning", str(ind.baseline_year), ind.baseline,
                         b / (1 + stated / 100), "baseline", ind.source))
    else:
        for (per, implied, stated, _, _), wrong in zip(pairs, bad, strict=True):
            if wrong:
                rows.append(_row(ind.code, "stated_growth_vs_level", "warning", per, stated, implied, "yoy",
                                 ind.source))
    for o in ind.observations:
        if o.data_period and o.data_period != o.period:
            rows.append(_row(ind.code, "reporting_lag", "note", o.period, None, None, o.data_period, o.source))
        if o.breaks_series:
            rows.append(_row(ind.code, "series_break", "note", o.period, o.value, None, "new_method", o.source))
        if o.value is not None and o.comparator in ("<", ">", "≤", "≥"):
            rows.append(_row(ind.code, "value_censored", "note", o.period, o.value, None, o.comparator, o.source))
    if ind.baseline is not None and ind.baseline_comparator in ("<", ">", "≤", "≥"):
        rows.append(_row(ind.code, "baseline_censored", "note", str(ind.baseline_year), ind.baseline, None,
                         ind.baseline_comparator, ind.source))
    year = baseline_year_from_note(ind)
    if year is not None:
        rows.append(_row(ind.code, "baseline_other_year", "note", str(ind.baseline_year), ind.baseline, None,
                         str(year), ind.source))
    return rows


def _statement(tables: dict[str, pd.DataFrame], field: str) -> pd.DataFrame:
    s = tables.get("statements", pd.DataFrame())
    return s[s["field"] == field] if len(s) else s


def _parse_number(text: str, unit: str = "") -> float | None:
    """The number a text states, in the indicator's unit when the text writes another scale of it (正文
    3.5万亿元 against the table's 35000 亿元, 广州 trial)."""
    try:
        parsed = parse_text(text)
    except ParseError:
        return None
    factor = scale_factor(parsed.unit, unit) if parsed.unit and unit and parsed.number is not None else None
    return parsed.number * factor if factor is not None else parsed.number


def office_average_growth(ind: Indicator, period: str) -> tuple[float, str] | None:
    """Average growth from the base to `period` the way offices state it: the arithmetic mean of the
    stated yoy rates when every year has one (前两年年均增长 = mean of the two rates), else the CAGR."""
    full = [o for o in _full_year(ind) if o.t <= float(period[:4])]
    years = [int(o.t) for o in full]
    rates = [o.yoy_growth_pct for o in full if o.yoy_growth_pct is not None]
    if full and len(rates) == len(full) and years == list(range(ind.baseline_year + 1, years[-1] + 1)):
        return sum(rates) / len(rates), "arithmetic_mean_of_yoy"
    point = next((o for o in full if o.period == period), None)
    if point is None or point.value is None or ind.baseline is None or point.value <= 0 or ind.baseline <= 0:
        return None
    return pj.growth_rate(point.value, ind.baseline, point.t, ind.baseline_year) * 100, "cagr_of_levels"


def plan_checks(indicators: Sequence[Indicator], tables: dict[str, pd.DataFrame], evaluation: pd.DataFrame,
                params: EvaluationParams) -> list[dict[str, Any]]:
    """Reconciliation per indicator, then the narrative against the table, then the summary counts."""
    rows: list[dict[str, Any]] = []
    by_code = {i.code: i for i in indicators}
    for ind in indicators:
        planned = check_planned_growth(ind, params)
        if planned:
            rows.append(planned)
        rows += reconcile(ind, params)
    for r in _statement(tables, "target").to_dict("records"):
        ind = by_code.get(r["code"])
        stated = _parse_number(r["text"], ind.unit if ind is not None else "")
        # the table's target as a number of the same kind: the level it means (〔1〕 on 77.3 is 78.3) when the
        # text restates a level, else the stated number
        table = [v for v in (ind.target, ind.target_level) if v is not None] if ind is not None else []
        if stated is not None and table and not any(math.isclose(stated, v) for v in table):
            rows.append(_row(ind.code, "narrative_target_vs_table", "warning", r["period"], stated, table[0],
                             "target", r["source"]))
    for r in _statement(tables, "avg_growth").to_dict("records"):
        ind = by_code.get(r["code"])
        stated = _parse_number(r["text"])
        if ind is None or stated is None or not r["period"]:
            continue
        office = office_average_growth(ind, r["period"])
        if office is not None and abs(office[0] - stated) > params.growth_check_pp:
            rows.append(_row(ind.code, "stated_average_growth", "warning", r["period"], stated, office[0], office[1],
                             r["source"]))
    for r in _statement(tables, "progress_stated").to_dict("records"):
        ind = by_code.get(r["code"])
        stated = _parse_number(r["text"])
        point = next((o for o in ind.observations if o.period == r["period"] and o.value is not None), None) if ind else None
        if ind is None or stated is None or point is None or point.value is None or ind.baseline is None \
                or ind.target in (None, ind.baseline):
            continue
        assert ind.target is not None
        progress = (point.value - ind.baseline) / (ind.target - ind.baseline) * 100
        if abs(progress - stated) > params.progress_check_pp:
            rows.append(_row(ind.code, "stated_progress", "warning", r["period"], stated, progress, "linear_progress",
                             r["source"]))
    rows += count_checks(tables, evaluation)
    return rows


# Which published classes a stated count counts, like with like: "21 个指标按时序完成进度目标" counts the
# numeric indicators judged on schedule, not a qualitative 完成省市下达指标.
COUNTED = {"count_total": None, "count_on_schedule": ("done",), "count_behind": ("not_done",)}


def count_checks(tables: dict[str, pd.DataFrame], evaluation: pd.DataFrame) -> list[dict[str, Any]]:
    """Summary counts stated in the conclusions against the published table's judgements of the same class."""
    s = tables.get("statements", pd.DataFrame())
    stated = {r["field"]: r for r in s.to_dict("records") if r["code"] == "ALL"} if len(s) else {}
    published = evaluation["published_judgement"].fillna("")
    if not stated or not (published != "").any():
        return []
    rows_published = evaluation[published != ""]
    classes = rows_published["published_judgement"].map(published_class)
    if (classes == "none").any():  # a wording not classified (validation warns): its count cannot be told
        return []
    numeric = rows_published["rule"] != "qualitative"
    rows = []
    for field, counted in COUNTED.items():
        r = stated.get(field)
        n_text = _parse_number(r["text"]) if r else None
        if r is None or n_text is None:
            continue
        if counted is None:
            n_table = int(len(classes))
        else:
            n_table = int((classes.isin(counted) & (numeric if field == "count_on_schedule" else True)).sum())
        if int(n_text) != n_table:
            rows.append(_row("ALL", "summary_count", "warning", r["period"], n_text, float(n_table),
                             field, r["source"]))
    return rows


__all__ = ["CHECK_COLUMNS", "check_planned_growth", "count_checks", "office_average_growth", "plan_checks",
           "reconcile"]
