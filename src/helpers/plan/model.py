"""Typed records shared by the clean, evaluate and report steps.

The clean step turns verbatim raw texts into these records; the evaluation engine works only on them,
so it never has to look at raw strings again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from helpers.plan import vocab

# flow: a quantity per year (GDP, revenue); stock: a level at a point in time; rate: a share, ratio or
# intensity (moves in percentage points when its unit is %); rank: a position (integer >= 1, lower is
# better); growth: the value itself is a yearly growth rate in % (GDP增长, 居民收入增长).
Measure = Literal["flow", "stock", "rate", "rank", "growth"]
Direction = Literal["up", "down"]
# ≥ ≤ > < ≈ = ; None when the text states a plain number.
Comparator = Literal["≥", "≤", ">", "<", "≈", "="]
# What the target means in numbers (the plan layer derives it from the texts, unit and measure, or the
# transcriber states it; see data/raw/README.md):
#   level       the value in the target year, compared by target_comparator (1500以上, ＜28, 5左右)
#   growth      average yearly growth of the level over the plan years, in % (年均增长7%)
#   cumulative  a period total: the sum of the yearly values over the plan years (〔110〕万套, [5])
#   change      a change of the level from the base year to the target year (下降20%, 提高1个百分点,
#               提高1岁, 〔13.5〕 on an intensity, 〔1〕 on life expectancy): see Indicator.change_basis
#   relational  compared with another indicator's growth (高于GDP增长, 与经济增长基本同步): reference_code
#   qualitative no number (保持…稳定, 完成省市下达指标, 视情提出)
#   not_stated  the table leaves the target empty
TargetKind = Literal["level", "growth", "cumulative", "change", "relational", "qualitative", "not_stated"]
# relative: a change in % of the base level (下降20%; 〔13.5〕 of an intensity, compounded over the years);
# absolute: a change in the indicator's own unit (提高1个百分点, 提高1岁, 〔1〕 of a life expectancy).
ChangeBasis = Literal["relative", "absolute"]
# What an observation's number is: the level in that period; the change on the previous period (yoy, in
# % or in the unit); the total of the plan years so far; the change since the base year.
ValueKind = Literal["level", "yoy_change", "period_total", "change_since_base"]
PlanKind = Literal["five_year", "annual"]
PriceBasis = Literal["real", "nominal", ""]  # 可比价 (real) growth vs current-price (nominal) levels


# A period: a year (2022), or the part of a year from January on, as plan reviews report it (year to date):
# 2023Q1 一季度, 2023H1 上半年, 2023Q3 前三季度, 2023M07 1—7月 (the other months: M01, M02, M04, M05, M07, M08,
# M10, M11). A year-to-date value is cumulative: a flow's total of those months, its yoy growth on the same
# months of the year before. The expectations of raw data (expectations/*.json) use the same pattern.
PERIOD_PATTERN = "^[0-9]{4}(?:Q1|H1|Q3|M0[124578]|M1[01])?$"
PERIOD_FORMS = "YYYY, or YYYYQ1, YYYYH1, YYYYQ3, YYYYMnn (1 to nn months of the year)"
_MONTHS_OF = {"Q1": 3, "H1": 6, "Q3": 9}


def is_period(text: object) -> bool:
    return isinstance(text, str) and re.match(PERIOD_PATTERN, text) is not None


def period_months(period: str) -> int:
    """The months of the year a period covers from January: 12 for a year, 6 for 2023H1, 7 for 2023M07.
    Anything else is a ValueError (a 400-digit "year" too, which would overflow a float)."""
    if not is_period(period):
        raise ValueError(f"period {period[:40]!r} is not {PERIOD_FORMS}")
    part = period[4:]
    return 12 if not part else _MONTHS_OF.get(part) or int(part[1:])


def is_year_to_date(period: object) -> bool:
    """A part of a year (2023H1, 2023M07), not a whole year nor anything that is no period."""
    return is_period(period) and period_months(str(period)) < 12


def period_time(period: str) -> float:
    """Time at the end of a period, in years: '2022' -> 2022.0, '2023H1' -> 2022.5, '2023M07' -> 2022.58.

    A year's value stands at the end of that year, so the plan period 2020 -> 2025 runs from 2020.0 to
    2025.0 and mid-2023 (end of H1) is 2022.5: the "时间过半" point.
    """
    months = period_months(period)  # checks the form first
    return int(period[:4]) - 1 + months / 12


@dataclass(frozen=True)
class Observation:
    period: str  # '2021', '2023H1', '2023M07' (PERIOD_PATTERN)
    t: float  # period_time(period)
    value: float | None  # parsed number; None when the text is a status word
    text: str  # verbatim text
    status: str | None = None  # status word when there is no number: 未出, 未统计, —, 完成省市下达指标, …
    comparator: Comparator | None = None  # '<' for a value such as ＜35
    is_estimate: bool = False  # the text carried 预计
    is_partial_year: bool = False  # a part of the year (model.is_year_to_date)
    yoy_growth_pct: float | None = None  # stated year-on-year growth, in % (8.8 for 8.8%)
    yoy_comparator: Comparator | None = None  # '>' for 高于7%
    # the rate at comparable prices the growth cell states (8.7（实际增长7.9） -> 7.9; 实际增长7.9% -> 7.9)
    yoy_growth_real_pct: float | None = None
    from_narrative: bool = False  # value taken from the narrative text because the table had none
    source: str = ""
    value_kind: ValueKind = "level"
    data_period: str = ""  # the period the figure really describes when the column lags ('2020' in the '2021' column)
    breaks_series: bool = False  # a new method or caliber from this point on: not comparable with earlier points
    note: str = ""  # footnote or remark carried with the value (① …, 注, 口径调整)

    @property
    def real_growth_pct(self) -> float | None:
        """The stated growth to set against a target at comparable prices: the real rate the cell states,
        else its own rate (a table of real growth prints that alone)."""
        return self.yoy_growth_real_pct if self.yoy_growth_real_pct is not None else self.yoy_growth_pct


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
    # --- meaning of the target (plan layer; see TargetKind) ---
    change_basis: ChangeBasis | None = None  # for target_kind 'change'
    target_level: float | None = None  # the level the target means in the target year, where computable
    reference_code: str = ""  # relational targets: the indicator whose growth is the reference
    target_note: str = ""  # the aspiration of a compound text (＞7、力争…), a footnote, a remark
    target_is_estimate: bool = False
    price_basis: PriceBasis = ""  # growth targets and yoy growth: 可比价 (real) or current prices
    baseline_note: str = ""  # e.g. a footnote saying the base value is of another year (60.6* = 2019)
    baseline_is_estimate: bool = False
    source: str = ""  # where the indicator's row stands in the document

    @property
    def is_share(self) -> bool:
        return is_share(self.name, self.unit, self.measure, self.target_kind)

    @property
    def is_binding(self) -> bool:
        """约束性 indicators: floors and ceilings that must hold in every year."""
        return self.attribute == "约束性"

    @property
    def baseline_stated(self) -> bool:
        return self.baseline is not None


def names_its_change(name: str) -> bool:
    """The indicator's name says it is a change (地区生产总值增长, 居民消费价格涨幅), not only what changes."""
    return any(str(w) in name for w in vocab.load("meaning")["change_name_words"])


