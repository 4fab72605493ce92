"""Rules per indicator type: which points are comparable, the observed status, the projected outlook.

Each rule returns a dict of `Evaluation` fields (see helpers.engine.evaluate); numbers and codes only.

Points. A point is an observed value placed at the time it describes: a column that lags ('2021' holding
2020 data, `Observation.data_period`) is placed at its data period; a half-year value is used only where it
is comparable with an annual target (stocks and shares, not flows, not the seasonal rates of
`vocab/h1.yaml`); values marked 预计 count when `use_stated_estimates` (the row then `rests_on_estimate`).
A point with `breaks_series` starts a new series: the trend and the sustained pace use only the points
from it on. The baseline is the table's (at the year its footnote names, if it names one), else the
first observation (`baseline_substituted`).

Status (observed). progress p = (x − x0)/(x* − x0) on the quantity's scale at the latest point, time share
τ = (t − t0)/(T − t0) at the time that point describes; `judgements.grade` with the tolerance bands. On the
log scale (flows, stocks) p = ln(x/x0)/ln(x*/x0), so a series on its required compound path is exactly on
schedule and the judgement agrees with the CAGR comparison; for shares p is in percentage points, for ranks
in places. The office's linear share (x − x0)/(x* − x0) is kept as `progress_linear`. For a
growth target, p = ln(index so far)/ln(index required over the plan), i.e. the share of the compounded
growth achieved. Binding (约束性) floors and ceilings: each observed year passes or fails; a failing latest
year is `breached` whatever the progress.

Pace test (难以完成). The pace still required from the latest point to the target (on the indicator's
scale: growth in % a year for flows and stocks, pp a year for shares, places a year for ranks) against
the best pace the series has sustained over any window of `pace_window_years` or more, or the fitted
trend's slope if better. 难以完成 when the required pace exceeds `plausible_rate_factor` × that, or when
no pace towards the target has been sustained — unless the trend projection meets the target.

Outlook (projected). Weighted least squares through all comparable points (helpers.engine.projections),
projected to the target year and held within the quantity's bounds; `will_meet` when the projection meets
the target, `close` when its progress ≥ basically_met_progress, else `short`, or `away` below 0.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.engine import projections as pj
from helpers.engine.judgements import grade, near_boundary, outlook_of
from helpers.engine.params import EvaluationParams
from helpers.plan.model import Indicator, Observation, period_time

_ADJUSTED_WORDS = ("指标调整", "调整为", "取消", "停止")
_NEGATIVE_WORDS = ("未完成", "未下达", "未达")
_FASTER_WORDS = ("快于", "高于", "超过")
_EPS = 1e-9


@functools.cache
def _seasonal_words() -> tuple[str, ...]:
    data = yaml.safe_load((Path(__file__).parent / "vocab" / "h1.yaml").read_text(encoding="utf-8"))
    return tuple(data.get("seasonal_name_words") or ())


@dataclass(frozen=True)
class Point:
    period: str  # the column it stands in ('2021', '2023H1'); a year for an H1 estimate
    t: float  # the time it describes
    value: float
    text: str = ""
    is_estimate: bool = False
    comparator: str | None = None
    from_narrative: bool = False
    breaks: bool = False
    h1_growth: float | None = None  # an H1 estimate: the yoy growth it was made from


def d_of(ind: Indicator) -> int:
    return 1 if ind.direction == "up" else -1


def is_partial(o: Observation) -> bool:
    return o.is_partial_year


def status_text(o: Observation) -> str:
    return (o.status or o.text or "").strip()


def h1_comparable(ind: Indicator) -> bool:
    """A half-year value is comparable with the annual target: stocks, ranks and non-seasonal rates."""
    if ind.measure in ("flow", "growth"):
        return False
    return not any(w in ind.name for w in _seasonal_words())


def points(ind: Indicator, obs: Sequence[Observation], p: EvaluationParams,
           notes: list[str]) -> tuple[list[Point], dict[str, Any]]:
    """Comparable level points after the baseline, sorted by time; plus H1 facts (see module doc)."""
    out: dict[float, Point] = {}
    info: dict[str, Any] = {}
    for o in obs:
        if o.value is None or o.value_kind != "level":
            continue
        if is_partial(o) and not h1_comparable(ind):
            info["h1_period"] = o.period
            continue
        if o.is_estimate and not p.use_stated_estimates:
            continue
        t = o.t
        if o.data_period and o.data_period != o.period:
            t = period_time(o.data_period)
            info["data_period"] = o.data_period
            _note(notes, "reporting_lag")
        if o.comparator in ("<", ">", "≤", "≥"):
            _note(notes, "value_censored")
        out[t] = Point(o.period, t, o.value, o.text, o.is_estimate, o.comparator, o.from_narrative, o.breaks_series)
    pts = sorted(out.values(), key=lambda x: x.t)
    # H1 of a flow: yoy growth known; an estimate of the full year only when the office's rule is chosen
    h1 = next((o for o in reversed(obs) if is_partial(o) and o.yoy_growth_pct is not None), None)
    if h1 is not None and ind.measure == "flow":
        info["h1_growth"], info["h1_period"] = h1.yoy_growth_pct, h1.period
        year = int(h1.period[:4])
        prev = next((x.value for x in pts if x.t == float(year - 1)), None)
        if prev is None and ind.baseline_year == year - 1:
            prev = ind.baseline
        can = ind.price_basis != "real"  # a 可比价 growth is never multiplied into a nominal level
        if p.judge_on_h1_estimate and can and prev is not None and all(x.t < year for x in pts):
            est = prev * (1 + h1.yoy_growth_pct / 100)
            pts.append(Point(str(year), float(year), est, h1.text, True, h1.yoy_comparator, h1_growth=h1.yoy_growth_pct))
            _note(notes, "h1_estimate")
    if "h1_period" in info and not any(x.h1_growth is not None for x in pts):
        _note(notes, "h1_not_comparable")
    return pts, info


def _note(notes: list[str], code: str) -> None:
    if code not in notes:
        notes.append(code)


def _drop_note(notes: list[str], code: str) -> None:
    if code in notes:
        notes.remove(code)


def baseline(ind: Indicator, pts: list[Point], notes: list[str]) -> tuple[Point | None, list[Point]]:
    """(baseline point, points after it)."""
    if ind.baseline is not None:
        t0 = float(ind.baseline_year)
        year = baseline_year_from_note(ind)
        if year is not None:
            t0 = float(year)
            _note(notes, "baseline_other_year")
        if ind.baseline_comparator in ("<", ">", "≤", "≥"):
            _note(notes, "baseline_censored")
        base = Point(str(int(t0)), t0, ind.baseline, ind.baseline_text, ind.baseline_is_estimate,
                     ind.baseline_comparator)
        return base, [x for x in pts if x.t > t0]
    if len(pts) >= 2:
        _note(notes, "baseline_substituted")
        return pts[0], pts[1:]
    return None, pts


def baseline_year_from_note(ind: Indicator) -> int | None:
    """The year a footnote on the baseline names when it is not the plan's base year ('*为2019年数据')."""
    year = re.search(r"(19|20)\d\d", ind.baseline_note or "")
    return int(year.group()) if year and int(year.group()) != ind.baseline_year else None


