"""The benchmark's arithmetic: the goals it judges and where the marginal locality's time goes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers.tools import bench

STAGES = ("01_clean", "02_validate", "03_evaluate", "04_review")


def result(marginal_s: float, floor_s: float, per_locality: tuple[float, float], noop_s: float = 1.0,
           rss_mb: float = 600.0) -> dict[str, Any]:
    """A bench result with every stage costing 2 s (papermill 1.5 s: 0.5 s to the first cell, 0.8 s of cells)."""
    notebooks = {s: {"papermill_s": 1.5, "before_first_cell_s": 0.5, "cells_s": 0.8,
                     "slowest_cells": {"validate": 0.6} if s == "02_validate" else {"charts": 0.4}} for s in STAGES}
    stages = {s: {"process_s": 2.0, "papermill_s": 1.5, "peak_rss_mb": 100.0} for s in STAGES}
    stages |= {"render": {"process_s": 3.0, "papermill_s": 0.0, "peak_rss_mb": 100.0},
               "index": {"process_s": 1.0, "papermill_s": 0.0, "peak_rss_mb": 100.0}}
    return {
        "floor": {"python -c pass": 0.1, "papermill empty notebook": floor_s},
        "imports": {"import great_expectations": 3.0},
        "real": {"localities": 3, "seconds": 60.0, "peak_rss_mb": rss_mb, "stages_run": 13},
        "marginal": {"seconds": marginal_s, "peak_rss_mb": rss_mb, "stages_run": 5},
        "noop": {"seconds": noop_s, "peak_rss_mb": 60.0, "stages_run": 0},
        "stages": stages, "notebooks": notebooks, "render_parts": {"collect facts": 0.1},
        "scale": [{"n": n, "seconds": n * s, "per_locality_s": s, "peak_rss_mb": rss_mb, "stages_run": 4 * n + 1,
                   "lock_mb": 0.1, "lock_rewrite_s": 1.0} for n, s in zip((10, 50), per_locality)],
    }


def verdicts(r: dict[str, Any]) -> list[bool]:
    return [g["pass"] for g in bench.goals(r)]


def test_goals_pass_at_the_thresholds_and_fail_beyond():
    assert verdicts(result(marginal_s=3.0, floor_s=1.5, per_locality=(10.0, 13.0), noop_s=3.0)) == [True] * 4
    assert verdicts(result(marginal_s=3.1, floor_s=1.5, per_locality=(10.0, 13.1), noop_s=3.1,
                           rss_mb=2048.0)) == [False] * 4


def test_linearity_is_judged_only_with_two_sizes():
    r = result(marginal_s=30.0, floor_s=1.5, per_locality=(10.0, 20.0))
    r["scale"] = r["scale"][:1]
    assert [g["goal"].split(":")[0] for g in bench.goals(r)] == [
        "marginal cost per locality ≤ 2 × bare papermill run", "no-op dvc repro ≤ 3 s",
        "peak RSS of the process tree < 2 GB"]


def test_breakdown_adds_up_to_the_marginal_run():
    r = result(marginal_s=30.0, floor_s=1.5, per_locality=(10.0, 12.0))
    parts = bench.breakdown(r)
    assert sum(parts.values()) == pytest.approx(30.0)
    assert parts["python + papermill import, 4 stage processes"] == pytest.approx(4 * 0.5)
    assert parts["papermill after the last cell (kernel stop, write)"] == pytest.approx(4 * 0.2)
    assert parts["GX import in 02_validate"] == pytest.approx(0.6)  # the validate cell, when smaller than the import
    assert parts["DVC (status, hashing, cache, dvc.lock), 5 stages"] == pytest.approx(30.0 - 12.0)


def test_table_names_every_goal_and_the_result_is_json(tmp_path: Path):
    r = result(marginal_s=30.0, floor_s=1.5, per_locality=(10.0, 20.0))
    r["breakdown"], r["goals"] = bench.breakdown(r), bench.goals(r)
    text = bench.table(r)
    assert "[FAIL] marginal cost per locality" in text and "[FAIL] linear: per-locality time at 50" in text
    assert "[PASS] no-op dvc repro" in text
    assert json.loads(json.dumps(r, ensure_ascii=False)) == r
