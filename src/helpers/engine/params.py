"""Thresholds and choices of the engine: the `evaluate` section of params.yaml (same key names).

Every default is documented here and in `method.yaml` (which refers to these keys, never to numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class EvaluationParams:
    # --- graded scale: tolerance bands around the time share τ (relative to τ) ---
    on_track_band: float = 0.1  # 基本符合预期 when progress >= (1 - band) × τ
    ahead_band: float = 0.1  # 快于预期 when progress >= (1 + band) × τ
    near_threshold: float = 0.02  # progress this close to a class boundary gets the note near_threshold
    # --- 难以完成: the multi-point pace test ---
    plausible_rate_factor: float = 1.0  # 难以完成 when required pace > factor × best sustained pace
    pace_window_years: float = 2.0  # a pace counts as sustained only over at least this many years
    # --- end of period ---
    basically_met_progress: float = 0.9  # 基本完成 when progress >= this
    # --- targets ---
    approx_tolerance_pct: float = 5.0  # a 左右 (≈) target is met within ± this % of the target
    sync_tolerance_pp: float = 0.5  # 与…基本同步: in step when growth >= reference − this (pp)
    # --- trend projection ---
    min_trend_points: int = 3  # fewer comparable points: no projection (never a two-point trend)
    trend_weighting: str = "time"  # time: weight of a point = its rank in time (recent weigh more, UN ESCAP); equal
    # --- which values a status may rest on ---
    judge_on_h1_estimate: bool = False  # office practice: a flow's H1 yoy growth → full-year estimate, judged
    use_stated_estimates: bool = True  # values marked 预计 count as the latest value (rests_on_estimate = true)
    # --- reconciliation and plan checks ---
    growth_check_pp: float = 0.5  # planned growth vs baseline→target CAGR; stated average growth vs table
    reconcile_growth_pp: float = 0.5  # stated yoy growth vs the growth of the table's levels
    progress_check_pp: float = 1.0  # stated 完成进度 vs the table's, in percentage points
    # --- proposals ---
    growth_step_pp: float = 0.5  # adjusted growth targets are rounded to this step, towards what was achieved
    # --- Open SDG (sdg-build ProgressMeasure.py), shown beside the judgement ---
    min_cagr_years: float = 1.0  # no growth rate from points less than a year apart
    sdg_thresholds: tuple[float, float, float] = (0.95, 0.6, 0.0)  # with a target: substantial / moderate / limited
    sdg_thresholds_no_target: tuple[float, float, float] = (0.015, 0.005, 0.0)  # without a target (observed CAGR)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> EvaluationParams:
        """Build from a params.yaml section; unknown keys are an error (a typo must not pass silently)."""
        types = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(mapping) - set(types))
        if unknown:
            raise ValueError(f"unknown evaluate parameter(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for key, v in mapping.items():
            kind = str(types[key])
            if "tuple" in kind:
                values[key] = tuple(float(x) for x in v)
            elif kind == "bool":
                if not isinstance(v, bool):
                    raise ValueError(f"evaluate.{key} must be true or false, not {v!r}")
                values[key] = v
            elif kind == "int":
                values[key] = int(v)
            elif kind == "str":
                values[key] = str(v)
            else:
                values[key] = float(v)
        if values.get("trend_weighting", "time") not in ("time", "equal"):
            raise ValueError("evaluate.trend_weighting must be 'time' or 'equal'")
        return cls(**values)


__all__ = ["EvaluationParams"]