def is_met(ind: Indicator, x: float, xs: float, obs_cmp: str | None, p: EvaluationParams) -> bool:
    d, cmp = d_of(ind), ind.target_comparator
    if cmp == "≈":  # within the tolerance, or beyond the target on the good side (超额)
        return abs(x - xs) <= p.approx_tolerance_pct / 100 * abs(xs) or d * (x - xs) >= 0
    if cmp not in ("≥", ">", "≤", "<"):
        cmp = "≥" if d > 0 else "≤"
    if cmp == "≥":
        return x >= xs - _EPS * max(1.0, abs(xs))
    if cmp == "≤":
        return x <= xs + _EPS * max(1.0, abs(xs))
    # strict: an observation that is itself strict on the same side (＜28 against ＜28) meets it
    return x > xs or (x == xs and obs_cmp == ">") if cmp == ">" else x < xs or (x == xs and obs_cmp == "<")


def level_rule_name(ind: Indicator) -> str:
    if ind.target_kind == "change":
        return f"change_{ind.change_basis or 'absolute'}"
    if ind.measure == "rank":
        return "rank"
    if ind.target_comparator == "≈":
        return "approx"
    kind = "share" if ind.is_share else "level"
    if ind.target_comparator in ("≥", ">"):
        return f"{kind}_floor"
    if ind.target_comparator in ("≤", "<"):
        return f"{kind}_ceiling"
    return f"{kind}_floor" if ind.direction == "up" else f"{kind}_ceiling"


def _tau(t: float, t0: float, T: float) -> float:
    return min(1.0, max(0.0, (t - t0) / (T - t0))) if T > t0 else 1.0


def _pace_test(ind: Indicator, req: float | None, series: list[tuple[float, float]], scale: pj.Scale,
               trend: pj.Trend | None, p: EvaluationParams) -> tuple[float | None, bool | None]:
    """(best sustained pace, is the required pace beyond it?) — None when it cannot be told."""
    d = d_of(ind)
    shown = pj.best_sustained_pace(series, scale, d, p.pace_window_years)
    if trend is not None and (shown is None or d * trend.slope > d * shown):
        shown = trend.slope
    if shown is not None and abs(shown) < 1e-9 * max(1.0, *(abs(pj.to_scale(v, scale)) for _, v in series)):
        shown = 0.0  # a flat series: rounding noise must not give it a direction
    if req is None:
        return shown, None
    if shown is None:
        return None, None
    return shown, d * shown <= 0 or d * req > p.plausible_rate_factor * d * shown


def growth_beside_met(ind: Indicator, obs: Sequence[Observation]) -> bool:
    """A one-year target (an annual plan's) with a growth target beside the level (计划表: 4620亿元, 增长7以上):
    the target year's stated growth meets it. The level then missed (4619.8) is 基本完成, not 未完成: of its
    two targets, the one the plan sets the pace with is met."""
    year = next((o for o in obs if o.period == str(ind.target_year)), None)
    return (year is not None and ind.planned_growth_pct is not None and ind.direction == "up"
            and ind.target_year - ind.baseline_year == 1
            and year.yoy_growth_pct is not None and year.yoy_growth_pct >= ind.planned_growth_pct - _EPS)


