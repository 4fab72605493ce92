"""The engine's contract with the report layer: every code it emits is listed in reasons.py with columns that
exist, and method.yaml names every threshold by its params key."""

from __future__ import annotations

import pytest

from helpers.engine import assessment
from helpers.engine.evaluate import EvaluationParams
from helpers.pipeline import config
from tests.unit.engine_cases import locality_tables


# ---------------------------------------------------------------- the engine's contract with the report layer

def _codes(cell: str) -> list[str]:
    return [c for c in str(cell).split(";") if c]


@pytest.mark.parametrize("locality,as_of", [("yuecheng", "2023H1"), ("shaoxing-13th", "2020"), ("shaoxing", "2020")])
def test_every_emitted_code_is_listed_in_reasons(locality: str, as_of: str) -> None:
    from helpers.engine.reasons import REASONS

    result = assessment.assess(locality_tables(locality), as_of, EvaluationParams())
    ev = result.evaluation
    emitted = {("judgement", c) for c in ev["reason"]} | {("proposal", c) for c in ev["proposal_reason"] if c}
    emitted |= {("disagreement", c) for c in ev["disagreement"] if c}
    emitted |= {("quality", c) for cell in ev["quality_notes"] for c in _codes(cell)}
    emitted |= {("check", c) for c in result.checks["check"]}
    for kind, code in emitted:
        assert code in REASONS, code
        listed = REASONS[code].kind
        # a check code may be a note of its indicator, a quality code may be a row of checks.csv
        assert listed == kind or {listed, kind} <= {"quality", "check"}, (code, kind, listed)


def test_reasons_name_only_existing_columns() -> None:
    from helpers.engine.checks import CHECK_COLUMNS
    from helpers.engine.reasons import REASONS

    columns = set(assessment.EVALUATION_COLUMNS) | set(CHECK_COLUMNS)
    for code, reason in REASONS.items():
        assert set(reason.columns) <= columns, (code, set(reason.columns) - columns)
        assert reason.meaning


def test_method_yaml_names_existing_params_and_rules_and_types_no_number() -> None:
    import re
    from dataclasses import fields
    from pathlib import Path

    import yaml

    import helpers.engine

    method = yaml.safe_load((Path(helpers.engine.__file__).parent / "method.yaml").read_text(encoding="utf-8"))
    keys = {f.name for f in fields(EvaluationParams)}
    assert keys == set(config.load_params()["evaluate"])  # every threshold is declared in params.yaml

    def walk(node: object) -> list[dict]:
        if isinstance(node, dict):
            return [node, *[x for v in node.values() for x in walk(v)]]
        if isinstance(node, list):
            return [x for v in node for x in walk(v)]
        return []

    for entry in walk(method):
        text = entry.get("text_zh", "")
        placeholders = set(re.findall(r"\{(\w+)\}", text))
        assert placeholders <= keys and placeholders <= set(entry.get("params", [])), (text, placeholders)
        assert not re.search(r"\d", re.sub(r"\{\w+\}", "", text)), text  # thresholds by key, never typed
    rules = {r["id"] for r in method["judgement_rules"]}
    ev = assessment.assess(locality_tables("yuecheng"), "2023H1", EvaluationParams()).evaluation
    assert set(ev["judgement_rule"]) <= rules
    assert set(ev["rule"]) <= set(method["indicator_rules"]) | {"not_stated"}


def test_evaluation_csv_round_trip(tmp_path) -> None:
    ev = assessment.assess(locality_tables("yuecheng"), "2023H1", EvaluationParams()).evaluation
    ev.to_csv(tmp_path / "evaluation.csv", index=False)
    back = assessment.read_evaluation(tmp_path / "evaluation.csv")
    assert list(back.columns) == assessment.EVALUATION_COLUMNS
    documented = ["code", "name", "unit", "rule", "latest_period", "latest_value", "tau", "progress", "projection",
                  "judgement", "published_judgement", "published_class", "agrees", "proposal", "proposal_value",
                  "reason", "target", "target_value", "status", "outlook", "judgement_rule", "rests_on_estimate",
                  "quality_notes"]
    assert set(documented) <= set(back.columns)
    assert back["rests_on_estimate"].dtype == bool and back["agrees"].isin([True, False, None]).all()
    assert back["progress"].dtype == float and back["code"].tolist() == [str(c) for c in ev["code"]]
    assert (back["target"] != "").sum() >= 30  # the verbatim target text is kept


def test_method_sections_cover_every_rule_with_its_params() -> None:
    from dataclasses import fields

    from helpers.engine import method

    rows = method.sections()
    ids = {(r["section"], r["id"]) for r in rows}
    assert ("judgement_rules", "pace_and_outlook") in ids and ("open_sdg", "open_sdg") in ids
    keys = {f.name for f in fields(EvaluationParams)}
    used = {k for r in rows for k in r["params"]}
    assert used <= keys
    # every threshold that changes a judgement is explained somewhere in the appendix
    assert {"on_track_band", "ahead_band", "plausible_rate_factor", "pace_window_years", "basically_met_progress",
            "approx_tolerance_pct", "sync_tolerance_pp", "min_trend_points", "judge_on_h1_estimate"} <= used
    assert all(r["name_zh"] and r["text_zh"] for r in rows)
