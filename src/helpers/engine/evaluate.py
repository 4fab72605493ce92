"""Evaluation engine: judge one plan indicator as of a reporting period.

Pure functions on the typed records of `helpers.plan.model`; no I/O, and pandas only in `evaluations_frame`.

Conventions (time as in `period_time`: a year's value stands at its end, '2023H1' is 2022.5):
- x0 baseline at t0, x latest comparable actual at t, x* target at T; d = +1 (up) or -1 (down).
- progress p = (x − x0)/(x* − x0); elapsed share tau = (t − t0)/(T − t0) clipped to [0, 1].
  "时间过半、任务过半" is p ≥ tau − tau_tolerance.
- cagr_observed / cagr_required / cagr_ratio are fractions (0.05 = 5 %), as in Open SDG;
  fields ending in `_pct` are percentages.
- gap_pct: shortfall of the trend projection at T (projection_method) from the target, in % of |target|
  (> 0 = short of the target, in either direction); 0 when the target is met now or by the projection.
  For growth and relational rules it is the shortfall of the realised rate in % of the target rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from helpers.plan.model import Indicator, Observation, period_time

if TYPE_CHECKING:
    import pandas as pd

Judgement = Literal["提前完成", "符合进度", "滞后", "难以完成", "完成", "基本完成", "未完成", "无法评价", "指标调整"]
Coarse = Literal["met", "not_met", "not_evaluated"]

_COARSE: dict[str, Coarse] = {
    "提前完成": "met", "符合进度": "met", "完成": "met", "基本完成": "met",
    "滞后": "not_met", "难以完成": "not_met", "未完成": "not_met",
    "无法评价": "not_evaluated", "指标调整": "not_evaluated",
}
_ADJUSTED_WORDS = ("指标调整", "调整为", "取消", "停止")  # status texts saying the indicator changed or stopped
_NEGATIVE_WORDS = ("未完成", "未下达", "未达")
_FASTER_WORDS = ("快于", "高于", "超过")  # relational targets that must be strictly faster
_EPS = 1e-9  # progress exactly at the time share counts as on schedule despite rounding
_RULES = {"growth": "growth_rate", "relational": "relational", "cumulative": "cumulative", "qualitative": "qualitative"}


@dataclass(frozen=True)
class EvaluationParams:
    """Thresholds of the engine; the `evaluate` section of params.yaml (same key names)."""

    tau_tolerance: float = 0.0  # on schedule when progress >= tau - tau_tolerance
    approx_tolerance_pct: float = 5.0  # a 左右 (≈) target is met within ± this % of the target
    basically_met_progress: float = 0.9  # end of period: 基本完成 when progress >= this
    plausible_rate_factor: float = 1.0  # 滞后 (not 难以完成) when required rate <= factor × best observed
    growth_check_pp: float = 0.5  # flag a planned growth that differs from baseline→target CAGR by more
    sync_tolerance_pp: float = 0.5  # 与经济增长基本同步: met when growth >= reference − this
    progress_check_pp: float = 1.0  # flag a stated 完成进度 that differs from the table's by more than this
    min_cagr_years: float = 1.0  # Open SDG: no growth result with less than a year between the points
    sdg_thresholds: tuple[float, float, float] = (0.95, 0.6, 0.0)  # Open SDG with target (high, med, low)
    sdg_thresholds_no_target: tuple[float, float, float] = (0.015, 0.005, 0.0)  # Open SDG, no target

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> EvaluationParams:
        """Build from a params.yaml section; unknown keys are an error (a typo must not pass silently)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(mapping) - known)
        if unknown:
            raise ValueError(f"unknown evaluate parameter(s): {', '.join(unknown)}")
        values: dict[str, Any] = {k: tuple(float(x) for x in v) if isinstance(v, (list, tuple)) else float(v)
                                  for k, v in mapping.items()}
        return cls(**values)


@dataclass(frozen=True)
class Evaluation:
    """One indicator judged as of a period: the numbers behind the judgement, and why (see module doc)."""

    code: str
    name: str
    as_of: str
    mode: Literal["mid", "end"]  # end when period_time(as_of) >= target_year
    rule: str = ""  # level_floor | level_ceiling | rank | approx | growth_rate | cumulative | qualitative | relational
    half_year_rule: str = ""  # h1_direct | h1_yoy_estimate | latest_full_year | ''
    baseline_used: float | None = None
    baseline_period: str = ""
    is_baseline_substituted: bool = False  # baseline missing: first available observation used
    latest_period: str = ""  # for an H1-based estimate: the year it stands for ('2023')
    latest_value: float | None = None  # level; realised average growth (%) for growth/relational; sum for cumulative
    latest_is_estimate: bool = False
    latest_is_lower_bound: bool = False  # estimated from a growth stated as 高于 g%
    tau: float | None = None
    progress: float | None = None
    is_met: bool | None = None
    is_on_schedule: bool | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    cagr_ratio: float | None = None
    cagr_class: str = ""  # Open SDG status: target_achieved, substantial_progress, … , not_available
    required_growth_pct: float | None = None  # from the latest actual to the target by T, % per year
    required_step: float | None = None  # same, as a linear change per year (target units)
    required_basis: str = ""  # growth | step: which of the two the plausibility test uses
    best_observed: float | None = None  # best annual change seen so far, in the required_basis units
    is_required_plausible: bool | None = None
    projection_cagr: float | None = None
    projection_linear: float | None = None
    projection_method: str = ""  # cagr | linear: the projection used for gap_pct and proposals
    gap_pct: float | None = None
    judgement: Judgement = "无法评价"
    reason: str = ""  # Chinese sentence with the numbers behind the judgement


