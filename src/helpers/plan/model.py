"""Typed records shared by the clean, evaluate and report steps.

The clean step turns verbatim raw texts into these records; the evaluation engine works only on them,
so it never has to look at raw strings again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Measure = Literal["flow", "stock", "rate", "rank"]
Direction = Literal["up", "down"]
# ≥ ≤ > < ≈ = ; None when the text states a plain number.
Comparator = Literal["≥", "≤", ">", "<", "≈", "="]
TargetKind = Literal["level", "growth", "cumulative", "qualitative", "relational"]


def period_time(period: str) -> float:
    """Time at the end of a period, in years: '2022' -> 2022.0, '2023H1' -> 2022.5.

    A year's value stands at the end of that year, so the plan period 2020 -> 2025 runs from 2020.0 to
    2025.0 and mid-2023 (end of H1) is 2022.5: the "时间过半" point.
    """
    if period.endswith("H1"):
        return int(period[:-2]) - 0.5
    return float(int(period))


@dataclass(frozen=True)
class Observation:
    period: str  # '2021', '2023H1'
    t: float  # period_time(period)
    value: float | None  # parsed number; None when the text is a status word
    text: str  # verbatim text
    status: str | None = None  # status word when there is no number: 未出, 未统计, —, 完成省市下达指标, …
    comparator: Comparator | None = None  # '<' for a value such as ＜35
    is_estimate: bool = False  # the text carried 预计
    is_partial_year: bool = False  # a half-year period
    yoy_growth_pct: float | None = None  # stated year-on-year growth, in % (8.8 for 8.8%)
    yoy_comparator: Comparator | None = None  # '>' for 高于7%
    from_narrative: bool = False  # value taken from the narrative text because the table had none
    source: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    category: str
    attribute: str  # 预期性 | 约束性
    measure: Measure
    direction: Direction  # up: higher is better; down: lower is better
    baseline_year: int
    baseline: float | None
    baseline_text: str
    target_year: int
    target_kind: TargetKind
    target: float | None  # level; annual growth in % for 'growth'; total for 'cumulative'
    target_text: str
    target_comparator: Comparator | None = None
    baseline_comparator: Comparator | None = None
    planned_growth_pct: float | None = None  # an annual growth target stated beside the level target
    observations: tuple[Observation, ...] = field(default_factory=tuple)  # sorted by t