def _judge(ind: Indicator, status: str, end: bool, progress: float | None, hard: bool | None,
           shown: float | None, outlook: str, p: EvaluationParams,
           obs: Sequence[Observation] = ()) -> tuple[str, str, str]:
    """(judgement, reason code, judgement_rule) from status, pace test and outlook (module doc)."""
    if end:
        if status == "met":
            return "完成", "end_met", "end_of_period"
        if progress is not None and progress >= p.basically_met_progress - _EPS and status != "breached":
            return "基本完成", "end_basically_met", "end_of_period"
        if status != "breached" and growth_beside_met(ind, obs):
            return "基本完成", "end_growth_met", "end_of_period"
        return "未完成", "end_not_met", "end_of_period"
    if status == "met":
        return "提前完成", "target_met", "met_now"
    if status == "ahead":
        return "快于预期", "ahead_of_schedule", "time_share_bands"
    if status == "on_track":
        return "基本符合预期", "on_schedule", "time_share_bands"
    if status == "bound_not_held":  # no distance to travel: the bound is kept again by returning within it
        return "滞后于进度", "bound_not_held", "bound_held"
    rule = "binding_yearly" if status == "breached" else "pace_and_outlook"
    if outlook == "will_meet":  # the trend reaches the target: never 难以完成
        return "滞后于进度", "binding_breached" if status == "breached" else "behind_schedule", rule
    if status == "regressed" and (hard is None or hard):
        return "难以完成", "moving_away" if shown is None or d_of(ind) * shown <= 0 else "required_pace_unseen", rule
    if hard:
        return "难以完成", "required_pace_unseen", rule
    return "滞后于进度", "binding_breached" if status == "breached" else "behind_schedule", rule


# ---------------------------------------------------------------- level, share, rank, change