# ---------------------------------------------------------------- Open SDG (sdg-build ProgressMeasure.py)

def growth_rate(current: float, base: float, t: float, t0: float) -> float:
    """Compound annual growth rate, as Open SDG's growth_calculation."""
    return float((current / base) ** (1 / (t - t0)) - 1)


def sdg_status(value: float | None, thresholds: tuple[float, float, float], target_achieved: bool = False) -> str:
    """Open SDG get_progress_status: 'target achieved' overrides the thresholds."""
    high, med, low = thresholds
    if target_achieved:
        return "target_achieved"
    if value is None:
        return "not_available"
    if value >= high:
        return "substantial_progress"
    if value >= med:
        return "moderate_progress"
    if value >= low:
        return "limited_progress"
    return "deterioration"


def _opposite(a: float, b: float) -> bool:
    """Strictly opposite signs (Open SDG's test; a product could underflow to 0)."""
    return (a > 0 and b < 0) or (a < 0 and b > 0)


def sdg_progress(
    base: float, current: float, t0: float, t: float, *, target: float | None = None,
    target_year: float | None = None, direction: str = "up", params: EvaluationParams | None = None,
    target_achieved: bool | None = None,
) -> tuple[float | None, str]:
    """(progress value, status) of Open SDG's SeriesProgress on two points.

    With a target the value is sign·d·CAGR_o/|CAGR_r| (so for lower-is-better the ratio of two negative
    rates is positive); without one it is sign·d·CAGR_o. `target_achieved` overrides their ≥/≤ test.
    """
    p = params or EvaluationParams()
    d = 1 if direction == "up" else -1
    if target is not None and target == 0:
        target = 0.001
    if target_achieved is None:
        target_achieved = target is not None and d * (current - target) >= 0
    thresholds = p.sdg_thresholds if target is not None else p.sdg_thresholds_no_target
    if base == 0:
        base = 0.001
    if _opposite(base, current) or t - t0 < p.min_cagr_years:
        return None, sdg_status(None, thresholds, target_achieved)
    sign = -1 if base < 0 else 1
    cagr_o = growth_rate(current, base, t, t0)
    if target is None:
        value: float | None = sign * d * cagr_o
    else:
        if target_year is None or target_year <= t0 or _opposite(base, target):
            return None, sdg_status(None, thresholds, target_achieved)
        cagr_r = growth_rate(target, base, target_year, t0)
        value = sign * d * cagr_o / abs(cagr_r) if cagr_r != 0 else None
    return value, sdg_status(value, thresholds, target_achieved)


# ---------------------------------------------------------------- small helpers

def _label(period: str) -> str:
    return f"{period[:-2]}年上半年" if period.endswith("H1") else f"{period}年"


def _f(x: float) -> str:
    """A number as the offices write it: no trailing .0, one decimal above 100, four digits below."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e12:
        return str(int(x))
    if abs(x) >= 1000:
        return f"{x:.0f}"
    if abs(x) >= 100:
        return f"{x:.1f}"
    return f"{x:.4g}"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _is_partial(o: Observation) -> bool:
    return o.is_partial_year or o.period.endswith("H1")


def _status(o: Observation) -> str:
    return (o.status or o.text or "").strip()


def _d(ind: Indicator) -> int:
    return 1 if ind.direction == "up" else -1


def _target_label(ind: Indicator) -> str:
    if ind.target_text.strip():
        return ind.target_text.strip()
    return f"{ind.target_comparator or ''}{_f(ind.target)}" if ind.target is not None else "—"


@dataclass(frozen=True)
class _Point:
    period: str
    t: float
    value: float
    is_estimate: bool = False
    is_lower_bound: bool = False
    comparator: str | None = None
    half_year_rule: str = ""
    note: str = ""  # how the value was obtained, in Chinese


def _chain(ind: Indicator, obs: Sequence[Observation]) -> list[_Point]:
    """Numeric points comparable with annual values: a flow's half-year level is not."""
    return [_Point(o.period, o.t, o.value, o.is_estimate, comparator=o.comparator) for o in obs
            if o.value is not None and not (ind.measure == "flow" and _is_partial(o))]


