"""Clean stage: raw text tables -> tidy typed tables in data/processed/<locality>/.

Every parsed value keeps its verbatim text beside it. A text that does not parse is not dropped: its
row keeps the text and `parse_error` says what is wrong, and the validation stage stops the run on it.

Each indicator gets an explicit meaning: what its target means in numbers (`target_type` holds the
model's TargetKind; `change_basis`, `target_value`, `target_level`, `reference_code`) and how that
was decided (`target_type_rule`): stated by the transcriber in indicators.csv, read from the target
text, or decided from unit, measure and name with the rules of vocab/meaning.yaml. The columns
`target_kind`, `baseline_kind` and `value_kind` keep the parsed texts' kinds (number, status, change,
…) as before; an observation's model.ValueKind is `observation_kind`.

Folders are passed in (the pipeline layer knows where they are): `write_processed(tables, folder)`,
`read_processed(folder)`.
"""

from __future__ import annotations

from dataclasses import replace

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.plan import vocab
from helpers.plan.grammar import (ParseError, Parsed, change_sign, normalise, normalise_unit, parse_text,
                                  scale_factor,
                                  reference_key)
from helpers.plan.model import Locality, is_period, is_year_to_date, period_time
from helpers.plan.rawdata import LINE, RawTable, require_folder

PROCESSED_TABLES = ("indicators", "observations", "statements", "published", "overrides")

_DOWN = {"<", "≤"}
_UP = {">", "≥"}
TARGET_KINDS = ("level", "growth", "cumulative", "change", "relational", "qualitative", "not_stated")
CHANGE_BASES = ("relative", "absolute")
VALUE_KINDS = ("level", "yoy_change", "period_total", "change_since_base")
PRICE_BASES = ("real", "nominal")
_NUMERIC_KINDS = ("number", "cumulative", "growth", "change")


def _parse_cell(text: str, column: str, errors: list[str], unit: str = "") -> Parsed | None:
    """The parsed cell; a number written in another scale of the indicator's unit (6.5万亿元 for 亿元) is
    converted to the indicator's unit. A unit that cannot be converted is left to validation (unit_matches)."""
    try:
        parsed = parse_text(text)
    except ParseError as err:
        errors.append(f"{column}: {err}")
        return None
    if parsed.unit and unit and parsed.number is not None and parsed.kind in ("number", "cumulative"):
        factor = scale_factor(parsed.unit, unit)
        if factor not in (None, 1.0):
            parsed = replace(parsed, number=float(f"{parsed.number * factor:.12g}"))
    return parsed


def signed(p: Parsed | None) -> float | None:
    """The number a text means, signed: 下降7.3% -> -7.3, 年均下降3% -> -3 (the grammar keeps 7.3 and 下降)."""
    return None if p is None or p.number is None else change_sign(p) * p.number


def _fields(prefix: str, parsed: Parsed | None) -> dict[str, object]:
    """The typed columns for one parsed text, named <prefix>_number (signed), <prefix>_comparator, …"""
    p = parsed
    return {
        f"{prefix}_number": signed(p),
        f"{prefix}_comparator": (p.comparator or "") if p else "",
        f"{prefix}_qualifier": (p.qualifier or "") if p else "",
        f"{prefix}_status": (p.status or "") if p else "",
        f"{prefix}_status_class": (p.status_class or "") if p else "",
        f"{prefix}_kind": p.kind if p else "",
        f"{prefix}_unit": p.unit if p else "",
        f"{prefix}_note": _note(p),
        f"{prefix}_is_estimate": bool(p and p.is_estimate),
    }


def _note(p: Parsed | None) -> str:
    return "；".join(x for x in ((p.note if p else ""), (p.remark or "") if p else "") if x)


def _s(value: object) -> str:
    """A raw cell as stripped text (cells are text; a missing optional column is '')."""
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()


# --- the meaning of a target ----------------------------------------------------------------------

def _rule_matches(rule: dict[str, Any], name: str, unit: str, measure: str) -> bool:
    criteria = [rule.get("when_unit"), rule.get("when_name"), rule.get("when_measure")]
    hit = not any(criteria) or (
        unit in (rule.get("when_unit") or [])
        or any(w in name for w in rule.get("when_name") or [])
        or measure in (rule.get("when_measure") or []))
    also = rule.get("and_name")
    return hit and (not also or any(w in name for w in also))