def eval_level(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams,
               notes: list[str]) -> dict[str, Any]:
    ev["rule"] = level_rule_name(ind)
    pts, info = points(ind, obs, p, notes)
    ev |= {k: v for k, v in info.items() if k in ("h1_growth", "h1_period", "data_period")}
    base, after = baseline(ind, pts, notes)
    xs = target_value(ind, base)
    ev["target_value"] = xs
    if ind.target is None and xs is None:
        return ev | {"status": "not_evaluable", "reason": "target_not_numeric"}
    if xs is None:
        return ev | {"status": "not_evaluable", "reason": "no_baseline"}
    if not after:
        last = obs[-1] if obs else None
        return ev | {"status": "no_data", "reason": "no_data", "latest_period": last.period if last else "",
                     "latest_text": status_text(last) if last else ""}
    end, T, d = ev["mode"] == "end", float(ind.target_year), d_of(ind)
    last = after[-1]
    x, t = last.value, last.t
    met = is_met(ind, x, xs, last.comparator, p)
    ev |= {"latest_period": last.period, "latest_value": x, "latest_text": last.text,
           "latest_is_estimate": last.is_estimate, "latest_from_narrative": last.from_narrative, "is_met": met,
           "rests_on_estimate": last.is_estimate}
    if last.is_estimate:
        _note(notes, "h1_estimate" if last.h1_growth is not None else "estimate_used")
    if last.from_narrative:
        _note(notes, "narrative_value")
    # binding floors and ceilings: once held (by the base, 粮食产能 ＞6.5, or by a later year, PM2.5 ＜28 reached
    # in 2021) they must hold in every later observed year: pass or fail. A binding target not yet reached
    # (森林覆盖率 23.2 → 24.1) is judged by its progress like any other: short of it is no breach.
    breaches: list[str] = []
    if ind.is_binding and ind.target_comparator != "≈" and ind.target_kind == "level":
        held = [q for q in ([base] if base is not None else []) + list(after)
                if is_met(ind, q.value, xs, q.comparator, p)]
        breaches = [q.period for q in after if held and q.t > held[0].t
                    and not is_met(ind, q.value, xs, q.comparator, p)]
        ev["binding_breaches"] = ";".join(breaches)
        if breaches and breaches[-1] != last.period:
            _note(notes, "binding_breached_earlier")
    if base is None:
        if end and not met and growth_beside_met(ind, obs):  # no base year's value: the growth still tells
            return ev | {"status": "behind", "judgement": "基本完成", "reason": "end_growth_met",
                         "judgement_rule": "end_of_period"}
        status = "met" if met else "not_evaluable"
        judgement = ("完成" if end else "提前完成") if met else ("未完成" if end else "无法评价")
        # at the end of the period a target not reached is 未完成 (end_of_period); before it, without a base
        # no progress can be judged
        rule = "met_now" if met else ("end_of_period" if end else "not_evaluable")
        return ev | {"status": status, "judgement": judgement, "reason": ("end_met" if end else "target_met")
                     if met else "no_baseline", "judgement_rule": rule}
    x0, t0 = base.value, base.t
    tau = _tau(t, t0, T)
    # series for trend and pace: from the last break on, with the baseline when no break follows it
    brk = max((i for i, q in enumerate(after) if q.breaks), default=None)
    series_pts = after[brk:] if brk is not None else [base, *after]
    if brk is not None:
        _note(notes, "series_break")
        ev["break_period"] = after[brk].period
    series = [(q.t, q.value) for q in series_pts]
    scale = pj.scale_of(ind, [v for _, v in series] + [xs, x0])
    wrong_side = d * (xs - x0) < 0
    progress = progress_linear = None
    if wrong_side:
        _note(notes, "target_wrong_side")
    elif xs == x0:
        progress = progress_linear = 1.0 if met else 0.0
    else:
        progress_linear = (x - x0) / (xs - x0)
        # on the quantity's scale: a flow on its required compound path is exactly on schedule
        progress = pj.progress_on(x, x0, xs, scale)
    trend = pj.fit_trend(series, scale, p)
    projection = projected_progress = None
    met_T: bool | None = None
    if trend is not None:
        try:
            raw = trend.at(T)
        except OverflowError:
            raw = math.inf * d
        raw = float(f"{raw:.10g}") if math.isfinite(raw) else (1e300 if raw > 0 else -1e300)  # no rounding noise
        projection, held = pj.clamp(ind, raw)
        if held:
            _note(notes, "projection_bounded")
        met_T = is_met(ind, projection, xs, None, p)
        if not wrong_side and xs != x0 and (scale != "log" or projection > 0):
            projected_progress = pj.progress_on(projection, x0, xs, scale)
    elif ev["mode"] == "mid":
        _note(notes, "few_points")
    outlook = outlook_of(met_T, projected_progress, p)
    # status
    if met and not (breaches and breaches[-1] == last.period):
        status = "met"
    elif breaches and breaches[-1] == last.period:
        status = "breached"
    elif wrong_side and ind.target_comparator in ("<", "≤", ">", "≥"):
        status = "bound_not_held"  # a bound the base already kept (失业率 ＜5.5 from 5.2), not kept now
    elif progress is None:
        status = "behind"
    else:
        status = grade(progress, tau, p)
    req = pj.required_pace(x, xs, t, T, scale) if status != "met" else None
    shown, hard = _pace_test(ind, req, series, scale, trend, p)
    judgement, reason, rule = _judge(ind, status, end, progress, hard, shown, outlook, p, obs)
    if near_boundary(progress, tau, p, end) and status != "met":
        _note(notes, "near_threshold")
    # Open SDG, beside the judgement (not where the target is on the wrong side: see method note)
    # Growth rates are not shown for ranks (places) and shares (percentage points): they move additively.
    growing = scale == "log" or (scale == "linear" and ind.measure in ("flow", "stock"))
    ratio, cls = (None, "target_achieved" if met else "not_applicable")
    if not wrong_side and growing:
        ratio, cls = pj.sdg_progress(x0, x, t0, t, target=xs, target_year=T, direction=ind.direction, params=p,
                                     target_achieved=met)
    cagr_o = pj.safe_cagr(x, x0, t, t0, p) if growing else None
    return ev | {
        "scale": scale, "baseline_used": x0, "baseline_period": base.period, "tau": tau, "progress": progress,
        "status": status, "required_pace": None if req is None else pj.pace_value(req, scale),
        "pace_shown": None if shown is None else pj.pace_value(shown, scale), "pace_unit": pj.PACE_UNITS[scale],
        "trend_slope": None if trend is None else pj.pace_value(trend.slope, scale), "n_points": len(series),
        "projection": projection, "projection_method": f"wls_{scale}" if trend else "",
        "projection_progress": projected_progress, "outlook": outlook,
        "cagr_observed": cagr_o, "cagr_required": pj.safe_cagr(xs, x0, T, t0, p, min_years=0.0) if growing else None,
        "progress_linear": progress_linear,
        "cagr_ratio": ratio, "cagr_class": cls,
        "judgement": judgement, "reason": reason, "judgement_rule": rule,
    }


def target_value(ind: Indicator, base: Point | None) -> float | None:
    """The level the target means in the target year."""
    if ind.target_kind != "change":
        return ind.target
    if ind.target_level is not None:
        return ind.target_level
    if ind.target is None or base is None:
        return None
    c, d = abs(ind.target), change_direction(ind)
    if ind.change_basis == "relative":
        return base.value * (1 + d * c / 100)
    return base.value + d * c


def change_direction(ind: Indicator) -> int:
    """+1 for a rise, −1 for a fall: the plan layer signs the target (下降20% → −20); an unsigned one takes the
    indicator's direction."""
    return -1 if (ind.target is not None and ind.target < 0) or ind.direction == "down" else 1