def _latest(ind: Indicator, obs: Sequence[Observation]) -> _Point | None:
    """Latest comparable actual, applying the half-year rule."""
    chain = _chain(ind, obs)
    last = chain[-1] if chain else None
    flow = ind.measure == "flow"
    partials = [o for o in obs if _is_partial(o) and (o.value is not None or (flow and o.yoy_growth_pct is not None))]
    h1 = partials[-1] if partials and (last is None or partials[-1].t >= last.t) else None
    if h1 is None:
        return last
    if not flow:  # stocks and rates: a half-year value is directly comparable
        assert last is not None and last.period == h1.period
        return _Point(last.period, last.t, last.value, last.is_estimate, comparator=last.comparator,
                      half_year_rule="h1_direct")
    year = int(h1.period[:4])
    prev = next((p.value for p in chain if p.period == str(year - 1)), None)
    if prev is None and ind.baseline_year == year - 1:
        prev = ind.baseline
    if h1.yoy_growth_pct is not None and prev is not None:
        g = h1.yoy_growth_pct
        bound = h1.yoy_comparator in (">", "≥")
        est = prev * (1 + g / 100)
        note = (f"{_label(h1.period)}同比增长{'高于' if bound else ''}{g:g}%，按{year - 1}年 {_f(prev)} "
                f"推算{year}年全年{'至少' if bound else '约'} {_f(est)}")
        return _Point(str(year), float(year), est, True, bound, half_year_rule="h1_yoy_estimate", note=note)
    if last is None:
        return None
    why = "无同比增速" if h1.yoy_growth_pct is None else f"缺{year - 1}年全年值"
    note = f"{_label(h1.period)}为半年流量（{why}），不与年度目标比较，用{_label(last.period)} {_f(last.value)}"
    return _Point(last.period, last.t, last.value, last.is_estimate, comparator=last.comparator,
                  half_year_rule="latest_full_year", note=note)


def _baseline(ind: Indicator, obs: Sequence[Observation], latest: _Point) -> tuple[_Point | None, bool]:
    if ind.baseline is not None:
        return _Point(str(ind.baseline_year), float(ind.baseline_year), ind.baseline), False
    first = next((p for p in _chain(ind, obs) if p.t < latest.t), None)
    return first, first is not None


def _is_met(ind: Indicator, x: float, obs_cmp: str | None, p: EvaluationParams) -> bool:
    xs, d, cmp = ind.target, _d(ind), ind.target_comparator
    assert xs is not None
    if cmp == "≈":  # within the tolerance, or beyond the target on the good side (超额)
        return abs(x - xs) <= p.approx_tolerance_pct / 100 * abs(xs) or d * (x - xs) >= 0
    if cmp not in ("≥", ">", "≤", "<"):
        cmp = "≥" if d > 0 else "≤"
    if cmp == "≥":
        return x >= xs
    if cmp == "≤":
        return x <= xs
    # strict: an observation that is itself strict on the same side (＜28 against ＜28) meets it
    return x > xs or (x == xs and obs_cmp == ">") if cmp == ">" else x < xs or (x == xs and obs_cmp == "<")


def _level_rule(ind: Indicator) -> str:
    if ind.measure == "rank":
        return "rank"
    if ind.target_comparator == "≈":
        return "approx"
    if ind.target_comparator in ("≥", ">"):
        return "level_floor"
    if ind.target_comparator in ("≤", "<"):
        return "level_ceiling"
    return "level_floor" if ind.direction == "up" else "level_ceiling"


def _observed_changes(ind: Indicator, obs: Sequence[Observation],
                      base: _Point | None) -> tuple[list[float], list[float]]:
    """(annual growth rates in %, annual steps) seen between consecutive points, plus stated yoy growths."""
    pts = ([base] if base is not None else []) + [p for p in _chain(ind, obs) if base is None or p.t > base.t]
    growth = [o.yoy_growth_pct for o in obs if o.yoy_growth_pct is not None]
    steps = []
    for a, b in pairwise(pts):
        dt = b.t - a.t
        steps.append((b.value - a.value) / dt)
        if a.value > 0 and b.value > 0:
            growth.append(growth_rate(b.value, a.value, b.t, a.t) * 100)
    return growth, steps


def _plausible(required: float | None, observed: list[float], d: int,
               factor: float) -> tuple[float | None, bool | None]:
    """Best observed change in the good direction, and whether the required change is within factor × it."""
    if required is None:
        return None, None
    best = max(observed, key=lambda v: d * v) if observed else None
    if best is None:
        return None, False
    return best, d * best > 0 and d * required <= factor * d * best


def _clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


def _gap(ind: Indicator, projection: float | None, met: bool) -> float | None:
    if met:
        return 0.0
    if projection is None or not ind.target:
        return None
    return max(0.0, _d(ind) * (ind.target - projection) / abs(ind.target) * 100)


# ---------------------------------------------------------------- rules

