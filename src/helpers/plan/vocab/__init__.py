"""The vocabularies of plan tables, as data files an office can extend (this folder's *.yaml).

Each file is read once per process. `judgement_class` maps a published judgement in any official
wording to its class (judgements.yaml); the grammar (helpers.plan.grammar) reads comparators.yaml,
units.yaml, statuses.yaml and relations.yaml; the indicator model (helpers.plan.clean) meaning.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).parent


@functools.cache
def load(name: str) -> Any:
    """One vocabulary file (name without .yaml), parsed once."""
    with open(FOLDER / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _key(text: str) -> str:
    """Matching key: white space removed, full-width symbols folded (as the grammar does)."""
    from helpers.plan.grammar import normalise  # the grammar imports this module too

    return normalise(text)


@dataclass(frozen=True)
class JudgementClass:
    key: str  # ahead, faster, on_schedule, basically_on_schedule, behind, hard, expected_complete,
    # completed, basically_completed, not_completed, not_evaluated, adjusted
    label: str  # the grade on the review's scale (提前完成, 快于预期, …)
    stage: str  # mid_term, end or any
    is_estimate: bool  # the wording is a forecast (预计可以完成, 预计较难完成)


@functools.cache
def _judgements() -> dict[str, JudgementClass]:
    table: dict[str, JudgementClass] = {}
    for key, spec in load("judgements")["classes"].items():
        estimates = {_key(w) for w in spec.get("estimate_wordings", [])}
        for wording in spec["wordings"]:
            k = _key(str(wording))
            if k in table:
                raise ValueError(f"judgements.yaml: wording {wording!r} is in {table[k].key} and {key}")
            table[k] = JudgementClass(key, spec["label"], spec.get("stage", "any"),
                                      bool(spec.get("estimate")) or k in estimates)
    return table


_TRAILING = re.compile(r"[。．.!！]+$")


def judgement_class(text: str | None) -> JudgementClass | None:
    """The class of a published judgement wording, or None when the vocabulary does not know it.

    An empty text is None too; callers report an unknown wording (validation warns, naming it).
    """
    k = _TRAILING.sub("", _key(text or ""))
    if not k:
        return None
    found = _judgements().get(k)
    for prefix in load("judgements").get("ignore_prefixes") or []:
        if found is None and k.startswith(prefix) and len(k) > len(prefix):
            found = _judgements().get(k[len(prefix):])
    return found


def judgement_wordings() -> dict[str, str]:
    """Every known wording -> its class key (for documentation and tests)."""
    return {w: c.key for w, c in _judgements().items()}
