"""Arithmetic of series: scales, bounds, trends from every point, paces, and Open SDG's CAGR classes.

Scales (`scale_of`):
- "log"     flows, stocks and positive intensities: growth is multiplicative; a pace is a growth in % a year.
- "pp"      shares in %: they move in percentage points and stay within [0, 100].
- "places"  ranks: integers ≥ 1 moving in places (lower is better).
- "linear"  anything else (values that can be 0 or negative, growth rates themselves).
A pace (required or shown) is a change per year on the scale: for "log" the slope of ln x, reported as
exp(slope) − 1 in %; otherwise the slope itself (pp, places or units a year).

Trend: weighted least squares of the scale value on time over all comparable points (`fit_trend`);
weights rise with the rank of the point in time when `trend_weighting` is "time" (UN ESCAP's
time-weighted regression), equal otherwise. A trend needs `min_trend_points` points, so a two-point
line is never a trend. Projections are mapped back and held within the quantity's bounds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from helpers.engine.params import EvaluationParams
from helpers.plan.model import Indicator

Scale = Literal["log", "pp", "places", "linear"]
PACE_UNITS: dict[str, str] = {"log": "pct_per_year", "pp": "pp_per_year", "places": "places_per_year",
                              "linear": "unit_per_year"}


def scale_of(ind: Indicator, values: Sequence[float] = ()) -> Scale:
    if ind.measure == "rank":
        return "places"
    if ind.is_share:
        return "pp"
    if ind.measure == "growth" or ind.target_kind == "growth" and ind.unit.strip() in ("%", "％"):
        return "linear"
    if all(v > 0 for v in values):
        return "log"
    return "linear"


def bounds(ind: Indicator) -> tuple[float | None, float | None]:
    """(lower, upper) bounds of the quantity: shares 0–100, ranks ≥ 1, flows/stocks/intensities ≥ 0."""
    if ind.measure == "rank":
        return 1.0, None
    if ind.is_share:
        return 0.0, 100.0
    if ind.measure in ("flow", "stock", "rate"):
        return 0.0, None
    return None, None


def clamp(ind: Indicator, x: float) -> tuple[float, bool]:
    """x held within the bounds (ranks also made whole); True when a bound had to hold it."""
    lo, hi = bounds(ind)
    y = float(round(x)) if ind.measure == "rank" else x
    held = y
    if lo is not None and held < lo:
        held = lo
    if hi is not None and held > hi:
        held = hi
    return held, held != y


def to_scale(x: float, scale: Scale) -> float:
    return math.log(x) if scale == "log" else x


def from_scale(y: float, scale: Scale) -> float:
    return math.exp(y) if scale == "log" else y


def progress_on(x: float, x0: float, target: float, scale: Scale) -> float:
    """Progress from x0 towards the target on the scale (the log of the ratios for "log")."""
    return (to_scale(x, scale) - to_scale(x0, scale)) / (to_scale(target, scale) - to_scale(x0, scale))


def pace_value(slope: float, scale: Scale) -> float:
    """A slope on the scale as reported: % a year for log, else the slope."""
    return (math.exp(slope) - 1) * 100 if scale == "log" else slope


def required_pace(x: float, target: float, t: float, T: float, scale: Scale) -> float | None:
    """Slope on the scale from (t, x) to (T, target); None when no time is left or the log is undefined."""
    if T - t <= 0 or (scale == "log" and (x <= 0 or target <= 0)):
        return None
    return (to_scale(target, scale) - to_scale(x, scale)) / (T - t)


def best_sustained_pace(points: Sequence[tuple[float, float]], scale: Scale, d: int,
                        window: float) -> float | None:
    """Best average slope (in the good direction d) over any two points at least `window` years apart.

    A multi-point test: a single rebound year does not count unless it is held over the window. None
    when no pair of points is that far apart.
    """
    best: float | None = None
    for i, (ti, xi) in enumerate(points):
        for tj, xj in points[i + 1:]:
            if tj - ti < window - 1e-9 or (scale == "log" and (xi <= 0 or xj <= 0)):
                continue
            s = (to_scale(xj, scale) - to_scale(xi, scale)) / (tj - ti)
            if best is None or d * s > d * best:
                best = s
    return best


@dataclass(frozen=True)
class Trend:
    slope: float  # per year, on the scale
    intercept: float  # at t = 0, on the scale
    scale: Scale
    n: int

    def at(self, t: float) -> float:
        return from_scale(self.intercept + self.slope * t, self.scale)


def fit_trend(points: Sequence[tuple[float, float]], scale: Scale, params: EvaluationParams) -> Trend | None:
    """Weighted least squares over all points (see module doc); None below min_trend_points."""
    pts = [(t, x) for t, x in points if scale != "log" or x > 0]
    if len(pts) < max(params.min_trend_points, 2) or len({t for t, _ in pts}) < 2:
        return None
    order = sorted(range(len(pts)), key=lambda i: pts[i][0])
    weights = [0.0] * len(pts)
    for rank, i in enumerate(order, start=1):
        weights[i] = float(rank) if params.trend_weighting == "time" else 1.0
    ys = [to_scale(x, scale) for _, x in pts]
    w = sum(weights)
    tm = sum(wi * t for wi, (t, _) in zip(weights, pts, strict=True)) / w
    ym = sum(wi * y for wi, y in zip(weights, ys, strict=True)) / w
    sxx = sum(wi * (t - tm) ** 2 for wi, (t, _) in zip(weights, pts, strict=True))
    sxy = sum(wi * (t - tm) * (y - ym) for wi, (t, _), y in zip(weights, pts, ys, strict=True))
    slope = sxy / sxx
    return Trend(slope, ym - slope * tm, scale, len(pts))


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


def safe_cagr(x: float, x0: float, t: float, t0: float, p: EvaluationParams,
              min_years: float | None = None) -> float | None:
    """CAGR with Open SDG's guards: zero → 0.001, opposite signs and too short a span → None."""
    x, x0 = (0.001 if v == 0 else v for v in (x, x0))
    if _opposite(x, x0) or t - t0 < (p.min_cagr_years if min_years is None else min_years) or t == t0:
        return None
    try:
        return growth_rate(x, x0, t, t0)
    except (OverflowError, ZeroDivisionError):
        return None


__all__ = [
    "PACE_UNITS", "Scale", "Trend", "best_sustained_pace", "bounds", "clamp", "fit_trend", "from_scale",
    "growth_rate", "pace_value", "progress_on", "required_pace", "safe_cagr", "scale_of", "sdg_progress",
    "sdg_status", "to_scale",
]