def _eval_level(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams) -> dict[str, Any]:
    ev["rule"] = _level_rule(ind)
    latest = _latest(ind, obs)
    if ind.target is None:
        return ev | {"reason": f"目标“{ind.target_text}”不是数值，无法评价"}
    if latest is None:
        last = obs[-1] if obs else None
        why = f"无可用数据（{_label(last.period)}：{_status(last)}）" if last else "尚无基期以后的数据"
        return ev | {"reason": why}
    base, substituted = _baseline(ind, obs, latest)
    end = ev["mode"] == "end"
    T, xs, d, x, t = float(ind.target_year), ind.target, _d(ind), latest.value, latest.t
    met = _is_met(ind, x, latest.comparator, p)
    notes = [latest.note or f"{_label(latest.period)} {_f(x)}{'（预计）' if latest.is_estimate else ''}"]
    ev |= {"half_year_rule": latest.half_year_rule, "latest_period": latest.period, "latest_value": x,
           "latest_is_estimate": latest.is_estimate, "latest_is_lower_bound": latest.is_lower_bound, "is_met": met}
    if base is None or base.t >= t:
        notes.append("仅有一个数据点，无法计算进度")
        judgement = ("完成" if end else "提前完成") if met else ("未完成" if end else "无法评价")
        notes.append(f"{'已达到' if met else '未达到'}目标 {_target_label(ind)}，{judgement}")
        return ev | {"judgement": judgement, "is_on_schedule": met if met else None, "reason": "；".join(notes)}
    x0, t0 = base.value, base.t
    if substituted:
        notes.insert(0, f"基期值缺失，以{_label(base.period)} {_f(x0)} 作基期")
    tau = _clip01((t - t0) / (T - t0)) if T > t0 else 1.0
    wrong_side = d * (xs - x0) < 0
    if wrong_side:
        progress = None
    elif xs == x0:
        progress = 1.0 if met else 0.0
    else:
        progress = (x - x0) / (xs - x0)
    # Open SDG class and projections
    ratio, cls = sdg_progress(x0, x, t0, t, target=xs, target_year=T, direction=ind.direction, params=p,
                              target_achieved=met)
    cagr_o = _safe_cagr(x, x0, t, t0, p)
    cagr_r = _safe_cagr(xs, x0, T, t0, p, min_years=0.0)
    span = max(T - t, 0.0)
    proj_cagr = x * (1 + cagr_o) ** span if cagr_o is not None else None
    proj_lin = x + (x - x0) / (t - t0) * span
    method = "cagr" if ind.measure in ("flow", "stock") and proj_cagr is not None else "linear"
    projection = proj_cagr if method == "cagr" else proj_lin
    # rate now required, and whether anything like it has been seen
    req_g = (((xs / x) ** (1 / span) - 1) * 100) if span > 0 and x > 0 and xs > 0 else None
    req_s = (xs - x) / span if span > 0 else None
    growths, steps = _observed_changes(ind, obs, base)
    basis = "growth" if ind.measure in ("flow", "stock") and req_g is not None and growths else "step"
    best, plausible = _plausible(req_g if basis == "growth" else req_s, growths if basis == "growth" else steps,
                                 d, p.plausible_rate_factor)
    on_schedule = met or (progress is not None and progress >= tau - p.tau_tolerance - _EPS)
    # judgement
    if wrong_side:
        notes.append(f"目标 {_target_label(ind)} 位于基期值 {_f(x0)} 的另一侧，进度无意义，按达标与趋势判断")
    elif not met and progress is not None:
        cmp = "≥" if on_schedule else "<"
        notes.append(f"进度 {_pct(progress)} {cmp} 时间进度 {_pct(tau)}")
    if met:
        judgement = "完成" if end else "提前完成"
        notes.append(f"已达到目标 {_target_label(ind)}")
    elif end:
        judgement = "基本完成" if progress is not None and progress >= p.basically_met_progress else "未完成"
        notes.append(f"未达到目标 {_target_label(ind)}")
    elif on_schedule:
        judgement = "符合进度"
    elif progress is not None and progress < 0:
        judgement = "难以完成"
        notes.append(f"较基期 {_f(x0)} 反向变化")
    else:
        judgement = "滞后" if plausible else "难以完成"
        need = f"需年均增长 {req_g:.1f}%" if basis == "growth" else f"需年均变化 {_f(req_s or 0)}"
        if best is None or d * best <= 0:
            notes.append(f"{need}，此前未见向目标方向的年度变化")
        else:
            seen = f"{best:.1f}%" if basis == "growth" else _f(best)
            notes.append(f"{need}，{'不超过' if plausible else '超过'}已观测最好年变化 {seen}")
    if latest.is_lower_bound and not met:
        notes.append("（估算值为下限）")
    if end and t < T:
        notes.append(f"无{ind.target_year}年数据，以{_label(latest.period)}判断")
    if ind.planned_growth_pct is not None and cagr_o is not None:
        r = cagr_o * 100
        notes.append(f"基期以来年均增长 {r:.1f}%，{'高于' if r >= ind.planned_growth_pct else '低于'}"
                     f"规划年均 {ind.planned_growth_pct:g}%")
    notes.append(judgement)
    return ev | {
        "baseline_used": x0, "baseline_period": base.period, "is_baseline_substituted": substituted,
        "tau": tau, "progress": progress, "is_on_schedule": on_schedule,
        "cagr_observed": cagr_o, "cagr_required": cagr_r, "cagr_ratio": ratio, "cagr_class": cls,
        "required_growth_pct": None if met else req_g, "required_step": None if met else req_s,
        "required_basis": basis, "best_observed": best, "is_required_plausible": None if met else plausible,
        "projection_cagr": proj_cagr, "projection_linear": proj_lin, "projection_method": method,
        "gap_pct": _gap(ind, projection, met),
        "judgement": judgement, "reason": "；".join(notes),
    }


