"""The graded scale, the coarse 完成/未完成 view, and the classes of published wording.

Mid-term classes (national and provincial mid-term reviews): 提前完成 (target met), 快于预期, 基本符合预期,
滞后于进度, 难以完成, plus 无法评价 and 指标调整. End of period: 完成, 基本完成, 未完成, 无法评价, 指标调整.

Status (observed, column `status`): met | ahead | on_track | behind | regressed | breached | no_data |
not_evaluable | adjusted. Outlook (projected, column `outlook`): will_meet | close | short | away | unknown.
"""

from __future__ import annotations

import re

from typing import Literal

from helpers.plan import vocab
from helpers.engine.params import EvaluationParams

Judgement = Literal["提前完成", "快于预期", "基本符合预期", "滞后于进度", "难以完成",
                    "完成", "基本完成", "未完成", "无法评价", "指标调整"]
# unknown: a published wording the vocabulary does not know (validation warns, naming it); it is compared
# with nothing, so that it can neither agree nor disagree
Coarse = Literal["met", "not_met", "not_evaluated", "unknown"]
Status = Literal["met", "ahead", "on_track", "behind", "regressed", "breached", "no_data", "not_evaluable",
                 "adjusted"]
Outlook = Literal["will_meet", "close", "short", "away", "unknown"]

JUDGEMENTS_MID: tuple[str, ...] = ("提前完成", "快于预期", "基本符合预期", "滞后于进度", "难以完成", "无法评价", "指标调整")
JUDGEMENTS_END: tuple[str, ...] = ("完成", "基本完成", "未完成", "无法评价", "指标调整")

_COARSE: dict[str, Coarse] = {
    "提前完成": "met", "快于预期": "met", "基本符合预期": "met", "完成": "met", "基本完成": "met",
    "滞后于进度": "not_met", "难以完成": "not_met", "未完成": "not_met",
    "无法评价": "not_evaluated", "指标调整": "not_evaluated",
    # older and published spellings of the same classes
    "符合进度": "met", "符合预期": "met", "提前实现": "met", "滞后": "not_met", "落后于进度": "not_met",
}


def coarse_class(judgement: str) -> Coarse:
    """The coarse view of a graded judgement: met / not_met / not_evaluated."""
    return _COARSE.get(judgement.strip(), "not_evaluated")


# Classes of published wording, finer than coarse so that counts compare like with like:
#   done            完成, 提前完成, 符合进度 … (a numeric indicator on schedule)
#   done_assigned   完成省市下达指标 and the like: a qualitative target reported done
#   not_done        未完成, 滞后 …
#   adjusted        指标调整, 取消 …
#   none            —, empty
PublishedClass = Literal["done", "done_assigned", "not_done", "adjusted", "none"]


_VOCAB_CLASS: dict[str, PublishedClass] = {  # helpers.plan.vocab judgement class keys → the engine's classes
    "ahead": "done", "faster": "done", "on_schedule": "done", "basically_on_schedule": "done",
    "expected_complete": "done", "completed": "done", "completed_assigned": "done_assigned",
    "basically_completed": "done",
    "behind": "not_done", "hard": "not_done", "not_completed": "not_done",
    "not_evaluated": "none", "adjusted": "adjusted",
}


def published_class(text: str) -> PublishedClass:
    """Class of a published judgement's wording, from the plan layer's vocabulary (judgements.yaml, which an
    office extends). A wording it does not know is "none" here; validation warns, naming the wording."""
    found = vocab.judgement_class(text)
    return "none" if found is None else _VOCAB_CLASS[found.key]


def coarse_published(text: str) -> Coarse:
    """The coarse class of a published judgement (完成, 完成省市下达指标 → met; 未完成 → not_met; — → not_evaluated)."""
    cls = published_class(text)
    if cls == "none" and re.search(r"\w", str(text or "")):  # words, not an empty cell or a dash
        return "unknown"
    return "met" if cls in ("done", "done_assigned") else "not_met" if cls == "not_done" else "not_evaluated"


def grade(progress: float, tau: float, params: EvaluationParams) -> Status:
    """Status from progress against the time share, with the tolerance bands (relative to τ)."""
    if progress < 0:
        return "regressed"
    if progress >= (1 + params.ahead_band) * tau - 1e-9:
        return "ahead"
    if progress >= (1 - params.on_track_band) * tau - 1e-9:
        return "on_track"
    return "behind"


def near_boundary(progress: float | None, tau: float | None, params: EvaluationParams, end: bool) -> bool:
    """True when progress lies within `near_threshold` of the boundary that decided its class."""
    if progress is None or tau is None:
        return False
    edges = [params.basically_met_progress] if end else [(1 - params.on_track_band) * tau,
                                                           (1 + params.ahead_band) * tau]
    return any(abs(progress - e) < params.near_threshold for e in edges)


def outlook_of(met_at_T: bool | None, projected_progress: float | None, params: EvaluationParams) -> Outlook:
    if met_at_T:
        return "will_meet"
    if projected_progress is None:
        return "unknown"
    if projected_progress >= params.basically_met_progress:
        return "close"
    return "short" if projected_progress >= 0 else "away"


__all__ = [
    "Coarse", "JUDGEMENTS_END", "JUDGEMENTS_MID", "Judgement", "Outlook", "PublishedClass", "Status",
    "coarse_class", "coarse_published", "grade", "near_boundary", "outlook_of", "published_class",
]