def bracket_meaning(name: str, unit: str, measure: str) -> tuple[str, str | None, str]:
    """What a period-total bracket on this indicator means: (target kind, change basis, rule used)."""
    name = normalise(name)
    for i, rule in enumerate(vocab.load("meaning")["cumulative"], start=1):
        if _rule_matches(rule, name, unit, measure):
            return rule["meaning"], rule.get("change_basis"), f"meaning.yaml cumulative rule {i}"
    return "cumulative", None, "default"


def _falls(name: str) -> bool:
    return any(w in normalise(name) for w in vocab.load("meaning")["falling_words"])


def target_kind(name: str, target: Parsed | None, unit: str = "", measure: str = "") -> str:
    """Which kind of target a text is (see model.TargetKind), before anything the transcriber states."""
    return _target_meaning(name, unit, measure, target)[0]


def _target_meaning(name: str, unit: str, measure: str, target: Parsed | None) -> tuple[str, str | None, str]:
    """(kind, change basis, rule) read from the target text, unit, measure and name."""
    if target is None:
        return "level", None, "unreadable target"
    if target.kind == "empty":
        return "not_stated", None, "empty target"
    if target.kind == "status":
        if target.status_class == "missing":
            return "not_stated", None, "target text says not stated"
        return "qualitative", None, "status word"
    if target.kind in ("relational", "qualitative"):
        return target.kind, None, "target text"
    if target.kind == "cumulative":
        return bracket_meaning(name, unit, measure)
    if target.kind == "change" and measure == "growth" and target.change_basis == "relative" and (signed(target) or 0) >= 0:
        # the indicator is itself a rate of growth (地区生产总值 %, 增长8.5%): the target is that rate, for the
        # target year (a yearly rate, as an annual plan sets it), not a change of the rate
        return "level", None, "the indicator is a growth rate: the change word states the rate"
    if target.kind == "change":
        return "change", target.change_basis, "target text"
    if target.kind == "growth":
        return "growth", None, "target text"
    if normalise(name).endswith(tuple(vocab.load("meaning")["growth_name_endings"])):
        return "growth", None, "name states a yearly growth"
    return "level", None, "target text"


def infer_direction(given: str, measure: str, baseline: Parsed | None, target: Parsed | None,
                    kind: str = "", name: str = "") -> tuple[str, str]:
    """(direction, how it was decided): given > change word > comparator > rank > name (lower is better,
    meaning.yaml) > baseline vs target > up.

    A change or growth target states its direction in its word: 下降20% is down, never -20 going up.
    """
    if given in ("up", "down"):
        return given, "given"
    if target is not None and target.kind in ("change", "growth") and target.number:
        return ("down" if (signed(target) or 0) < 0 else "up"), "change word"
    if target is not None and target.kind == "cumulative" and kind == "change" and _falls(name):
        return "down", "name says the level falls"
    if target is not None and target.comparator in _DOWN:
        return "down", "target comparator"
    if target is not None and target.comparator in _UP:
        return "up", "target comparator"
    if measure == "rank":
        return "down", "rank"
    lower = vocab.load("meaning").get("lower_is_better") or []
    if any(normalise(str(w)) in normalise(name) for w in lower) and not _falls(name):
        return "down", "name says lower is better"
    if (baseline and target and baseline.number is not None and target.number is not None
            and target.kind == "number" and target.number < baseline.number):
        return "down", "target below baseline"
    return "up", "default"


def target_level(kind: str, basis: str | None, target: float | None, baseline: float | None,
                 years: int | None) -> float | None:
    """The level a target means in the target year, where the table gives what it takes."""
    if target is None:
        return None
    if kind == "level":
        return target
    if baseline is None:
        return None
    if kind == "change" and basis == "absolute":
        return round(baseline + target, 10)  # 77.3 + 1 -> 78.3
    if kind == "change" and basis == "relative":
        return round(baseline * (1 + target / 100), 10)  # base x (1 - 20%)
    if kind == "growth" and years:
        return round(baseline * (1 + target / 100) ** years, 10)
    return None