def _safe_cagr(x: float, x0: float, t: float, t0: float, p: EvaluationParams,
               min_years: float | None = None) -> float | None:
    """CAGR with Open SDG's guards: zero → 0.001, opposite signs and too short a span → None."""
    x, x0 = (0.001 if v == 0 else v for v in (x, x0))
    if _opposite(x, x0) or t - t0 < (p.min_cagr_years if min_years is None else min_years) or t == t0:
        return None
    return growth_rate(x, x0, t, t0)


@dataclass(frozen=True)
class _Growth:
    """Realised average annual growth since the baseline, for growth and relational targets."""

    rate_pct: float
    index: float  # cumulative growth factor since t0
    t0: float
    t: float  # time of the latest rate or level used
    period: str
    text: str  # how it was obtained, in Chinese
    best_pct: float | None  # best annual growth seen
    is_estimate: bool = False
    is_lower_bound: bool = False
    half_year_rule: str = ""
    base: _Point | None = None  # levels only
    is_baseline_substituted: bool = False
    level: float | None = None  # latest level, levels only

    def fields(self) -> dict[str, Any]:
        """The Evaluation fields it fills."""
        out = {"latest_period": self.period, "latest_value": self.rate_pct, "latest_is_estimate": self.is_estimate,
               "latest_is_lower_bound": self.is_lower_bound, "half_year_rule": self.half_year_rule,
               "cagr_observed": self.rate_pct / 100}
        if self.base is not None:
            out |= {"baseline_used": self.base.value, "baseline_period": self.base.period,
                    "is_baseline_substituted": self.is_baseline_substituted}
        return out


def _growth_series(ind: Indicator, obs: Sequence[Observation]) -> _Growth | None:
    """With unit '%' the observations are the annual rates themselves (average: geometric mean of 1 + g,
    which is what a CAGR of levels would give); otherwise they are levels and the growth is the CAGR
    from the baseline, with the half-year rule applied to the latest level."""
    t0 = float(ind.baseline_year)
    if ind.unit.strip() == "%":
        rates = [(o.period, o.value, o.is_estimate) for o in obs
                 if o.value is not None and o.t > t0 and not _is_partial(o)]
        years = {per for per, _, _ in rates}
        h1 = [(o.period[:4], o.value, True) for o in obs if _is_partial(o) and o.value is not None
              and o.period[:4] not in years and (not rates or o.t > float(rates[-1][0]))]
        if h1:  # a half-year growth rate stands for its whole year
            rates.append(h1[-1])
        index = math.prod(1 + g / 100 for _, g, _ in rates)
        if not rates or index <= 0:
            return None
        r = (index ** (1 / len(rates)) - 1) * 100
        text = "、".join(f"{_label(per)} {g:g}%" for per, g, _ in rates) + f"，年均 {r:.2f}%"
        return _Growth(r, index, t0, float(rates[-1][0]), rates[-1][0], text, max(g for _, g, _ in rates),
                       is_estimate=rates[-1][2], half_year_rule="h1_yoy_estimate" if h1 else "")
    latest = _latest(ind, obs)
    if latest is None:
        return None
    base, substituted = _baseline(ind, obs, latest)
    if base is None or base.t >= latest.t or base.value <= 0 or latest.value <= 0:
        return None
    index = latest.value / base.value
    r = (index ** (1 / (latest.t - base.t)) - 1) * 100
    growths, _ = _observed_changes(ind, obs, base)
    sub = f"基期值缺失，以{_label(base.period)}作基期；" if substituted else ""
    lead = latest.note or f"{_label(latest.period)} {_f(latest.value)}"
    text = f"{sub}{lead}，较{_label(base.period)} {_f(base.value)} 年均增长 {r:.2f}%"
    return _Growth(r, index, base.t, latest.t, latest.period, text, max(growths) if growths else None,
                   latest.is_estimate, latest.is_lower_bound, latest.half_year_rule, base, substituted, latest.value)


