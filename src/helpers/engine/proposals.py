"""Proposals for indicators behind schedule: keep the target, or adjust it to the trend (codes, no prose).

- 滞后于进度: keep (`keep_target`); proposal_value is the target itself (the number it means).
- 难以完成: adjust to the trend projection at the target year (`adjust_to_trend`: value, method, horizon),
  to the baseline when the trend is worse than the baseline (`adjust_to_baseline`), a growth target to the
  realised average growth rounded to `growth_step_pp` towards what was achieved (`adjust_growth_to_observed`); keep when the
  trend reaches the target (`keep_trend_reaches`) or there is no trend (`keep_no_trend`).
Values are held within the quantity's bounds (shares 0–100, ranks whole numbers ≥ 1) and rounded like the
target. Analyst decisions and published conclusions are merged in `assessment`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from helpers.engine import projections as pj
from helpers.engine.params import EvaluationParams
from helpers.plan.model import Indicator

if TYPE_CHECKING:
    from helpers.engine.evaluate import Evaluation


@dataclass(frozen=True)
class Proposal:
    proposal: str = ""  # '' | keep | adjust_target
    value: float | None = None
    method: str = ""  # projection method behind an adjusted value; 'target' for keep
    horizon: int | None = None  # the year the proposed value is for
    reason: str = ""  # a proposal code (reasons.py)


def round_like(value: float, target: float | None) -> float:
    """Round a proposed target like the current one, and to at most three significant digits."""
    decimals = len(f"{target:.10f}".rstrip("0").split(".")[1]) if target is not None else 2
    if value != 0:
        decimals = min(decimals, 2 - math.floor(math.log10(abs(value))))
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))  # half up, as offices round


def propose(evaluation: Evaluation, indicator: Indicator, params: EvaluationParams | None = None) -> Proposal:
    p, e, ind = params or EvaluationParams(), evaluation, indicator
    T = ind.target_year
    if e.judgement == "滞后于进度":
        return Proposal("keep", e.target_value, "target", T, "keep_target")
    if e.judgement != "难以完成":
        return Proposal()
    if e.rule in ("qualitative", "relational"):
        return Proposal("keep", e.target_value, "target", T, "keep_no_trend")
    if e.rule in ("growth_rate", "growth_measure"):
        if e.latest_value is None:
            return Proposal("keep", e.target_value, "target", T, "keep_no_trend")
        # rounded to the step on the side of what was achieved (down for a rise, up for a decline)
        rounding = math.floor if ind.direction == "up" else math.ceil
        new = rounding(e.latest_value / p.growth_step_pp) * p.growth_step_pp
        return Proposal("adjust_target", round(new, 4), "observed_average_growth", T, "adjust_growth_to_observed")
    if e.projection is None or e.baseline_used is None:
        return Proposal("keep", e.target_value, "target", T, "keep_no_trend")
    d = 1 if ind.direction == "up" else -1
    projection, _ = pj.clamp(ind, e.projection)
    if e.target_value is not None and e.outlook == "will_meet":
        return Proposal("keep", e.target_value, "target", T, "keep_trend_reaches")
    if e.rule != "cumulative" and d * (projection - e.baseline_used) < 0:
        return Proposal("adjust_target", e.baseline_used, "baseline", T, "adjust_to_baseline")
    new = round_like(projection, 1.0 if ind.measure == "rank" else e.target_value)
    new, _ = pj.clamp(ind, new)
    return Proposal("adjust_target", new, e.projection_method, T, "adjust_to_trend")


__all__ = ["Proposal", "propose", "round_like"]
