"""Clean stage: raw text tables -> tidy typed tables in data/processed/<locality>/.

Every parsed value keeps its verbatim text beside it. A text that does not parse is not dropped: its
row keeps the text and `parse_error` says what is wrong, and the validation stage stops the run on it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.pipeline import paths
from helpers.plan.model import Locality
from helpers.plan.model import period_time
from helpers.plan.grammar import ParseError, Parsed, normalise_unit, parse_text
from helpers.plan.rawdata import LINE, RawTable

PROCESSED_TABLES = ("indicators", "observations", "statements", "published", "overrides")

_DOWN = {"<", "≤"}
_UP = {">", "≥"}
_GROWTH_NAMES = ("年均增速", "年均增长")


def _parse_cell(text: str, column: str, errors: list[str]) -> Parsed | None:
    try:
        return parse_text(text)
    except ParseError as err:
        errors.append(f"{column}: {err}")
        return None


def _fields(prefix: str, parsed: Parsed | None) -> dict[str, object]:
    """The typed columns for one parsed text, named <prefix>_number, <prefix>_comparator, …"""
    p = parsed
    return {
        f"{prefix}_number": p.number if p else None,
        f"{prefix}_comparator": (p.comparator or "") if p else "",
        f"{prefix}_qualifier": (p.qualifier or "") if p else "",
        f"{prefix}_status": (p.status or "") if p else "",
        f"{prefix}_status_class": (p.status_class or "") if p else "",
        f"{prefix}_kind": p.kind if p else "",
    }


def target_kind(name: str, target: Parsed | None) -> str:
    """Which kind of target a text is: level, growth, cumulative, qualitative or relational."""
    if target is None or target.kind in ("empty",):
        return "level"
    if target.kind == "cumulative":
        return "cumulative"
    if target.kind == "growth" or (target.kind == "number" and name.endswith(_GROWTH_NAMES)):
        return "growth"
    if target.kind == "relational":
        return "relational"
    if target.kind == "status":
        return "qualitative"
    return "level"


def infer_direction(given: str, measure: str, baseline: Parsed | None, target: Parsed | None) -> tuple[str, str]:
    """(direction, how it was decided): given > comparator > rank > baseline vs target > up."""
    if given in ("up", "down"):
        return given, "given"
    if target is not None and target.comparator in _DOWN:
        return "down", "target comparator"
    if target is not None and target.comparator in _UP:
        return "up", "target comparator"
    if measure == "rank":
        return "down", "rank"
    if (baseline and target and baseline.number is not None and target.number is not None
            and target.kind == "number" and target.number < baseline.number):
        return "down", "target below baseline"
    return "up", "default"


def clean_indicators(raw: RawTable, statements: pd.DataFrame) -> pd.DataFrame:
    growth_targets = statements[statements["field"] == "growth_target"].drop_duplicates("code").set_index("code")
    rows = []
    for rec in raw.frame.to_dict("records"):
        errors: list[str] = []
        baseline = _parse_cell(rec["baseline"], "baseline", errors)
        target = _parse_cell(rec["target"], "target", errors)
        direction, direction_rule = infer_direction(rec["direction"].strip(), rec["measure"].strip(), baseline, target)
        planned = growth_targets["text"].get(rec["code"], "")
        planned_parsed = _parse_cell(planned, "growth_target", errors) if planned else None
        rows.append({
            "code": rec["code"].strip(),
            "category": rec["category"].strip(),
            "name": rec["name"].strip(),
            "unit": normalise_unit(rec["unit"]),
            "attribute": rec["attribute"].strip(),
            "measure": rec["measure"].strip(),
            "direction": direction,
            "direction_rule": direction_rule,
            "baseline_year": rec["baseline_year"].strip(),
            "baseline_text": rec["baseline"],
            **_fields("baseline", baseline),
            "target_year": rec["target_year"].strip(),
            "target_text": rec["target"],
            **_fields("target", target),
            "target_type": target_kind(rec["name"], target),
            "planned_growth_text": planned,
            "planned_growth_pct": planned_parsed.number if planned_parsed else None,
            "source": rec["source"],
            "raw_line": rec[LINE],
            "parse_error": "; ".join(errors),
        })
    return pd.DataFrame(rows)


def clean_observations(raw: RawTable, indicators: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × period (periods seen for the locality); a missing cell is a row too."""
    frame = raw.frame.copy()
    frame["code"] = frame["code"].str.strip()
    frame["period"] = frame["period"].str.strip()
    narrative = (statements[statements["field"] == "value"]
                 .drop_duplicates(["code", "period"]).set_index(["code", "period"])["text"])
    periods = sorted(set(frame["period"]), key=_period_sort_key)
    by_key = {(r["code"], r["period"]): r for r in frame.to_dict("records")}
    # Rows whose code is unknown are kept (validation reports them), after the known ones.
    codes = list(indicators["code"]) + [c for c in dict.fromkeys(frame["code"]) if c not in set(indicators["code"])]
    rows = []
    for code in codes:
        for period in periods:
            rec = by_key.get((code, period))
            errors: list[str] = []
            text = rec["value"] if rec else ""
            value = _parse_cell(text, "value", errors) if rec else None
            yoy_text = rec["yoy_growth"] if rec else ""
            yoy = _parse_cell(yoy_text, "yoy_growth", errors) if yoy_text.strip() else None
            narrative_text = narrative.get((code, period), "")
            narrative_value = _parse_cell(narrative_text, "statement", errors) if narrative_text else None
            rows.append({
                "code": code,
                "period": period,
                "t": _period_t(period),
                "is_partial_year": period.endswith("H1"),
                "is_reported": rec is not None,
                "value_text": text,
                **_fields("value", value),
                "is_estimate": bool(value and value.is_estimate),
                "remark": (value.remark or "") if value else "",
                "yoy_growth_text": yoy_text,
                "yoy_growth_pct": yoy.number if yoy else None,
                "yoy_comparator": (yoy.comparator or "") if yoy else "",
                "narrative_text": narrative_text,
                "narrative_value": narrative_value.number if narrative_value else None,
                "source": rec["source"] if rec else "",
                "note": rec["note"] if rec else "",
                "raw_line": rec[LINE] if rec else None,
                "parse_error": "; ".join(errors),
            })
    columns = ["code", "period", "t", "is_partial_year", "is_reported", "value_text", *_fields("value", None),
               "is_estimate", "remark", "yoy_growth_text", "yoy_growth_pct", "yoy_comparator", "narrative_text",
               "narrative_value", "source", "note", "raw_line", "parse_error"]
    return pd.DataFrame(rows, columns=columns)