def _eval_growth(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams) -> dict[str, Any]:
    """Target = annual growth in %: realised average growth against it (office practice, 004 L50-L56)."""
    ev["rule"] = "growth_rate"
    g, gr = ind.target, _growth_series(ind, obs)
    if g is None or gr is None:
        return ev | {"reason": "无可用增速数据" if g is not None else f"目标“{ind.target_text}”不是数值"}
    end, T, r, best = ev["mode"] == "end", float(ind.target_year), gr.rate_pct, gr.best_pct
    needed = (1 + g / 100) ** (T - gr.t0)
    met = gr.index >= needed  # the growth of the whole period is already reached
    on_schedule = met or r >= g
    span = T - gr.t
    req = ((needed / gr.index) ** (1 / span) - 1) * 100 if span > 0 and not met else None
    plausible = None if req is None else best is not None and best > 0 and req <= p.plausible_rate_factor * best
    ratio = r / abs(g) if g else None
    notes = [gr.text, f"{'≥' if r >= g else '<'} 目标年均 {g:g}%"]
    if end:
        basic = ratio is not None and ratio >= p.basically_met_progress
        judgement = "完成" if on_schedule else "基本完成" if basic else "未完成"
    elif met:
        judgement = "提前完成"
        notes.append("全期累计增长已达到")
    elif on_schedule:
        judgement = "符合进度"
    else:
        judgement = "滞后" if plausible and r >= 0 else "难以完成"
        if req is not None:
            seen = f"{best:.1f}%" if best is not None else "无"
            notes.append(f"余下年份需年均增长 {req:.1f}%，{'不超过' if plausible else '超过'}已观测最高 {seen}")
    notes.append(judgement)
    proj = gr.level * (1 + r / 100) ** max(span, 0) if gr.level is not None else None
    return ev | gr.fields() | {
        "tau": _clip01((gr.t - gr.t0) / (T - gr.t0)) if T > gr.t0 else 1.0,
        "is_met": on_schedule if end else met, "is_on_schedule": on_schedule,
        "cagr_required": g / 100, "cagr_ratio": ratio,
        "cagr_class": sdg_status(ratio, p.sdg_thresholds, met or (end and on_schedule)),
        "required_growth_pct": req, "required_basis": "growth", "best_observed": best,
        "is_required_plausible": plausible, "projection_cagr": proj, "projection_method": "cagr" if proj else "",
        "gap_pct": 0.0 if on_schedule or not g else max(0.0, (g - r) / abs(g) * 100),
        "judgement": judgement, "reason": "；".join(notes),
    }


def _eval_relational(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any], p: EvaluationParams,
                     reference_growth_pct: float | None) -> dict[str, Any]:
    """与经济增长基本同步 / 快于经济增长: realised growth against a reference growth given by the caller."""
    ev["rule"] = "relational"
    if reference_growth_pct is None:
        return ev | {"reason": f"关系型目标“{ind.target_text}”需要参照增速（如同期地区生产总值增速），未提供"}
    gr = _growth_series(ind, obs)
    if gr is None:
        return ev | {"reason": "无可用增速数据"}
    r, ref, end = gr.rate_pct, reference_growth_pct, ev["mode"] == "end"
    faster = any(w in ind.target_text for w in _FASTER_WORDS)
    met = r > ref if faster else r >= ref - p.sync_tolerance_pp
    rel = f"参照增速 {ref:g}%（{'须快于' if faster else f'基本同步：容差 {p.sync_tolerance_pp:g} 个百分点'}）"
    judgement = ("完成" if met else "未完成") if end else ("符合进度" if met else "滞后")
    ratio = r / abs(ref) if ref else None
    return ev | gr.fields() | {
        "is_met": met, "is_on_schedule": met, "cagr_required": ref / 100, "cagr_ratio": ratio,
        "cagr_class": sdg_status(ratio, p.sdg_thresholds, met),
        "gap_pct": 0.0 if met or not ref else max(0.0, (ref - r) / abs(ref) * 100),
        "judgement": judgement, "reason": f"{gr.text}；{rel}；{judgement}",
    }


def _is_bracketed(text: str) -> bool:
    return text.strip().startswith(("[", "［", "【"))


def _eval_cumulative(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any],
                     p: EvaluationParams) -> dict[str, Any]:
    """Target = a total over the period ('[5]'): the sum of the yearly values since the baseline."""
    ev["rule"] = "cumulative"
    total, t0, T, d = ind.target, float(ind.baseline_year), float(ind.target_year), _d(ind)
    end = ev["mode"] == "end"
    values = [(o, o.value) for o in obs if o.value is not None and o.t > t0]
    if total is None or not values:
        return ev | {"reason": "无可用数据" if total is not None else f"目标“{ind.target_text}”不是数值"}
    last, half = values[-1][0], ""
    if _is_bracketed(last.text):  # the office already gives the running total
        parts = values[-1:]
        yearly: list[float] = []
    else:
        parts = [(o, v) for o, v in values if not _is_partial(o) and not _is_bracketed(o.text)]
        if _is_partial(last):
            half = "h1_direct" if ind.measure == "flow" else "latest_full_year"
            if ind.measure == "flow":  # half a year of a flow is genuinely part of the total
                parts.append(values[-1])
        if not parts:
            return ev | {"half_year_rule": half, "reason": "无全年数据"}
        yearly = [v for _, v in parts]
    s, t, period = sum(v for _, v in parts), parts[-1][0].t, parts[-1][0].period
    note = "＋".join(f"{_label(o.period)} {_f(v)}" for o, v in parts) + f"，累计 {_f(s)}"
    share = s / total if total else None
    tau = _clip01((t - t0) / (T - t0)) if T > t0 else 1.0
    met = s >= total if d > 0 else s <= total  # a cap (direction down) is only judged at the end
    span = T - t
    req = (total - s) / span if span > 0 and not met and d > 0 else None
    best, plausible = _plausible(req, yearly, d, p.plausible_rate_factor)
    notes = [note, f"目标累计 {_f(total)}"]
    if d < 0:  # a cap on the total: fine while the running total stays within its time share
        on_schedule = s <= tau * total
        judgement = ("完成" if met else "未完成") if end else (
            "符合进度" if on_schedule else "难以完成" if not met else "滞后")
    else:
        on_schedule = met or (share is not None and share >= tau - p.tau_tolerance - _EPS)
        if share is not None and not met:
            notes.append(f"完成 {_pct(share)} {'≥' if on_schedule else '<'} 时间进度 {_pct(tau)}")
        if end:
            basic = share is not None and share >= p.basically_met_progress
            judgement = "完成" if met else "基本完成" if basic else "未完成"
        elif met:
            judgement = "提前完成"
        elif on_schedule:
            judgement = "符合进度"
        else:
            judgement = "滞后" if plausible else "难以完成"
            if req is not None:
                seen = _f(best) if best is not None else "无"
                notes.append(f"余下需年均 {_f(req)}，{'不超过' if plausible else '超过'}已观测最高 {seen}")
    notes.append(judgement)
    proj = s + s / (t - t0) * max(span, 0) if t > t0 else None
    return ev | {
        "half_year_rule": half, "latest_period": period, "latest_value": s, "latest_is_estimate": last.is_estimate,
        "tau": tau, "progress": share, "is_met": met if d > 0 or end else None, "is_on_schedule": on_schedule,
        "required_step": req, "required_basis": "step", "best_observed": best, "is_required_plausible": plausible,
        "projection_linear": proj, "projection_method": "linear" if proj is not None else "",
        "gap_pct": _gap(ind, proj, met if d > 0 else False), "judgement": judgement, "reason": "；".join(notes),
    }