def eval_change_chain(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams,
                      notes: list[str]) -> dict[str, Any] | None:
    """A change target observed as yearly changes or changes since the base (降低12.1%): compounded."""
    changes = [o for o in obs if o.value is not None and o.value_kind in ("yoy_change", "change_since_base")
               and not is_partial(o)]
    if not changes or ind.target is None:
        return None
    c_target, relative, d = abs(ind.target), ind.change_basis != "absolute", change_direction(ind)
    last = changes[-1]
    # the amount moved the way the target goes: values signed like the target (降低12.1% → −12.1 beside a
    # target of −13.5), or unsigned beside an unsigned target
    sign = -1 if ind.target < 0 else 1
    if last.value_kind == "change_since_base":
        achieved = sign * (last.value or 0.0)
        yearly: list[float] = []
    else:
        yearly = [sign * o.value for o in changes if o.value_kind == "yoy_change" and o.value is not None]
        # relative changes compound: index = Π(1 + d·v/100); absolute ones add
        index = math.prod(1 + d * v / 100 for v in yearly)
        achieved = d * (index - 1) * 100 if relative else sum(yearly)
    progress: float | None = None
    if relative:
        got, need = 1 + d * achieved / 100, 1 + d * c_target / 100
        if got > 0 and need > 0 and need != 1:
            progress = math.log(got) / math.log(need)
    elif c_target:
        progress = achieved / c_target
    t0, T, t = float(ind.baseline_year), float(ind.target_year), last.t
    tau = _tau(t, t0, T)
    met = achieved >= c_target - _EPS
    status = "met" if met else grade(progress, tau, p) if progress is not None else "not_evaluable"
    hard: bool | None = None
    shown = req = None
    if status in ("behind", "regressed") and T > t:
        req = (c_target - achieved) / (T - t)
        runs = [sum(yearly[i:i + k]) / k for k in range(max(2, int(p.pace_window_years)), len(yearly) + 1)
                for i in range(len(yearly) - k + 1)]
        shown = max(runs) if runs else None
        hard = None if shown is None else shown <= 0 or req > p.plausible_rate_factor * shown
    judgement, reason, rule = _judge(ind, status, ev["mode"] == "end", progress, hard, shown, "unknown", p)
    ev["rule"] = f"change_{'relative' if relative else 'absolute'}"
    return ev | {"latest_period": last.period, "latest_value": achieved, "latest_text": last.text,
                 "latest_is_estimate": last.is_estimate, "rests_on_estimate": last.is_estimate,
                 "target_value": c_target, "tau": tau, "progress": progress, "is_met": met, "status": status,
                 "required_pace": req, "pace_shown": shown, "pace_unit": "pp_per_year", "scale": "linear",
                 "judgement": judgement, "reason": reason, "judgement_rule": rule, "outlook": "unknown"}


# ---------------------------------------------------------------- growth targets and growth-rate indicators

@dataclass(frozen=True)
class Growth:
    """Realised growth since the baseline: the compounded index and its average rate."""

    index: float
    years: float  # years the index covers
    t0: float
    t: float
    period: str
    rates: tuple[float, ...]  # yearly rates in % where known (stated or from consecutive levels)
    is_estimate: bool = False
    basis: str = "levels"  # levels | stated_rates
    base: Point | None = None
    level: float | None = None

    @property
    def rate_pct(self) -> float:
        return (self.index ** (1 / self.years) - 1) * 100 if self.years > 0 else 0.0


def growth_since_base(ind: Indicator, obs: Sequence[Observation], p: EvaluationParams, notes: list[str],
                      until: float | None = None) -> Growth | None:
    """Observations that are rates themselves (measure growth, or % of a growth target), else levels; for
    levels of a 可比价 (real) growth target, the stated yoy rates when every year has one."""
    t0 = float(ind.baseline_year)
    full = [o for o in obs if not is_partial(o) and o.t > t0 and (until is None or o.t <= until)]
    rates_obs = [o for o in full if o.value is not None]
    h1 = [o for o in obs if is_partial(o) and o.value is not None and (until is None or o.t <= until)]
    if ind.measure == "growth" or (ind.target_kind in ("growth", "relational") and ind.unit.strip() in ("%", "％")):
        chosen = [(o.period, o.t if not o.data_period else period_time(o.data_period), o.value, o.is_estimate)
                  for o in rates_obs if o.value_kind in ("level", "yoy_change")]
        if h1 and (not chosen or h1[-1].t > chosen[-1][1]):
            if p.judge_on_h1_estimate:  # the office's rule: the half-year rate stands for its year
                o = h1[-1]
                chosen.append((o.period[:4], float(o.period[:4]), o.value, True))
                _note(notes, "h1_estimate")
            else:
                _note(notes, "h1_not_comparable")
        if not chosen:
            return None
        rates = tuple(v for _, _, v, _ in chosen)
        index = math.prod(1 + g / 100 for g in rates)
        if index <= 0:
            return None
        return Growth(index, float(len(rates)), t0, chosen[-1][1], chosen[-1][0], rates, chosen[-1][3],
                      "stated_rates")
    if ind.price_basis == "real" and (stated := _stated_rates(ind, full, t0)) is not None:
        return stated  # a target at comparable prices: the real rates, never the current-price levels
    pts, _ = points(ind, obs, p, notes)
    pts = [x for x in pts if until is None or x.t <= until]
    base, after = baseline(ind, pts, notes)
    if base is None or not after or base.value <= 0 or after[-1].value <= 0:
        # no base level (an annual plan's table without 上年值): the growth the table states for every year
        return _stated_rates(ind, full, t0)
    last = after[-1]
    chain = [base, *after]
    rates = tuple((b.value / a.value) ** (1 / (b.t - a.t)) * 100 - 100 for a, b in zip(chain, chain[1:], strict=False)
                  if a.value > 0 and b.value > 0 and b.t > a.t)
    return Growth(last.value / base.value, last.t - base.t, base.t, last.t, last.period, rates, last.is_estimate,
                  "levels", base, last.value)