def find_reference(ref_text: str, code: str, table: list[dict[str, Any]]) -> str:
    """The indicator of the same table a relational target compares with, by what the text names
    (relations.yaml: GDP/经济增长/地区生产总值 -> the GDP growth or GDP indicator; 收入 -> income)."""
    key = reference_key(normalise(ref_text))
    entry = next((e for e in vocab.load("relations")["references"] if e["key"] == key), None)
    if entry is None:
        return ""
    others = [r for r in table if _s(r.get("code")) != code]
    growth_words = ("增长", "增速", "增幅")
    for word in entry["names"]:
        w = normalise(str(word))
        hits = [r for r in others if w in normalise(_s(r.get("name")))]
        growing = [r for r in hits if _s(r.get("measure")) == "growth" or any(g in _s(r.get("name")) for g in growth_words)]
        if growing or hits:
            return _s((growing or hits)[0]["code"])
    return ""


def clean_indicators(raw: RawTable, statements: pd.DataFrame, locality: Locality | None = None) -> pd.DataFrame:
    growth_targets = statements[statements["field"] == "growth_target"].drop_duplicates("code").set_index("code")
    records = raw.frame.to_dict("records")
    rows = []
    for rec in records:
        errors: list[str] = []
        name, unit, measure = _s(rec["name"]), normalise_unit(_s(rec["unit"])), _s(rec["measure"])
        baseline = _parse_cell(rec["baseline"], "baseline", errors, unit)
        target = _parse_cell(rec["target"], "target", errors, unit)
        kind, basis, rule = _target_meaning(name, unit, measure, target)
        if (locality is not None and locality.kind == "annual" and kind == "change" and basis == "relative"
                and (signed(target) or 0) >= 0):
            # an annual plan's 增长6%以上 on a level (亿元) is the year's growth, judged on the growth the table
            # states (同比增长6.2%), not a change from a base level it seldom gives (温州 2024 上半年, trial)
            kind, rule = "growth", "an annual plan's rise in % is the year's growth"
        given_kind, given_basis = _s(rec.get("target_kind")), _s(rec.get("change_basis"))
        if given_kind:
            kind, rule = given_kind, "given"
        if given_basis:
            basis = given_basis
        if kind != "change":
            basis = None if not given_basis else basis
        direction, direction_rule = infer_direction(_s(rec.get("direction")), measure, baseline, target, kind, name)
        planned = growth_targets["text"].get(rec["code"], "")
        planned_parsed = _parse_cell(planned, "growth_target", errors) if planned else None
        number = signed(target)
        if target is not None and target.kind == "cumulative" and kind == "change" and number is not None:
            number = -abs(number) if _falls(name) else number  # 〔13.5〕 能耗降低: the level falls 13.5%
        base_year, target_year = _s(rec["baseline_year"]), _s(rec["target_year"])
        if locality is not None and locality.kind == "annual":
            # An annual plan's targets are for its year; the baseline is the year before.
            target_year = target_year or str(locality.plan_end)
            if not base_year and target_year.isdigit():
                base_year = str(int(target_year) - 1)
        years = int(target_year) - int(base_year) if base_year.isdigit() and target_year.isdigit() else None
        base_number = baseline.number if baseline and baseline.kind in _NUMERIC_KINDS else None
        ref_text = _s(rec.get("reference")) or (target.reference if target else "")
        given_ref = _s(rec.get("reference"))
        codes = {_s(r["code"]) for r in records}
        reference_code = (given_ref if given_ref in codes else find_reference(ref_text, _s(rec["code"]), records)
                          ) if kind == "relational" else ""
        rows.append({
            "code": _s(rec["code"]),
            "category": _s(rec["category"]),
            "name": name,
            "unit": unit,
            "attribute": _s(rec["attribute"]),
            "measure": measure,
            "direction": direction,
            "direction_rule": direction_rule,
            "baseline_year": base_year,
            "baseline_text": rec["baseline"],
            **_fields("baseline", baseline),
            "baseline_stated": base_number is not None,
            "target_year": target_year,
            "target_text": rec["target"],
            **_fields("target", target),
            # The target's meaning (model.TargetKind). target_kind/baseline_kind/value_kind are the parsed
            # texts' kinds (number, status, …), as before.
            "target_type": kind,
            "target_type_rule": rule,
            "change_basis": basis or "",
            "target_value": number,  # the signed number the target means (change: -13.5 for a fall)
            # a growth rate's own growth target is no level to compound (2.7 × 1.06⁵ means nothing)
            "target_level": (None if measure == "growth" and kind == "growth" else
                             target_level(kind, basis, number, base_number, years)),
            "reference": ref_text if kind == "relational" else "",
            "reference_code": reference_code,
            "observation_kind": _s(rec.get("value_kind")),  # stated default for the observations (model.ValueKind)
            "price_basis": _s(rec.get("price_basis")),
            "planned_growth_text": planned,
            "planned_growth_pct": signed(planned_parsed),
            "planned_growth_comparator": (planned_parsed.comparator or "") if planned_parsed else "",
            "source": rec["source"],
            "raw_line": rec[LINE],
            "parse_error": "; ".join(errors),
        })
    return pd.DataFrame(rows)


