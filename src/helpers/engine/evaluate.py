"""Evaluation engine: judge one plan indicator as of a reporting period. Numbers and codes only.

Modules: `params` (thresholds), `projections` (scales, bounds, trends, paces, Open SDG), `rules` (per
indicator type: comparable points, status, outlook), `judgements` (the graded scale, coarse and published
classes), `proposals`, `checks` (reconciliation and plan checks), `reasons` (every code the engine
returns), `assessment` (a whole locality → evaluation.csv, checks.csv, the summary for data/summary/<id>.json), `method` + `method.yaml`
(every rule and threshold with its Chinese name, for the review's method appendix).

Method (English; the Chinese appendix is rendered from method.yaml)
------------------------------------------------------------------
1. Observed status first. The latest observed comparable value (see `rules` for which points are
   comparable: full-year levels; half-year values of stocks and non-seasonal shares; columns that lag are
   placed at their data period) gives progress p = (x − x0)/(x* − x0) on the quantity's scale (for flows
   and stocks ln(x/x0)/ln(x*/x0), so the judgement agrees with the growth comparison) against the time share
   τ = (t − t0)/(T − t0) at the time the value describes. Status: met (target reached) / ahead
   (p ≥ (1 + ahead_band)τ) / on_track (p ≥ (1 − on_track_band)τ) / behind / regressed (p < 0) /
   breached (a binding floor or ceiling, once held, fails in the latest observed year) / bound_not_held (a
   floor or ceiling the baseline already kept, 失业率 ＜5.5 from 5.2, is not kept now: 滞后于进度, rule
   `bound_held`; there is no distance to travel, so no progress and no pace test).
2. Projected outlook second. A weighted least-squares trend through every comparable point (never two
   points: at least `min_trend_points`), on the quantity's scale (log for flows and stocks, percentage
   points for shares, places for ranks), projected to the target year and held in bounds.
3. Combination rule (`judgement_rule`): met → 提前完成; ahead → 快于预期; on_track → 基本符合预期
   (`time_share_bands`); behind, regressed or breached → the pace test (`pace_and_outlook`, or
   `binding_yearly`): 难以完成 when the pace still required exceeds `plausible_rate_factor` × the best pace
   sustained over `pace_window_years` or more (or the trend slope), or when no pace towards the target was
   ever sustained; but never 难以完成 when the trend projection meets the target; else 滞后于进度.
   End of period (`end_of_period`): 完成 when met; 基本完成 when p ≥ basically_met_progress; else 未完成.
   With `judge_on_h1_estimate` the office's rule applies: a flow's half-year yoy growth makes a full-year
   estimate (never a 可比价 growth into a nominal level), and `rests_on_estimate` is true.
4. Types. Growth targets and growth-rate indicators: average growth (compounded) against the target rate,
   progress = ln(index achieved)/ln(index required) (`growth_average`). Relational targets: the growth of
   the indicator against the growth of `reference_code`'s indicator over the same years, in step within
   `sync_tolerance_pp` (`relational_growth`). Period totals: the sum of the yearly values against the total.
   Change targets: relative changes compound (〔13.5〕% of an intensity from yearly declines), absolute
   changes add to the base (〔1〕 year of life expectancy → target level x0 + 1).
5. Open SDG's CAGR ratio and class are shown beside the judgement, equal to Open SDG's on its vectors.
   Deliberate difference: where the target lies on the other side of the base (a floor below the base,
   a ceiling above it), the required CAGR points against the desired direction, so their ratio measures
   nothing; the project then shows no ratio (`cagr_class` target_achieved or not_applicable) and judges
   by the met test, the binding test and the pace test. No growth rates (CAGR, ratio) are shown for ranks
   and shares either: they move in places and percentage points.

Columns of `Evaluation` (and evaluation.csv; see assessment.EVALUATION_COLUMNS for the added columns)
----------------------------------------------------------------------------------------------------
| column | meaning |
| --- | --- |
| code, name, as_of | indicator and reporting period |
| mode | mid (before the target year) or end |
| rule | indicator rule: level_floor, level_ceiling, share_floor, share_ceiling, rank, approx, growth_rate, growth_measure, relational, cumulative, change_relative, change_absolute, qualitative |
| target | the target text, verbatim |
| target_value | the number it means: a level (for change targets, the level in the target year), a rate in % (growth), a total (cumulative), the change itself (change observed as yearly changes) |
| scale | log, pp, places or linear: the scale of trend and pace |
| baseline_used, baseline_period | x0 and its period (the first observation when substituted) |
| latest_period, latest_value, latest_text | the observation the status rests on; for growth and relational rules latest_value is the realised average growth in %, for cumulative the running total, for a change observed as yearly changes the change achieved |
| latest_is_estimate, latest_from_narrative | it is an estimate (预计 or H1 estimate); it comes from the narrative |
| rests_on_estimate | the judgement rests on an estimate |
| h1_period, h1_growth | the latest year-to-date period (2023H1, 2023M07) and its yoy growth (%) where stated |
| data_period | for a lagging column: the period its figure describes |
| tau, progress | time share and progress at the latest point (fractions), progress on the quantity's scale (log for flows and stocks) |
| progress_linear | the office's linear share (x − x0)/(x* − x0) ("任务过半") |
| status | met, ahead, on_track, behind, regressed, breached, no_data, not_evaluable, adjusted |
| is_met | the latest value meets the target |
| binding_breaches | binding indicators: `;`-separated periods whose value failed the floor/ceiling |
| required_pace, pace_shown, pace_unit | the pace still required, the best sustained pace seen (pct_per_year, pp_per_year, places_per_year, unit_per_year) |
| trend_slope, n_points | slope of the fitted trend (pace units); number of comparable points |
| projection, projection_method, projection_progress | trend value at the target year (wls_log, wls_pp, wls_places, wls_linear, cagr, period_average), and its progress |
| outlook | will_meet, close, short, away, unknown |
| break_period | first period of the new series after a break |
| cagr_observed, cagr_required, cagr_ratio, cagr_class | Open SDG (fractions) |
| reference_code, reference_growth | relational targets: the reference indicator and its average growth (%) |
| growth_basis | growth rules: levels (CAGR of the table's levels) or stated_rates (the stated yearly rates, e.g. 可比价) |
| judgement, judgement_rule, reason | graded judgement, the rule that combined status and outlook, reason code (reasons.py) |
| quality_notes | `;`-separated data-quality codes (reasons.py, kind quality) |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Literal

from helpers.engine import rules
from helpers.engine.checks import check_planned_growth
from helpers.engine.judgements import Coarse, Judgement, coarse_class, coarse_published, published_class
from helpers.engine.params import EvaluationParams
from helpers.engine.projections import growth_rate, sdg_progress, sdg_status
from helpers.engine.proposals import propose
from helpers.plan.model import Indicator, is_year_to_date, period_time

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Evaluation:
    """One indicator judged as of a period (columns: module doc)."""

    code: str
    name: str
    as_of: str
    mode: Literal["mid", "end"]
    rule: str = ""
    target: str = ""
    target_value: float | None = None
    scale: str = ""
    baseline_used: float | None = None
    baseline_period: str = ""
    latest_period: str = ""
    latest_value: float | None = None
    latest_text: str = ""
    latest_is_estimate: bool = False
    latest_from_narrative: bool = False
    rests_on_estimate: bool = False
    h1_period: str = ""
    h1_growth: float | None = None
    data_period: str = ""
    tau: float | None = None
    progress: float | None = None
    progress_linear: float | None = None
    status: str = "not_evaluable"
    is_met: bool | None = None
    binding_breaches: str = ""
    required_pace: float | None = None
    pace_shown: float | None = None
    pace_unit: str = ""
    trend_slope: float | None = None
    n_points: int = 0
    projection: float | None = None
    projection_method: str = ""
    projection_progress: float | None = None
    outlook: str = "unknown"
    break_period: str = ""
    cagr_observed: float | None = None
    cagr_required: float | None = None
    cagr_ratio: float | None = None
    cagr_class: str = ""
    reference_code: str = ""
    reference_growth: float | None = None
    growth_basis: str = ""
    judgement: Judgement = "无法评价"
    judgement_rule: str = "not_evaluable"
    reason: str = ""
    quality_notes: str = ""

    @property
    def half_year_rule(self) -> str:
        """Compatibility: how a half-year value entered (h1_yoy_estimate, h1_direct, latest_full_year, '')."""
        if "h1_estimate" in self.quality_notes.split(";"):
            return "h1_yoy_estimate"
        if is_year_to_date(self.latest_period):
            return "h1_direct"
        return "latest_full_year" if self.h1_period else ""


def evaluate(indicator: Indicator, as_of: str, params: EvaluationParams | None = None,
             reference: Indicator | None = None) -> Evaluation:
    """Judge one indicator with the observations up to `as_of` (mid-term, or end of period from T on).

    `reference` is the indicator a relational target compares with (its `reference_code`).
    """
    p = params or EvaluationParams()
    ind = indicator
    now = period_time(as_of)
    obs = sorted((o for o in ind.observations if o.t <= now), key=lambda o: o.t)
    mode = "end" if now >= ind.target_year else "mid"
    T, t0 = float(ind.target_year), float(ind.baseline_year)
    ev: dict[str, Any] = {"code": ind.code, "name": ind.name, "as_of": as_of, "mode": mode,
                          "target": ind.target_text, "target_value": ind.target,
                          "tau": min(1.0, max(0.0, (now - t0) / (T - t0))) if T > t0 else 1.0}
    notes: list[str] = []
    if ind.target_kind == "cumulative" and ind.measure not in ("flow", "growth"):
        # a bracketed total on a level (〔1〕 on life expectancy, 〔13.5〕 on an intensity) is a change of the
        # level over the plan, never a sum of levels
        # (the plan layer states change_basis; without it a % unit means a relative change, 〔13.5〕% of an intensity)
        basis = ind.change_basis or ("relative" if ind.unit.strip() in ("%", "％") else "absolute")
        ind = replace(ind, target_kind="change", change_basis=basis)
    try:
        stopped = rules.adjusted(obs)
        if stopped is not None:
            ev |= {"rule": rules.level_rule_name(ind) if ind.target_kind == "level" else ind.target_kind,
                   "latest_period": stopped.period, "latest_text": rules.status_text(stopped), "status": "adjusted",
                   "judgement": "指标调整", "reason": "indicator_adjusted", "judgement_rule": "status_text"}
        elif ind.target_kind == "not_stated":
            ev |= {"rule": "not_stated", "status": "not_evaluable", "reason": "target_not_stated"}
        elif ind.target_kind == "qualitative":
            ev = rules.eval_qualitative(ind, obs, ev)
        elif ind.target_kind == "relational":
            ev = rules.eval_relational(ind, obs, ev, p, notes, reference)
        # a change over the period observed as yearly changes (能耗降低 〔13.5〕 from 下降2.7%, …) compounds them,
        # also where the values are rates (measure growth): before the growth-rate rule
        elif ind.target_kind == "change" and (chained := rules.eval_change_chain(ind, obs, ev, p, notes)):
            ev = chained
        elif ind.target_kind == "growth" or ind.measure == "growth":
            ev = rules.eval_growth(ind, obs, ev, p, notes)
        elif ind.target_kind == "cumulative":
            ev = rules.eval_cumulative(ind, obs, ev, p, notes)
        else:
            ev = rules.eval_level(ind, obs, ev, p, notes)
    except (OverflowError, ZeroDivisionError, ValueError):  # absurd magnitudes: say so, do not crash the run
        ev = {k: ev[k] for k in ("code", "name", "as_of", "mode", "tau", "target", "target_value") if k in ev}
        ev |= {"reason": "overflow", "status": "not_evaluable"}
    if not ev.get("reason"):
        ev["reason"] = "no_data"
    if ev.get("judgement", "无法评价") == "无法评价":
        ev.setdefault("judgement_rule", "not_evaluable")
    ev["quality_notes"] = ";".join(notes)
    known = {f.name for f in fields(Evaluation)}
    return Evaluation(**{k: v for k, v in ev.items() if k in known})


def evaluations_frame(evaluations: Sequence[Evaluation]) -> pd.DataFrame:
    """One row per evaluation, columns in the order of the Evaluation fields."""
    import pandas as pd

    columns = [f.name for f in fields(Evaluation)]
    return pd.DataFrame([[getattr(e, c) for c in columns] for e in evaluations], columns=columns)


__all__ = [
    "Coarse", "Evaluation", "EvaluationParams", "Judgement", "check_planned_growth", "coarse_class",
    "coarse_published", "evaluate", "evaluations_frame", "growth_rate", "propose", "published_class",
    "sdg_progress", "sdg_status",
]