def eval_growth(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams,
                notes: list[str]) -> dict[str, Any]:
    """Average growth against the target rate; progress = share of the compounded growth achieved."""
    ev["rule"] = "growth_measure" if ind.measure == "growth" else "growth_rate"
    g = ind.target
    ev["target_value"] = g
    if g is None:
        return ev | {"status": "not_evaluable", "reason": "target_not_numeric"}
    gr = growth_since_base(ind, obs, p, notes)
    if gr is None:
        to_date = year_to_date_rate(ind, obs) if ev["mode"] != "end" and not p.judge_on_h1_estimate else None
        if to_date is not None:
            _drop_note(notes, "h1_not_comparable")
            return ev | year_to_date_pace(ind, *to_date, p)
        return ev | {"status": "no_data", "reason": "no_data"}
    end, T, d = ev["mode"] == "end", float(ind.target_year), d_of(ind)
    span = T - gr.t0
    needed = (1 + g / 100) ** span
    r = gr.rate_pct
    # a 左右 target is met within its tolerance, as a level's is (7.8 against 增长8%左右: 湖北 2017 trial)
    met = d * (math.log(gr.index) - math.log(needed)) >= -_EPS or (
        ind.target_comparator == "≈" and is_met(ind, r, g, None, p))
    tau = _tau(gr.t, gr.t0, T)
    progress = math.log(gr.index) / math.log(needed) if needed != 1 else None
    status = "met" if met else grade(progress, tau, p) if progress is not None else (
        "on_track" if d * r >= d * g else "behind")
    left = T - gr.t
    req = ((needed / gr.index) ** (1 / left) - 1) * 100 if left > 0 and not met else None
    k = max(int(round(p.pace_window_years)), 1)
    runs = [(math.prod(1 + x / 100 for x in gr.rates[i:i + n]) ** (1 / n) - 1) * 100
            for n in range(k, len(gr.rates) + 1) for i in range(len(gr.rates) - n + 1)]
    shown = max(runs, key=lambda v: d * v) if runs else None
    hard = None if req is None or shown is None else d * shown <= 0 or d * req > p.plausible_rate_factor * d * shown
    judgement, reason, rule = _judge(ind, status, end, progress, hard, shown, "unknown", p)
    if rule == "time_share_bands" or rule == "end_of_period" or rule == "met_now":
        rule = "growth_average" if rule != "end_of_period" else rule
    if gr.is_estimate:
        _note(notes, "estimate_used" if "h1_estimate" not in notes else "h1_estimate")
    ratio = r / abs(g) if g else None
    out = ev | {
        "scale": "log", "latest_period": gr.period, "latest_value": r, "latest_is_estimate": gr.is_estimate,
        "rests_on_estimate": gr.is_estimate, "tau": tau, "progress": progress, "is_met": met, "status": status,
        "required_pace": req, "pace_shown": shown, "pace_unit": "pct_per_year", "n_points": len(gr.rates) + 1,
        "cagr_observed": r / 100, "cagr_required": g / 100, "cagr_ratio": ratio,
        "cagr_class": pj.sdg_status(ratio, p.sdg_thresholds, met), "outlook": "will_meet" if d * r >= d * g else
        "short" if d * r > 0 else "away", "judgement": judgement, "reason": reason, "judgement_rule": rule,
        "growth_basis": gr.basis,
    }
    if gr.base is not None:
        out |= {"baseline_used": gr.base.value, "baseline_period": gr.base.period}
    if gr.level is not None and left >= 0:
        out |= {"projection": gr.level * (1 + r / 100) ** left, "projection_method": "cagr"}
    return out


def year_to_date_rate(ind: Indicator, obs: Sequence[Observation]) -> tuple[Observation, float] | None:
    """The latest year-to-date cumulative year-on-year growth (上半年累计增长, 1至7月增长) of a year after the base
    year that has no full-year value yet: the indicator's own value when it is a rate of growth, else the stated yoy
    growth beside the value (at comparable prices when the target is)."""
    full = {int(o.t) for o in obs if not is_partial(o) and o.value is not None}
    for o in reversed(obs):
        year = int(o.period[:4])
        if not is_partial(o) or year <= ind.baseline_year or year in full:
            continue
        rate = stated_growth(ind, o)
        if rate is not None:
            return o, rate
    return None


def _stated_rates(ind: Indicator, full: Sequence[Observation], t0: float) -> Growth | None:
    """The growth compounded from the yearly rates the table states (stated_growth), when every year from the
    base year on has one."""
    stated = [(o, g) for o in full if (g := stated_growth(ind, o)) is not None]
    if not stated or [int(o.t) for o, _ in stated] != list(range(int(t0) + 1, int(stated[-1][0].t) + 1)):
        return None
    rates = tuple(g for _, g in stated)
    last = stated[-1][0]
    return Growth(math.prod(1 + g / 100 for g in rates), float(len(rates)), t0, last.t, last.period, rates,
                  last.is_estimate, "stated_rates")