def _period_t(period: str) -> float:
    try:
        return period_time(period)
    except ValueError:
        return np.nan  # a malformed period: validation names it


def _period_sort_key(period: str) -> tuple[float, str]:
    t = _period_t(period)
    return (np.inf if np.isnan(t) else t, period)


def clean_side_table(raw: RawTable, text_column: str | None) -> pd.DataFrame:
    """Statements, published judgements and overrides: stripped text, plus a parsed number if asked."""
    frame = raw.frame.copy()
    for col in frame.columns:
        if col != LINE:
            frame[col] = frame[col].astype(str).str.strip()
    if text_column:
        errors_col, numbers = [], []
        for text in frame[text_column]:
            errors: list[str] = []
            parsed = _parse_cell(text, text_column, errors) if text else None
            numbers.append(parsed.number if parsed else None)
            errors_col.append("; ".join(errors))
        frame[f"{text_column}_number"] = numbers
        frame["parse_error"] = errors_col
    return frame.rename(columns={LINE: "raw_line"})


def clean_tables(raw: dict[str, RawTable], locality: Locality) -> dict[str, pd.DataFrame]:
    statements = clean_side_table(raw["statements"], "text")
    indicators = clean_indicators(raw["indicators"], statements)
    return {
        "indicators": indicators,
        "observations": clean_observations(raw["observations"], indicators, statements),
        "statements": statements,
        "published": clean_side_table(raw["published"], None),
        "overrides": clean_side_table(raw["overrides"], None),
    }


def write_processed(tables: dict[str, pd.DataFrame], locality: str) -> list[Path]:
    out = paths.processed_dir(locality)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def read_processed(locality: str) -> dict[str, pd.DataFrame]:
    """Processed tables as written by the clean stage; codes and texts stay text."""
    folder = paths.processed_dir(locality)
    text_cols = {"code": str, "period": str, "baseline_year": str, "target_year": str}
    tables = {}
    for name in PROCESSED_TABLES:
        frame = pd.read_csv(folder / f"{name}.csv", dtype=text_cols, keep_default_na=False,
                            na_values={c: [""] for c in _NUMERIC})
        tables[name] = frame
    return tables


_NUMERIC = ("baseline_number", "target_number", "planned_growth_pct", "value_number", "yoy_growth_pct",
            "narrative_value", "text_number", "t", "raw_line")
