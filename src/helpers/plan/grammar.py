"""Turn the verbatim texts of plan tables into typed fields.

Plan tables mix numbers with comparators (`＞65`, `1500以上`), qualifiers (`5左右`, `83000（预计）`,
`[5]`, `年均增长7%`) and status words (`未出`, `—`, `完成省市下达指标`). `parse_text` reads every form
found in the seeds and raises `ParseError` naming the text for anything else, so nothing unknown
slips through as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from helpers.plan.model import Comparator

Kind = Literal["number", "status", "cumulative", "growth", "relational", "empty"]
StatusClass = Literal["missing", "met", "adjusted", "relational"]


class ParseError(ValueError):
    """A text that is none of the known forms."""

    def __init__(self, text: str, problem: str) -> None:
        super().__init__(f"cannot parse {text!r}: {problem}")
        self.text = text
        self.problem = problem


@dataclass(frozen=True)
class Parsed:
    text: str  # verbatim input
    kind: Kind
    number: float | None = None
    comparator: Comparator | None = None
    qualifier: str | None = None  # 以上 以内 左右 预计 累计 年均增长 下降 增长 高于 …
    status: str | None = None  # the status word, normalised (e.g. 完成省市下达指标)
    status_class: StatusClass | None = None
    is_estimate: bool = False
    is_percent: bool = False
    remark: str | None = None  # a parenthetical remark such as 由市级测算


# Symbols that offices type in full width or in several code points; digits are not in here on
# purpose: a full-width digit means the cell was typed in a word processor and is rejected.
_SYMBOLS = str.maketrans(
    {
        "＞": ">", "＜": "<", "＝": "=", "％": "%", "（": "(", "）": ")", "［": "[", "］": "]",
        "【": "[", "】": "]", "＋": "+", "－": "-", "−": "-", "．": ".", "～": "~", "—": "—",
        "―": "—", "–": "—",
    }
)
_FULLWIDTH_DIGITS = re.compile(r"[０-９]")
_THOUSANDS = re.compile(r"\d,\d{3}")

# Status words: the text is the whole cell.
_MISSING = {"—", "——", "-", "/", "未出", "未统计", "未发布", "尚未发布", "暂无", "无", "由市级测算未发布"}
_MET = {"完成省下达指标", "完成省市下达指标", "省下达指标", "省市下达指标", "完成下达指标"}
_RELATIONAL = {"与经济增长基本同步", "快于经济增长", "高于经济增长", "与经济增长同步"}
_ADJUSTED_PREFIX = "指标调整"

_NUMBER = r"(?P<num>[+-]?\d+(?:\.\d+)?)"
_PREFIX = {
    ">=": "≥", "<=": "≤", "≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=", "≈": "≈", "~": "≈",
    "不低于": "≥", "不高于": "≤", "不超过": "≤", "高于": ">", "超过": ">", "低于": "<",
}
_SUFFIX = {"以上": "≥", "以内": "≤", "以下": "≤", "左右": "≈"}
_VALUE = re.compile(
    r"^(?P<pre>>=|<=|≥|≤|>|<|=|≈|~|不低于|不高于|不超过|高于|超过|低于|下降|降低|增长|提高|约)?"
    + _NUMBER
    + r"(?P<pct>%)?(?P<suf>以上|以内|以下|左右)?(?:\((?P<paren>[^()]*)\))?$"
)
_GROWTH = re.compile(r"^(?:年均增长|年均增速|年均)" + _NUMBER + r"%?(?P<suf>以上|左右)?$")
_CUMULATIVE = re.compile(r"^\[" + _NUMBER + r"\]$")


def normalise(text: str) -> str:
    """Fold full-width symbols and drop all white space (PDF extraction breaks cells anywhere)."""
    return re.sub(r"\s+", "", text.translate(_SYMBOLS))


def status_class(status: str) -> StatusClass | None:
    """Which kind of status word a normalised text is, or None if it is none."""
    if status in _MISSING:
        return "missing"
    if status in _MET:
        return "met"
    if status in _RELATIONAL:
        return "relational"
    if status.startswith(_ADJUSTED_PREFIX):
        return "adjusted"
    return None


def parse_text(text: str | None) -> Parsed:
    """Parse one verbatim cell (target, baseline, value or growth text)."""
    raw = "" if text is None else str(text)
    clean = normalise(raw)
    if clean == "":
        return Parsed(raw, "empty")
    if _FULLWIDTH_DIGITS.search(clean):
        raise ParseError(raw, "full-width digits (type the number with ASCII digits 0-9)")
    if _THOUSANDS.search(clean):
        raise ParseError(raw, "thousands separator (write the number without commas)")

    cls = status_class(clean)
    if cls == "relational":
        return Parsed(raw, "relational", status=clean, status_class=cls)
    if cls is not None:
        return Parsed(raw, "status", status=clean, status_class=cls)

    if m := _CUMULATIVE.match(clean):
        return Parsed(raw, "cumulative", number=float(m["num"]), qualifier="累计")
    if m := _GROWTH.match(clean):
        comparator = _SUFFIX.get(m["suf"] or "")
        return Parsed(
            raw, "growth", number=float(m["num"]), comparator=comparator, qualifier="年均增长",
            is_percent=True,
        )
    if m := _VALUE.match(clean):
        return _parse_value(raw, m)
    raise ParseError(raw, "not a number, a known qualifier form or a known status word")


def _parse_value(raw: str, m: re.Match[str]) -> Parsed:
    number = float(m["num"])
    pre, suf, paren = m["pre"], m["suf"], m["paren"]
    comparator: Comparator | None = None
    qualifier: str | None = None
    if pre in ("下降", "降低"):
        number, qualifier = -number, pre
    elif pre in ("增长", "提高", "约"):
        qualifier = pre
        comparator = "≈" if pre == "约" else None
    elif pre:
        comparator = _PREFIX[pre]  # type: ignore[assignment]
        qualifier = pre if len(pre) > 1 and pre not in (">=", "<=") else None
    if suf:
        if comparator is not None:
            raise ParseError(raw, f"two comparators ({pre} and {suf})")
        comparator = _SUFFIX[suf]  # type: ignore[assignment]
        qualifier = suf
    is_estimate = paren is not None and "预计" in paren
    remark = None if paren is None or paren == "预计" else paren
    if is_estimate and qualifier is None:
        qualifier = "预计"
    return Parsed(
        raw, "number", number=number, comparator=comparator, qualifier=qualifier,
        is_estimate=is_estimate, is_percent=m["pct"] is not None, remark=remark,
    )


_UNITS = {"µg/m3": "µg/m³", "μg/m3": "µg/m³", "μg/m³": "µg/m³", "ug/m3": "µg/m³", "％": "%"}


def normalise_unit(unit: str | None) -> str:
    """One spelling per unit (the seeds write µg/m³ and µg/m3, micro sign and Greek mu)."""
    text = normalise(unit or "")
    return _UNITS.get(text, text)
