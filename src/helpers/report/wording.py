"""The Jinja2 environment of the review: all Chinese wording lives in `templates/*.j2`.

Templates see facts only through `f("id")` (an HTML element, escaped); autoescaping is on, so a name
or a reason from the data can never inject markup.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from helpers.plan.model import period_months


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("helpers.report", "templates"), autoescape=select_autoescape(["j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def period_label(period: str) -> str:
    """A reporting period as the review names it: 2022 → 2022年, 2023Q1 → 2023年一季度, 2023H1 → 2023年上半年,
    2023Q3 → 2023年前三季度, 2023M07 → 2023年1—7月."""
    year, part = period[:4], period[4:]
    names = {"": "", "Q1": "一季度", "H1": "上半年", "Q3": "前三季度"}
    return f"{year}年{names[part] if part in names else f'1—{period_months(period)}月'}"


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def reason_codes() -> set[str]:
    """The engine reason codes that have a sentence template (templates/reasons.j2)."""
    module = environment().get_template("reasons.j2").module
    return {name for name in dir(module) if not name.startswith(("_", "rule_"))}


def code_sentence(code: str, item: dict[str, Any]) -> Markup:
    """The sentence of one engine code (reason, quality note, proposal, check, disagreement) for an
    indicator item or a check row; empty when the code has no template (test_review lists such codes)."""
    module = environment().get_template("reasons.j2").module
    macro = getattr(module, code, None) if code else None
    return Markup(str(macro(item)).strip()) if macro else Markup("")


def reason_sentence(item: dict[str, Any]) -> Markup:
    """The sentence for an indicator's judgement reason code."""
    return code_sentence(item.get("reason_code") or "", item)