def _eval_qualitative(ind: Indicator, obs: Sequence[Observation], ev: dict[str, Any]) -> dict[str, Any]:
    ev["rule"] = "qualitative"
    end = ev["mode"] == "end"
    for o in reversed(obs):
        s = _status(o)
        negative = any(w in s for w in _NEGATIVE_WORDS)
        if negative or "完成" in s or "下达指标" in s:
            met = not negative
            judgement = ("完成" if met else "未完成") if end else ("符合进度" if met else "滞后")
            return ev | {"latest_period": o.period, "latest_is_estimate": o.is_estimate, "is_met": met,
                         "is_on_schedule": met, "judgement": judgement,
                         "reason": f"{_label(o.period)}：{s}；{judgement}"}
    last = obs[-1] if obs else None
    return ev | {"reason": f"定性目标“{ind.target_text}”，无完成情况说明"
                 + (f"（{_label(last.period)}：{_status(last)}）" if last else "")}


# ---------------------------------------------------------------- API

def evaluate(indicator: Indicator, as_of: str, params: EvaluationParams | None = None,
             reference_growth_pct: float | None = None) -> Evaluation:
    """Judge one indicator with the observations up to `as_of` (mid-term, or end of period from T on)."""
    p = params or EvaluationParams()
    ind = indicator
    now = period_time(as_of)
    obs = sorted((o for o in ind.observations if o.t <= now), key=lambda o: o.t)
    mode = "end" if now >= ind.target_year else "mid"
    T, t0 = float(ind.target_year), float(ind.baseline_year)
    ev: dict[str, Any] = {"code": ind.code, "name": ind.name, "as_of": as_of, "mode": mode,
                          "tau": _clip01((now - t0) / (T - t0)) if T > t0 else 1.0}
    last = obs[-1] if obs else None
    ev["rule"] = _RULES.get(ind.target_kind) or _level_rule(ind)
    try:
        if last is not None and last.value is None and any(w in _status(last) for w in _ADJUSTED_WORDS):
            ev |= {"latest_period": last.period, "judgement": "指标调整",
                   "reason": f"{_label(last.period)}：{_status(last)}；指标调整"}
        elif ind.target_kind == "growth":
            ev = _eval_growth(ind, obs, ev, p)
        elif ind.target_kind == "relational":
            ev = _eval_relational(ind, obs, ev, p, reference_growth_pct)
        elif ind.target_kind == "cumulative":
            ev = _eval_cumulative(ind, obs, ev, p)
        elif ind.target_kind == "qualitative":
            ev = _eval_qualitative(ind, obs, ev)
        else:
            ev = _eval_level(ind, obs, ev, p)
    except OverflowError:  # growth rates of absurd magnitudes (a value near 0): say so, do not crash the run
        ev = {k: ev[k] for k in ("code", "name", "as_of", "mode", "tau", "rule")}
        ev["reason"] = "增速计算溢出（数值接近0或量级异常）"
    if ev.get("judgement", "无法评价") == "无法评价" and not ev.get("reason", "").endswith("无法评价"):
        ev["reason"] = ev.get("reason", "") + "；无法评价"
    return Evaluation(**ev)


def evaluations_frame(evaluations: Sequence[Evaluation]) -> pd.DataFrame:
    """One row per evaluation, columns in the order of the Evaluation fields."""
    import pandas as pd

    columns = [f.name for f in fields(Evaluation)]
    return pd.DataFrame([[getattr(e, c) for c in columns] for e in evaluations], columns=columns)


