"""From processed tables to the typed records the evaluation engine works on."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, cast

import pandas as pd

from helpers.plan.model import (ChangeBasis, Comparator, Direction, Indicator, Measure, Observation, PriceBasis,
                                TargetKind, ValueKind, period_time)


def _num(value: Any) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _cmp(value: Any) -> Comparator | None:
    return cast(Comparator, value) if isinstance(value, str) and value else None


def observation(row: dict[str, Any]) -> Observation:
    """One processed observation row; a value the table lacks but the narrative states is used, marked."""
    value = _num(row["value_number"])
    narrative = _num(row.get("narrative_value"))
    from_narrative = value is None and narrative is not None and row["value_status_class"] in ("missing", "")
    return Observation(
        period=row["period"],
        t=period_time(row["period"]),
        value=narrative if from_narrative else value,
        text=row["narrative_text"] if from_narrative else row["value_text"],
        status=row["value_status"] or None,
        comparator=_cmp(row["value_comparator"]),
        is_estimate=bool(row["is_estimate"]),
        is_partial_year=bool(row["is_partial_year"]),
        yoy_growth_pct=_num(row["yoy_growth_pct"]),
        yoy_comparator=_cmp(row["yoy_comparator"]),
        yoy_growth_real_pct=_num(row.get("yoy_growth_real_pct")),
        from_narrative=from_narrative,
        source=_text(row["source"]),
        value_kind=cast(ValueKind, _text(row.get("observation_kind")) or "level"),
        data_period=_text(row.get("data_period")),
        breaks_series=bool(row.get("breaks_series", False)),
        note="；".join(x for x in (_text(row.get("value_note")), _text(row.get("note"))) if x),
    )


def indicators(indicator_table: pd.DataFrame, observation_table: pd.DataFrame) -> list[Indicator]:
    """All indicators with their reported observations, in table order."""
    reported = observation_table[observation_table["is_reported"].astype(bool)]
    by_code: dict[str, list[Observation]] = {}
    for row in reported.to_dict("records"):
        by_code.setdefault(row["code"], []).append(observation(row))
    result = []
    for row in indicator_table.to_dict("records"):
        obs = tuple(sorted(by_code.get(row["code"], []), key=lambda o: o.t))
        result.append(Indicator(
            code=row["code"],
            name=row["name"],
            unit=row["unit"],
            category=row["category"],
            attribute=row["attribute"],
            measure=cast(Measure, row["measure"]),
            direction=cast(Direction, row["direction"]),
            baseline_year=int(row["baseline_year"]),
            # Not stated is a value: a status word or an empty cell is None, never a substitute.
            baseline=_num(row["baseline_number"]) if row.get("baseline_stated", True) else None,
            baseline_text=_text(row["baseline_text"]),
            baseline_comparator=_cmp(row["baseline_comparator"]),
            target_year=int(row["target_year"]),
            target_kind=cast(TargetKind, row["target_type"]),
            # The signed number the target means (a fall is negative); older tables: the parsed number.
            target=_num(row.get("target_value", row["target_number"])),
            target_text=_text(row["target_text"]),
            target_comparator=_cmp(row["target_comparator"]),
            planned_growth_pct=_num(row["planned_growth_pct"]),
            observations=obs,
            change_basis=cast(ChangeBasis, _text(row.get("change_basis"))) or None,
            target_level=_num(row.get("target_level")),
            reference_code=_text(row.get("reference_code")),
            target_note=_text(row.get("target_note")),
            target_is_estimate=bool(row.get("target_is_estimate", False)),
            price_basis=cast(PriceBasis, _text(row.get("price_basis"))),
            baseline_note=_text(row.get("baseline_note")),
            baseline_is_estimate=bool(row.get("baseline_is_estimate", False)),
            source=_text(row.get("source")),
        ))
    return result


def observed_by(indicators: list[Indicator], as_of: str) -> list[Indicator]:
    """The indicators with only the observations a review as of `as_of` may show (later ones are for a later
    review: a 2022 review does not print 2023 figures)."""
    now = period_time(as_of)
    return [replace(i, observations=tuple(o for o in i.observations if o.t <= now)) for i in indicators]
