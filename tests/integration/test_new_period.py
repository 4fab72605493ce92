"""A new reporting period, as the README walks through it: add 2023 values, set as_of "2023", dvc repro."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from .conftest import run

pytestmark = pytest.mark.integration

# TEST DATA, not published figures: a few 2023 full-year values for yuecheng.
TEST_ROWS = (
    "1,2023,1350,6.1%,测试数据（tests/integration/test_new_period.py）,测试数据：非公布数值\n"
    "3,2023,88.2,9.5%,测试数据（tests/integration/test_new_period.py）,测试数据：非公布数值\n"
    "14,2023,800,12%,测试数据（tests/integration/test_new_period.py）,测试数据：非公布数值\n"
)
GIT = ["git", "-c", "user.name=plan-review tests", "-c", "user.email=tests@plan-review.invalid"]


def test_new_reporting_period(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)  # with .dvc (cache) and dvc.lock: the built state
    run(["git", "add", "-A"], root)  # the summaries (DVC metrics) are committed with the rest
    run([*GIT, "commit", "-q", "-m", "review as of 2023H1"], root)
    old_review = (root / "reports/yuecheng/2023H1/review.html").read_bytes()

    observations = root / "data/raw/yuecheng/observations.csv"
    assert observations.read_text(encoding="utf-8").endswith("\n")
    with open(observations, "a", encoding="utf-8", newline="") as f:
        f.write(TEST_ROWS)
    params = root / "params.yaml"
    text = params.read_text(encoding="utf-8")
    assert text.count('as_of: "2023H1"') == 1
    params.write_text(text.replace('as_of: "2023H1"', 'as_of: "2023"'), encoding="utf-8")

    done = run(["dvc", "repro"], root)
    ran = set(re.findall(r"Running stage '([^']+)'", done.stdout))
    assert ran == {"split-params", "review@yuecheng", "index"}, done.stdout  # params.yaml changed
    assert (root / "reports/yuecheng/2023H1/review.html").read_bytes() == old_review
    review = (root / "reports/yuecheng/2023/review.html").read_text(encoding="utf-8")
    assert re.search(r'data-fact="meta.as_of"><a [^>]+>2023年<', review)  # 评估时点 2023年
    assert re.search(r'data-fact="obs.1.2023"><a [^>]+>1350<', review)  # a test value reached the review
    assert (root / "reports/yuecheng/2023/review.docx").stat().st_size > 0
    assert "yuecheng" in (root / "reports/index.html").read_text(encoding="utf-8")

    params_diff = run(["dvc", "params", "diff", "--json"], root).stdout
    assert json.loads(params_diff)["params.yaml"]["localities.yuecheng.as_of"] == {"old": "2023H1", "new": "2023"}
    shown = run(["dvc", "params", "diff"], root).stdout
    assert "localities.yuecheng.as_of" in shown and "2023H1" in shown

    metrics = json.loads(run(["dvc", "metrics", "diff", "--json"], root).stdout)
    changed = metrics["data/summary/yuecheng.json"]
    assert any(d.get("old") != d.get("new") for d in changed.values()), changed
    assert not any(k.startswith("data/summary/shaoxing") for k in metrics), metrics