def _year_to_date_growth(ind: Indicator, obs: Sequence[Observation]) -> Growth | None:
    found = year_to_date_rate(ind, obs)
    if found is None:
        return None
    o, rate = found
    return Growth(1 + rate / 100, 1.0, float(ind.baseline_year), o.t, o.period, (rate,), o.is_estimate, "stated_rates")


def stated_growth(ind: Indicator, o: Observation) -> float | None:
    """The growth on the same period of the year before that an observation states, in %: the indicator's own
    value when it is a rate of growth, else the growth beside the value (at comparable prices when the target
    is), else the value itself when it is that change (同比增长11.4% of a level in 亿元, never points of a %)."""
    real = o.real_growth_pct if ind.price_basis == "real" else None
    if real is not None:
        return real
    if ind.measure == "growth":
        return o.value
    if o.yoy_growth_pct is not None:
        return o.yoy_growth_pct
    return o.value if o.value_kind == "yoy_change" and ind.unit.strip() not in ("%", "％") else None


def year_to_date_pace(ind: Indicator, o: Observation, rate: float, p: EvaluationParams) -> dict[str, Any]:
    """序时进度: a year-to-date cumulative growth against the yearly growth the target requires, as offices judge
    the year so far (上半年增长9.2%，高于年度目标0.7个百分点，达到序时进度). A rate reaches the pace or falls short
    of it; a rising target's rate at least (1 + ahead_band) times the target's (on the log scale) is 快于预期.
    Neither 提前完成 nor 难以完成: part of a year says nothing of the level reached or of the pace the rest needs."""
    g, d = ind.target, d_of(ind)
    ratio = math.log1p(rate / 100) / math.log1p(g / 100) if g and rate > -100 and g > -100 else None
    reached = is_met(ind, rate, g, None, p)  # the comparator's own test: 以上, 高于, 左右 (within its tolerance)
    status = ("ahead" if reached and d > 0 and ratio is not None and ratio >= 1 + p.ahead_band - _EPS else
              "on_track" if reached else "behind")
    judgement = {"ahead": "快于预期", "on_track": "基本符合预期", "behind": "滞后于进度"}[status]
    return {"scale": "log", "latest_period": o.period, "latest_value": rate, "latest_is_estimate": o.is_estimate,
            "rests_on_estimate": o.is_estimate, "is_met": False, "status": status, "n_points": 1,
            "h1_growth": rate, "h1_period": o.period, "outlook": "unknown",
            "judgement": judgement, "reason": "pace_to_date_reached" if reached else "pace_to_date_short",
            "judgement_rule": "year_to_date_pace"}


def eval_relational(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams,
                    notes: list[str], reference: Indicator | None) -> dict[str, Any]:
    """Growth of the indicator against the growth of the reference indicator over the same years."""
    ev["rule"] = "relational"
    ev["reference_code"] = reference.code if reference is not None else ind.reference_code
    gr = growth_since_base(ind, obs, p, notes)
    ref_gr = None
    if gr is not None and reference is not None:
        ref_obs = [o for o in reference.observations if o.t <= gr.t]
        ref_gr = growth_since_base(reference, ref_obs, p, [], until=gr.t)
    elif gr is None and ev["mode"] != "end":
        # no full year yet: the year-to-date growth of both, of the same period (收入增长2.1% against GDP's 6.2%)
        gr = _year_to_date_growth(ind, obs)
        if gr is not None:
            _drop_note(notes, "h1_not_comparable")
            ref = _year_to_date_growth(reference, reference.observations) if reference is not None else None
            ref_gr = ref if ref is not None and ref.period == gr.period else None
    if gr is None:
        return ev | {"status": "no_data", "reason": "no_data"}
    if ref_gr is None:
        return ev | {"status": "not_evaluable", "reason": "reference_missing", "latest_value": gr.rate_pct,
                     "latest_period": gr.period}
    r, ref = gr.rate_pct, ref_gr.rate_pct
    faster_required = any(w in ind.target_text for w in _FASTER_WORDS)
    met = r > ref if faster_required else r >= ref - p.sync_tolerance_pp
    faster = r > ref + p.sync_tolerance_pp
    end = ev["mode"] == "end"
    reason = "relational_faster" if met and faster else "relational_in_step" if met else "relational_slower"
    if end:
        judgement = "完成" if met else "未完成"
    else:
        judgement = "快于预期" if met and faster else "基本符合预期" if met else "滞后于进度"
    ratio = r / abs(ref) if ref else None
    if gr.is_estimate or ref_gr.is_estimate:
        _note(notes, "estimate_used")
    return ev | {
        "latest_period": gr.period, "latest_value": r, "latest_is_estimate": gr.is_estimate,
        "rests_on_estimate": gr.is_estimate or ref_gr.is_estimate, "reference_growth": ref, "target_value": None,
        "is_met": met, "status": "ahead" if met and faster else "on_track" if met else "behind",
        "cagr_observed": r / 100, "cagr_required": ref / 100, "cagr_ratio": ratio,
        "cagr_class": pj.sdg_status(ratio, p.sdg_thresholds, met), "judgement": judgement, "reason": reason,
        "judgement_rule": "relational_growth", "tau": _tau(gr.t, gr.t0, float(ind.target_year)),
    }


