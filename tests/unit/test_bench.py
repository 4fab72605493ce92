"""The benchmark's arithmetic: the goals it judges and where the marginal locality's time goes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers.tools import bench

STAGES = ("01_clean", "02_validate", "03_evaluate", "04_review")


def result(marginal_s: float, floor_s: float, per_locality: tuple[float, float], noop_s: float = 1.0,
           rss_mb: float = 600.0, edit_s: float = 5.0) -> dict[str, Any]:
    """A bench result whose locality command takes 8 s: four notebooks of papermill 1.5 s each (0.5 s to the
    first cell, 0.8 s of cells), 02 and 03 at the same time (from 1.6 s to 3.1 and 3.2 s), 04 from 3.3 s,
    and a render step of 1.0 s; the index takes 1 s."""
    starts = {"01_clean": 0.0, "02_validate": 1.6, "03_evaluate": 1.7, "04_review": 3.3}
    notebooks = {s: {"papermill_s": 1.5, "started_s": starts[s], "ended_s": starts[s] + 1.5,
                     "before_first_cell_s": 0.5, "cells_s": 0.8,
                     "slowest_cells": {"validate": 0.6} if s == "02_validate" else {"charts": 0.4}} for s in STAGES}
    parts = {**{s: 1.5 for s in STAGES}, "render": 1.0}
    stages = {"all": {"process_s": 8.0, "papermill_s": 6.0, "parts_s": parts, "peak_rss_mb": 300.0},
              "all (fresh kernels)": {"process_s": 10.0, "papermill_s": 8.0, "parts_s": parts, "peak_rss_mb": 300.0}}
    stages |= {s: {"process_s": 2.0, "papermill_s": 1.5, "parts_s": {s: 1.5}, "peak_rss_mb": 100.0} for s in STAGES}
    stages |= {"render": {"process_s": 3.0, "papermill_s": 0.0, "parts_s": {}, "peak_rss_mb": 100.0},
               "index": {"process_s": 1.0, "papermill_s": 0.0, "parts_s": {}, "peak_rss_mb": 100.0}}
    return {
        "renderer": "nbconvert",
        "floor": {"python -c pass": 0.1, "papermill empty notebook": floor_s},
        "imports": {"import great_expectations": 3.0},
        "real": {"localities": 3, "seconds": 60.0, "peak_rss_mb": rss_mb, "stages_run": 4},
        "marginal": {"seconds": marginal_s, "peak_rss_mb": rss_mb, "stages_run": 2},
        "noop": {"seconds": noop_s, "peak_rss_mb": 60.0, "stages_run": 0},
        "edit": {"seconds": edit_s, "peak_rss_mb": rss_mb, "stages_run": 2, "review_current": True},
        "stages": stages, "notebooks": notebooks, "render_parts": {"collect facts": 0.1},
        "scale": [{"n": n, "seconds": n * s, "per_locality_s": s, "peak_rss_mb": rss_mb, "stages_run": n + 1,
                   "lock_mb": 0.1, "lock_rewrite_s": 1.0} for n, s in zip((10, 50), per_locality)],
    }


def verdicts(r: dict[str, Any]) -> list[bool]:
    return [g["pass"] for g in bench.goals(r)]


def test_goals_pass_at_the_thresholds_and_fail_beyond():
    assert verdicts(result(marginal_s=9.0, floor_s=1.5, per_locality=(10.0, 12.0), noop_s=2.0, edit_s=12.0)) == [True] * 5
    assert verdicts(result(marginal_s=9.1, floor_s=1.5, per_locality=(10.0, 12.1), noop_s=2.1, edit_s=12.1,
                           rss_mb=2048.0)) == [False] * 5


def test_edit_loop_fails_when_the_review_is_not_current():
    r = result(marginal_s=9.0, floor_s=1.5, per_locality=(10.0, 12.0), edit_s=1.0)
    r["edit"]["review_current"] = False
    edit = next(g for g in bench.goals(r) if g["goal"].startswith("edit loop"))
    assert not edit["pass"] and "NOT current" in edit["measured"]


def test_linearity_is_judged_only_with_two_sizes():
    r = result(marginal_s=30.0, floor_s=1.5, per_locality=(10.0, 20.0))
    r["scale"] = r["scale"][:1]
    assert [g["goal"].split(":")[0] for g in bench.goals(r)] == [
        "marginal cost per locality ≤ 6 × bare papermill run", "no-op dvc repro ≤ 2 s",
        "edit loop (raw data edited → review current) ≤ 8 × bare papermill run",
        "peak RSS of the process tree < 2 GB"]


def test_breakdown_adds_up_to_the_marginal_run():
    r = result(marginal_s=30.0, floor_s=1.5, per_locality=(10.0, 12.0))
    parts = bench.breakdown(r)
    assert sum(v for k, v in parts.items() if not k.startswith(bench.WITHIN)) == pytest.approx(30.0)
    assert parts["stage process: python, papermill and helpers imports, two kernels started and stopped"] == (
        pytest.approx(8.0 - 4.8 - 1.0))  # the notebooks span 0 to 4.8 s
    assert parts["02_validate and 03_evaluate at the same time"] == pytest.approx(3.2 - 1.6)
    assert parts["between the notebooks (kernel resets, waiting for the other kernel)"] == pytest.approx(
        4.8 - 1.6 - 1.5 - 1.5)
    assert parts[f"{bench.WITHIN}, 02's validate cell (GX import unless warm, the expectations, Data Docs)"] == 0.6
    assert parts["render after the last notebook (review page, .docx; the notebook pages are written meanwhile)"] == pytest.approx(1.0)
    assert parts["DVC (status, hashing, cache, dvc.lock) and split-params"] == pytest.approx(30.0 - 8.0 - 1.0)


def test_table_names_every_goal_and_the_result_is_json(tmp_path: Path):
    r = result(marginal_s=30.0, floor_s=1.5, per_locality=(10.0, 20.0))
    r["breakdown"], r["goals"] = bench.breakdown(r), bench.goals(r)
    text = bench.table(r)
    assert text.startswith("renderer of the review: nbconvert")
    assert "[FAIL] marginal cost per locality" in text and "[FAIL] linear: per-locality time at 50" in text
    assert "[PASS] no-op dvc repro" in text
    assert json.loads(json.dumps(r, ensure_ascii=False)) == r


def test_noop_goal_is_judged_at_the_largest_size_when_measured():
    r = result(marginal_s=9.0, floor_s=1.5, per_locality=(10.0, 12.0), noop_s=0.5)
    r["scale"][0]["noop_s"], r["scale"][-1]["noop_s"] = 0.6, 2.3
    noop = next(g for g in bench.goals(r) if g["goal"].startswith("no-op"))
    assert not noop["pass"] and noop["measured"] == "2.3 s at 50 localities"


def test_the_repeated_measurements_count_by_their_median_run():
    runs = [{"seconds": s, "cpu_s": s / 2, "peak_rss_mb": 1.0, "stages_run": 2} for s in (8.0, 7.0, 9.5)]
    chosen = bench.median_run(runs)
    assert chosen["seconds"] == 8.0 and chosen["cpu_s"] == 4.0 and chosen["runs_s"] == [8.0, 7.0, 9.5]
    assert "median of 8.0 / 7.0 / 9.5 s" in f"median of {bench._runs(chosen)}"