def is_share(name: str, unit: str, measure: str, target_kind: str) -> bool:
    """A share or rate in % (not a growth rate, nor an index): moves in percentage points, bounded by 0
    and 100 (meaning.yaml: not_a_share)."""
    return (unit.strip() in ("%", "％") and measure in ("rate", "stock") and target_kind != "growth"
            and not any(word in name for word in vocab.load("meaning").get("not_a_share") or []))


@dataclass(frozen=True)
class Locality:
    """One plan under review: the locality, its plan and the reporting period (params.yaml: localities.<id>)."""

    id: str
    name: str  # display name, e.g. 越城区
    plan: str  # e.g. 十四五
    plan_start: int  # baseline year
    plan_end: int  # target year
    as_of: str  # reporting period: '2023H1', '2020'
    categories: tuple[str, ...]
    synthetic: bool = False
    kind: PlanKind = "five_year"  # five_year: 五年规划 (base year -> target year); annual: 年度计划 (one year)
    level: str = ""  # administrative level: national, province, city, district, county

    @property
    def title(self) -> str:
        """The plan document's name: 某区“十四五”规划, or 某市2015年国民经济和社会发展计划."""
        if self.kind == "annual":
            return f"{self.name}{self.plan}国民经济和社会发展计划"
        return f"{self.name}“{self.plan}”规划"