# ---------------------------------------------------------------- period totals

def _is_bracketed(text: str) -> bool:
    return text.strip().startswith(("[", "［", "【", "〔"))


def eval_cumulative(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams,
                    notes: list[str]) -> dict[str, Any]:
    """Target = a total over the plan years ([5], 〔110〕万套): the sum of the yearly values since the base."""
    ev["rule"] = "cumulative"
    total, t0, T, d = ind.target, float(ind.baseline_year), float(ind.target_year), d_of(ind)
    ev["target_value"] = total
    end = ev["mode"] == "end"
    values = [o for o in obs if o.value is not None and o.t > t0]
    if total is None:
        return ev | {"status": "not_evaluable", "reason": "target_not_numeric"}
    if not values:
        return ev | {"status": "no_data", "reason": "no_data"}
    last = values[-1]
    if _is_bracketed(last.text) or last.value_kind == "period_total":  # the office gives the running total
        parts, yearly = [last], []
    else:
        parts = [o for o in values if not is_partial(o) and not _is_bracketed(o.text)]
        if is_partial(last) and ind.measure == "flow":  # half a year of a flow is genuinely part of the total
            parts.append(last)
        yearly = [o.value for o in parts if not is_partial(o) and o.value is not None]
    if not parts:
        return ev | {"status": "no_data", "reason": "no_data"}
    s = sum(o.value for o in parts if o.value is not None)
    t = parts[-1].t
    tau = _tau(t, t0, T)
    progress = s / total if total else None
    met = d * (s - total) >= 0
    if d < 0:  # a cap on the total: fine while the running total stays within its time share
        status = "breached" if s > total else "on_track" if s <= tau * total + _EPS else "behind"
        met = False if not end else s <= total
        if end and met:
            status = "met"
    else:
        status = "met" if met else grade(progress, tau, p) if progress is not None else "not_evaluable"
    req = (total - s) / (T - t) if T > t and d > 0 and not met else None
    k = max(int(round(p.pace_window_years)), 1)
    runs = [sum(yearly[i:i + n]) / n for n in range(k, len(yearly) + 1) for i in range(len(yearly) - n + 1)]
    shown = max(runs) if runs else None
    hard = None if req is None or shown is None else shown <= 0 or req > p.plausible_rate_factor * shown
    judgement, reason, rule = _judge(ind, status, end, progress, hard, shown, "unknown", p)
    projection = s + s / (t - t0) * max(T - t, 0) if t > t0 else None
    if last.is_estimate:
        _note(notes, "estimate_used")
    return ev | {
        "scale": "linear", "latest_period": parts[-1].period, "latest_value": s, "latest_text": last.text,
        "latest_is_estimate": last.is_estimate, "rests_on_estimate": last.is_estimate, "tau": tau,
        "progress": progress, "is_met": met, "status": status, "required_pace": req, "pace_shown": shown,
        "pace_unit": "unit_per_year", "n_points": len(parts), "projection": projection,
        "projection_method": "period_average" if projection is not None else "",
        "outlook": "unknown" if projection is None else "will_meet" if d * (projection - total) >= 0 else "short",
        "judgement": judgement, "reason": reason, "judgement_rule": rule,
    }


# ---------------------------------------------------------------- qualitative and adjusted

def eval_qualitative(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any]) -> dict[str, Any]:
    ev["rule"] = "qualitative"
    end = ev["mode"] == "end"
    for o in reversed(obs):
        s = status_text(o)
        negative = any(w in s for w in _NEGATIVE_WORDS)
        if negative or "完成" in s or "下达指标" in s:
            met = not negative
            judgement = ("完成" if end else "基本符合预期") if met else ("未完成" if end else "滞后于进度")
            return ev | {"latest_period": o.period, "latest_text": s, "latest_is_estimate": o.is_estimate,
                         "rests_on_estimate": o.is_estimate, "is_met": met,
                         "status": "on_track" if met else "behind", "judgement": judgement,
                         "reason": "qualitative_met" if met else "qualitative_not_met",
                         "judgement_rule": "qualitative_status"}
    last = obs[-1] if obs else None
    return ev | {"status": "not_evaluable", "reason": "qualitative_no_status",
                 "latest_text": status_text(last) if last else ""}


def adjusted(obs: Sequence[Observation]) -> Observation | None:
    last = obs[-1] if obs else None
    if last is not None and last.value is None and any(w in status_text(last) for w in _ADJUSTED_WORDS):
        return last
    return None


__all__ = [
    "Growth", "Point", "adjusted", "baseline", "d_of", "eval_change_chain", "eval_cumulative", "eval_growth",
    "eval_level", "eval_qualitative", "eval_relational", "growth_since_base", "h1_comparable", "is_met",
    "is_partial", "level_rule_name", "points", "status_text", "target_value",
]
