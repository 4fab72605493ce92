"""The judgement classes as the review and the index count them, and the plan's numbering of indicators.

Plain Python without pandas: the index stage, which runs on every `dvc repro` that changes a locality,
imports this and not the review (pandas alone took half of that stage's time).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

# Judgement classes of both scales, best first; groups used for counting and wording.
MID_CLASSES = ("提前完成", "快于预期", "基本符合预期", "符合进度", "滞后于进度", "滞后", "难以完成", "无法评价", "指标调整")
END_CLASSES = ("完成", "基本完成", "未完成", "无法评价", "指标调整")
ON_TRACK = {"提前完成", "快于预期", "基本符合预期", "符合进度", "完成", "基本完成"}
BEHIND = {"滞后于进度", "滞后", "难以完成", "未完成"}
ALL_CLASSES = (*(c for c in MID_CLASSES if c not in END_CLASSES), *END_CLASSES)  # both scales, the worst last
WORST = {c: i for i, c in enumerate(ALL_CLASSES)}


def top_code(code: str) -> str:
    """The plan's own number of an indicator: 19a … 19d are parts of indicator 19."""
    m = re.match(r"\d+", str(code))
    return m.group() if m else str(code)


def numbered_judgements(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """One judgement per numbered indicator of evaluation.csv's rows: parts (19a–19d) share one number;
    their worst class counts."""
    out: dict[str, str] = {}
    for r in rows:
        key, j = top_code(str(r["code"])), judgement(r)
        if key not in out or WORST.get(j, 0) > WORST.get(out[key], 0):
            out[key] = j
    return out


def judgement(row: Mapping[str, Any]) -> str:
    """The judgement column of a row; blank (None, NaN, '') is ''."""
    value = row.get("judgement")
    return "" if value is None or value != value or value == "" else str(value)