def _observation_kind(given: str, indicator_default: str, value: Parsed | None, period: str) -> str:
    """What an observation's number is: stated on the row, on the indicator, or read from the text. A
    change against the year before the period's (2025: 与2024年持平) is the year's change."""
    if given:
        return given
    if indicator_default:
        return indicator_default
    if value is not None and value.kind == "change":
        year_before = str(int(period[:4]) - 1) if is_period(period) and not is_year_to_date(period) else ""
        since_base = value.base_year is not None and str(value.base_year) != year_before
        return "change_since_base" if since_base else "yoy_change"
    if value is not None and value.kind == "cumulative":
        return "period_total"
    return "level"


def clean_observations(raw: RawTable, indicators: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × period (periods seen for the locality); a missing cell is a row too."""
    frame = raw.frame.copy()
    frame["code"] = frame["code"].map(_s)
    frame["period"] = frame["period"].map(_s)
    narrative = (statements[statements["field"] == "value"]
                 .drop_duplicates(["code", "period"]).set_index(["code", "period"])["text"])
    periods = sorted(set(frame["period"]), key=_period_sort_key)
    by_key = {(r["code"], r["period"]): r for r in frame.to_dict("records")}
    by_code = {r["code"]: r for r in indicators.to_dict("records")} if len(indicators) else {}
    # Rows whose code is unknown are kept (validation reports them), after the known ones.
    codes = list(indicators["code"]) if len(indicators) else []
    codes += [c for c in dict.fromkeys(frame["code"]) if c not in set(codes)]
    rows = []
    for code in codes:
        ind = by_code.get(code, {})
        numeric_target = ind.get("target_type") in ("level", "growth", "cumulative", "change")
        for period in periods:
            rec = by_key.get((code, period))
            errors: list[str] = []
            text = rec["value"] if rec else ""
            value = _parse_cell(text, "value", errors, _s(ind.get("unit"))) if rec else None
            if value is not None and value.kind == "qualitative" and numeric_target:
                # A number-free text is a fine qualitative target or value, but not the value of an
                # indicator whose target is a number: nothing could be judged from it.
                errors.append(f"value: cannot parse {text!r}: not a number, and not a known status word "
                              "(未出, 未统计, —, 完成省市下达指标, 预计可以完成 …; see helpers/plan/vocab/statuses.yaml)")
            yoy_text = _s(rec.get("yoy_growth")) if rec else ""
            yoy = _parse_cell(yoy_text, "yoy_growth", errors) if yoy_text else None
            narrative_text = narrative.get((code, period), "")
            narrative_value = _parse_cell(narrative_text, "statement", errors) if narrative_text else None
            rows.append({
                "code": code,
                "period": period,
                "t": _period_t(period),
                "is_partial_year": is_year_to_date(period),
                "is_reported": rec is not None,
                "value_text": text,
                **_fields("value", value),
                "is_estimate": bool(value and value.is_estimate),
                "remark": (value.remark or "") if value else "",
                "observation_kind": _observation_kind(_s(rec.get("value_kind")) if rec else "",
                                                      _s(ind.get("observation_kind")), value, period),
                "value_base_year": value.base_year if value else None,
                "data_period": _s(rec.get("data_period")) if rec else "",
                "breaks_series": _s(rec.get("breaks_series")).lower() in ("true", "yes", "1", "是") if rec else False,
                "yoy_growth_text": yoy_text,
                "yoy_growth_pct": signed(yoy),
                "yoy_comparator": (yoy.comparator or "") if yoy else "",
                "yoy_growth_real_pct": yoy.real if yoy else None,
                "narrative_text": narrative_text,
                "narrative_value": signed(narrative_value),
                "source": rec["source"] if rec else "",
                "note": _s(rec.get("note")) if rec else "",
                "raw_line": rec[LINE] if rec else None,
                "parse_error": "; ".join(errors),
            })
    columns = ["code", "period", "t", "is_partial_year", "is_reported", "value_text", *_fields("value", None),
               "is_estimate", "remark", "observation_kind", "value_base_year", "data_period", "breaks_series",
               "yoy_growth_text", "yoy_growth_pct", "yoy_comparator", "yoy_growth_real_pct", "narrative_text",
               "narrative_value", "source", "note", "raw_line", "parse_error"]
    return pd.DataFrame(rows, columns=columns)


def _period_t(period: str) -> float:
    try:
        return period_time(period)
    except (ValueError, OverflowError):
        return np.nan  # a malformed period: validation names it


def _period_sort_key(period: str) -> tuple[float, str]:
    t = _period_t(period)
    return (np.inf if np.isnan(t) else t, period)


def clean_side_table(raw: RawTable, text_column: str | None) -> pd.DataFrame:
    """Statements, published judgements and overrides: stripped text, plus a parsed number if asked."""
    frame = raw.frame.copy()
    for col in frame.columns:
        if col != LINE:
            frame[col] = frame[col].map(_s)
    if text_column:
        errors_col, numbers = [], []
        for text in frame[text_column]:
            errors: list[str] = []
            parsed = _parse_cell(text, text_column, errors) if text else None
            numbers.append(signed(parsed))
            errors_col.append("; ".join(errors))
        frame[f"{text_column}_number"] = numbers
        frame["parse_error"] = errors_col
    return frame.rename(columns={LINE: "raw_line"})


def clean_published(raw: RawTable) -> pd.DataFrame:
    """Published judgements with the class of their wording (vocab/judgements.yaml); '' = unknown wording."""
    frame = clean_side_table(raw, None)
    classes = [vocab.judgement_class(text) for text in frame["judgement"]] if len(frame) else []
    frame["judgement_class"] = [c.key if c else "" for c in classes]
    frame["judgement_label"] = [c.label if c else "" for c in classes]
    frame["judgement_is_estimate"] = [bool(c and c.is_estimate) for c in classes]
    return frame


def clean_tables(raw: dict[str, RawTable], locality: Locality) -> dict[str, pd.DataFrame]:
    statements = clean_side_table(raw["statements"], "text")
    indicators = clean_indicators(raw["indicators"], statements, locality)
    return {
        "indicators": indicators,
        "observations": clean_observations(raw["observations"], indicators, statements),
        "statements": statements,
        "published": clean_published(raw["published"]),
        "overrides": clean_side_table(raw["overrides"], None),
    }


def write_processed(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write the processed tables into `folder` (the pipeline passes data/processed/<locality>)."""
    out = require_folder(folder, "write_processed(tables, paths.processed_dir(locality))", "processed")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def read_processed(folder: Path) -> dict[str, pd.DataFrame]:
    """Processed tables as written by the clean stage. Every column is read as text (a column of plain
    numbers must not turn into floats), then the numeric and true/false columns are converted."""
    folder = require_folder(folder, "read_processed(paths.processed_dir(locality))", "processed")
    tables = {}
    for name in PROCESSED_TABLES:
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for col in frame.columns:
            if col in _NUMERIC:
                frame[col] = pd.to_numeric(frame[col], errors="coerce")
            elif col in _BOOLEAN:
                frame[col] = frame[col].eq("True")
        tables[name] = frame
    return tables


_NUMERIC = ("baseline_number", "target_number", "planned_growth_pct", "value_number", "yoy_growth_pct",
            "yoy_growth_real_pct",
            "narrative_value", "text_number", "t", "raw_line", "target_value", "target_level", "value_base_year")
_BOOLEAN = ("is_partial_year", "is_reported", "is_estimate", "baseline_stated", "breaks_series",
            "baseline_is_estimate", "target_is_estimate", "value_is_estimate", "judgement_is_estimate")
