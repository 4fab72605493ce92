"""Plan-document consistency checks on yuecheng's transcribed data (data/raw/yuecheng)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from helpers.engine import assessment
from helpers.pipeline import config
from helpers.plan import clean, rawdata
from helpers.engine.evaluate import EvaluationParams


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    loc = config.locality("yuecheng")
    return clean.clean_tables(rawdata.read_tables(loc.id), loc)


def stated_progress_codes(tables: dict[str, pd.DataFrame], params: EvaluationParams) -> list[str]:
    checks = assessment.assess(tables, "2023H1", params).checks
    return sorted(checks.loc[checks["check"] == "stated_progress", "code"].astype(str))


def test_stated_progress_is_flagged_beyond_the_threshold_only(tables):
    stated = tables["statements"]
    assert (stated["field"] == "progress_stated").any()
    flagged = stated_progress_codes(tables, EvaluationParams())
    assert flagged  # seed 004's stated 完成进度 figures are not what its own table gives
    assert stated_progress_codes(tables, dataclasses.replace(EvaluationParams(), progress_check_pp=1000.0)) == []


def test_threshold_is_declared_in_params_yaml():
    settings = config.load_params()["evaluate"]
    assert "progress_check_pp" in settings  # so DVC re-runs evaluate when an analyst changes it
    assert EvaluationParams.from_mapping({**settings, "progress_check_pp": 3.0}).progress_check_pp == 3.0


# ---------------------------------------------------------------- the engine's contract with the report layer

def _codes(cell: str) -> list[str]:
    return [c for c in str(cell).split(";") if c]


@pytest.mark.parametrize("locality,as_of", [("yuecheng", "2023H1"), ("shaoxing-13th", "2020"), ("shaoxing", "2020")])
def test_every_emitted_code_is_listed_in_reasons(locality: str, as_of: str) -> None:
    from helpers.engine.reasons import REASONS

    loc = config.locality(locality)
    result = assessment.assess(clean.clean_tables(rawdata.read_tables(loc.id), loc), as_of, EvaluationParams())
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
    loc = config.locality("yuecheng")
    ev = assessment.assess(clean.clean_tables(rawdata.read_tables(loc.id), loc), "2023H1", EvaluationParams()).evaluation
    assert set(ev["judgement_rule"]) <= rules
    assert set(ev["rule"]) <= set(method["indicator_rules"]) | {"not_stated"}