def coarse_class(judgement: str) -> Coarse:
    """提前完成/符合进度/完成/基本完成 → met; 滞后/难以完成/未完成 → not_met; else not_evaluated."""
    return _COARSE.get(judgement.strip(), "not_evaluated")


def coarse_published(text: str) -> Coarse:
    """The same three classes for a judgement as published (完成, 完成省市下达指标, 未完成, —)."""
    s = "".join(text.split())
    if s in _COARSE:
        return _COARSE[s]
    if any(w in s for w in ("未完成", "滞后", "未达", "落后")):
        return "not_met"
    if "完成" in s or "实现" in s or "符合" in s:
        return "met"
    return "not_evaluated"


def _round_like(value: float, target: float | None) -> float:
    """Round a proposed target like the current one, and to at most three significant digits."""
    decimals = len(f"{target:.10f}".rstrip("0").split(".")[1]) if target is not None else 2
    if value != 0:
        decimals = min(decimals, 2 - math.floor(math.log10(abs(value))))
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))  # half up, as offices round


def propose(evaluation: Evaluation, indicator: Indicator,
            params: EvaluationParams | None = None) -> tuple[str, float | None, str]:
    """(proposal, proposal_value, reason) for 滞后 / 难以完成: keep the target or adjust it to the trend."""
    e, ind = evaluation, indicator
    if e.judgement not in ("滞后", "难以完成"):
        return "", None, ""
    T = ind.target_year
    if e.is_required_plausible:
        best = e.best_observed or 0.0
        if e.required_basis == "growth" and e.required_growth_pct is not None:
            need = e.required_growth_pct
            return ("keep", round(need, 2),
                    f"保持目标：{T}年前需年均增长 {need:.1f}%，在已观测范围内（最高 {best:.1f}%）")
        step = e.required_step
        return ("keep", None if step is None else round(step, 4),
                f"保持目标：{T}年前需年均变化 {_f(step or 0)}，在已观测范围内（最好 {_f(best)}）")
    if e.rule in ("qualitative", "relational"):
        return "keep", None, "无数值趋势可据以调整目标，建议保持并跟踪"
    if e.rule == "growth_rate":
        if e.latest_value is None:
            return "keep", None, "无增速数据，暂保持目标"
        new = math.floor(e.latest_value * 2) / 2  # plan growth targets come in 0.5-point steps
        return "adjust_target", new, f"按基期以来实际年均增速 {e.latest_value:.2f}% 调整为年均增长 {new:g}%（至{T}年）"
    projection = e.projection_cagr if e.projection_method == "cagr" else e.projection_linear
    if projection is None or e.baseline_used is None:
        return "keep", None, "数据不足以外推趋势，暂保持目标"
    d = _d(ind)
    how = (f"按{'复合增速' if e.projection_method == 'cagr' else '线性'}趋势自{_label(e.latest_period)}"
           f"外推{T - period_time(e.latest_period):g}年至{T}年约 {_f(projection)}")
    if ind.unit.strip() == "%" and e.rule != "cumulative":
        projection = min(100.0, max(0.0, projection))  # a share cannot leave [0, 100]
    if e.rule != "cumulative" and d * (projection - e.baseline_used) < 0:
        # the trend is worse than the baseline: holding the baseline level is the realistic target
        new, how = e.baseline_used, f"{how}，劣于基期 {_f(e.baseline_used)}，按保持基期水平"
    else:
        new = _round_like(projection, 1.0 if ind.measure == "rank" else ind.target)  # ranks are whole numbers
    if ind.target is not None and d * (new - ind.target) >= 0:
        return "keep", None, f"{how}，可达到目标 {_target_label(ind)}"
    return "adjust_target", new, f"{how}，建议目标由 {_target_label(ind)} 调整为 {new:g}"


def check_planned_growth(indicator: Indicator, params: EvaluationParams | None = None) -> str | None:
    """A message when the planned annual growth differs from baseline → target CAGR by > growth_check_pp."""
    p, ind = params or EvaluationParams(), indicator
    g, x0, xs = ind.planned_growth_pct, ind.baseline, ind.target
    if g is None or ind.target_kind != "level" or x0 is None or xs is None or x0 <= 0 or xs <= 0:
        return None
    if ind.target_year <= ind.baseline_year:
        return None
    implied = growth_rate(xs, x0, ind.target_year, ind.baseline_year) * 100
    if abs(implied - g) <= p.growth_check_pp:
        return None
    return (f"规划年均增长 {g:g}% 与基期 {_f(x0)} → 目标 {_f(xs)} 隐含的年均 {implied:.2f}% 相差 "
            f"{abs(implied - g):.2f} 个百分点（阈值 {p.growth_check_pp:g}）")


__all__ = [
    "Evaluation", "EvaluationParams", "Judgement", "check_planned_growth", "coarse_class", "coarse_published",
    "evaluate", "evaluations_frame", "growth_rate", "propose", "sdg_progress", "sdg_status",
]
