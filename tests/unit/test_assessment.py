"""Plan-document consistency checks on yuecheng's transcribed data (data/raw/yuecheng)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from helpers.engine import assessment
from helpers.pipeline import config, paths
from helpers.plan import clean, rawdata
from helpers.engine.evaluate import EvaluationParams


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    loc = config.locality("yuecheng")
    return clean.clean_tables(rawdata.read_tables(paths.raw_dir(loc.id), paths.PROJ_ROOT), loc)


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
