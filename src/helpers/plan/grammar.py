"""Turn the verbatim texts of plan tables into typed fields: a small grammar of Chinese plan tables.

A cell (target, baseline, value, growth) is read in this order, after full-width symbols are folded
and white space is dropped (PDF extraction breaks cells anywhere):

1. characters that would make a number silently wrong are refused (full-width or other non-ASCII
   digits, a space inside a number, control characters, thousands separators, too many digits);
2. marks around the figure are taken off and kept: footnotes (`60.6*`, `①`, `注`) -> `note`;
   estimates (`预计…`, `（预计）`) -> `is_estimate`; a bracketed comparator (`1500（以下）`); other
   bracketed remarks (`82.37（由市级测算）`) -> `remark`;
3. a text without a number is a status word (`未出`, `完成省市下达指标`, `预计较难完成`), a relation to
   another indicator (`高于GDP增长`, `与经济增长基本同步`) or a qualitative target (`保持…稳定`);
4. a text with a number is a period total (`[5]`, `〔13.5〕`, `累计110`), a yearly growth (`年均增长7%`),
   a change since the base year (`下降20%`, `较2015年下降16.7%`, `提高1个百分点`) or a number with
   comparator and unit (`1500以上`, `＞65`, `不低于7%`, `控制在3.5%以内`, `39.6万套`);
5. a compound text (`＞7、力争投入强度高于“十三五”时期实际`) is its binding part, the rest kept as `note`.

The words of each step are in the vocabulary files of `helpers/plan/vocab/` (an office extends them
without touching code). Anything else with a number raises `ParseError`, naming the text and the
nearest accepted form, so nothing unknown slips through as a number.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from helpers.plan import vocab
from helpers.plan.model import ChangeBasis, Comparator

Kind = Literal["number", "status", "cumulative", "growth", "change", "relational", "qualitative", "empty"]
StatusClass = Literal["missing", "met", "adjusted", "relational", "not_met", "qualitative"]

MAX_DIGITS = 15  # a float keeps 15 significant digits exactly; a longer number is a typing error


class ParseError(ValueError):
    """A text that is none of the known forms."""

    def __init__(self, text: str, problem: str, suggestion: str = "") -> None:
        hint = f" (nearest accepted form: {suggestion})" if suggestion else ""
        super().__init__(f"cannot parse {_short(text)!r}: {problem}{hint}")
        self.text = text
        self.problem = problem
        self.suggestion = suggestion


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Parsed:
    text: str  # verbatim input
    kind: Kind
    number: float | None = None  # as printed: 下降20% -> 20 with qualifier 下降 (change_sign gives -1)
    comparator: Comparator | None = None
    qualifier: str | None = None  # the word that qualifies the number: 以上 以内 左右 预计 累计 年均增长 下降 高于 …
    status: str | None = None  # the status or qualitative text, normalised (e.g. 完成省市下达指标)
    status_class: StatusClass | None = None
    is_estimate: bool = False
    is_percent: bool = False
    remark: str | None = None  # a parenthetical remark such as 由市级测算
    unit: str = ""  # unit or scale word in the text: 万套, 元, %, 个百分点, 岁
    change_basis: ChangeBasis | None = None  # relative (下降20%) or absolute (提高1个百分点, 提高1岁)
    base_year: int | None = None  # 较2015年下降16.7% -> 2015
    reference: str = ""  # the compared quantity of a relational text: GDP增长, 经济增长
    note: str = ""  # aspiration of a compound text, footnote mark
    real: float | None = None  # a rate at comparable prices stated beside the figure: 8.7（实际增长7.9） -> 7.9


# Symbols that offices type in full width or in several code points. Digits are not in here on
# purpose: a full-width digit means the cell was typed in a word processor and is rejected.
_SYMBOLS = str.maketrans(
    {
        "＞": ">", "＜": "<", "＝": "=", "％": "%", "（": "(", "）": ")", "［": "[", "］": "]",
        "【": "[", "】": "]", "〔": "[", "〕": "]", "＋": "+", "－": "-", "−": "-", "．": ".", "～": "~",
        "―": "—", "–": "—", "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "＊": "*", "；": ";",
    }
)
_ASCII_DIGIT = re.compile(r"[0-9]")
_THOUSANDS = re.compile(r"[0-9],[0-9]{3}")
_SPACE_IN_NUMBER = re.compile(r"[0-9.]\s+[0-9]")
_CHINESE_NUMBER = re.compile(r"[一二三四五六七八九两][十百千万亿]|[一二三四五六七八九两十](?:个百分点|个千分点|岁|倍)")
_NUMBER = r"(?P<num>[+-]?[0-9]+(?:\.[0-9]+)?)"
_PAREN_TAIL = re.compile(r"\(([^()]*)\)$")
_BASE_YEAR = re.compile(r"^(?:较|比|与|相比|同)(?P<year>[0-9]{4})年?(?:末|底)?(?:相比|比)?")


def normalise(text: str) -> str:
    """Fold full-width symbols and drop all white space (PDF extraction breaks cells anywhere)."""
    return re.sub(r"\s+", "", text.translate(_SYMBOLS))


def _alt(words: object) -> str:
    """A regex alternation, longest word first so that 不低于 wins over 低于."""
    items = sorted({normalise(str(w)) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w) for w in items if w)


@dataclass(frozen=True)
class _Grammar:
    prefix: dict[str, Comparator]
    weak: dict[str, Comparator]
    suffix: dict[str, Comparator]
    change: dict[str, int]
    growth: dict[str, int]
    cumulative: tuple[str, ...]
    aspiration: tuple[str, ...]
    separators: tuple[str, ...]
    estimate_prefix: tuple[str, ...]
    estimate_paren: frozenset[str]
    footnote: re.Pattern[str]
    value: re.Pattern[str]
    unit_alt: str
    absolute_units: frozenset[str]
    statuses: tuple[tuple[StatusClass, frozenset[str], tuple[str, ...], tuple[str, ...]], ...]
    relation_words: dict[str, Comparator]
    relation: re.Pattern[str]
    together: re.Pattern[str]
    together_comparator: Comparator
    basically: str
    base: re.Pattern[str]
    price: dict[str, str]
    real_rate: tuple[str, ...]
    more_than: re.Pattern[str]
    range: re.Pattern[str]
    relation_number: re.Pattern[str]


@functools.cache
def _grammar() -> _Grammar:
    cmp, units, statuses, rel = (vocab.load(n) for n in ("comparators", "units", "statuses", "relations"))
    prefix = {normalise(k): v for k, v in cmp["prefix"].items()}
    weak = {normalise(k): v for k, v in cmp["weak"].items()}
    suffix = {normalise(k): v for k, v in cmp["suffix"].items()}
    scale, base = _alt(units["scale"]), _alt(units["base"])
    one = f"(?:(?:{scale})?(?:{base}))"
    unit_alt = f"{_alt(units['special'])}|{one}(?:/{one})?|(?:{scale})"
    neutral = _alt(cmp["neutral"])
    value = re.compile(
        rf"^(?P<neutral>(?:{neutral})*)(?P<weak>{_alt(weak)})?(?:{neutral})*(?P<pre>{_alt(prefix)})?{_NUMBER}"
        rf"(?P<unit>{unit_alt})?(?P<suf>{_alt(suffix)})?$"
    )
    relation_words = {normalise(k): v for k, v in rel["words"].items()}
    year = r"(?:(?P<year>[0-9]{4})年?|“?十[一二三四五]五”?(?:时期)?|上年|上一年|去年|基期)"
    marks = _alt(cmp["footnote"])
    footnote = re.compile(rf"(?:(?:{marks})[0-9]?|\((?:注[0-9]?|[0-9])\)|\[注[0-9]?\])$")
    status_rows = tuple(
        (cls, frozenset(normalise(str(w)) for w in statuses[cls].get("exact") or []),
         tuple(normalise(str(w)) for w in statuses[cls].get("prefix") or []),
         tuple(normalise(str(w)) for w in statuses[cls].get("contains") or []))
        for cls in ("missing", "met", "not_met", "adjusted")
    )
    words = {normalise(k): v for k, v in rel["words"].items()}
    together = rel["together"]
    return _Grammar(
        prefix=prefix,
        weak=weak,
        suffix=suffix,
        change={normalise(k): int(v) for k, v in cmp["change"].items()},
        growth={normalise(k): int(v) for k, v in cmp["growth"].items()},
        cumulative=tuple(sorted((normalise(w) for w in cmp["cumulative"]), key=len, reverse=True)),
        aspiration=tuple(normalise(w) for w in cmp["aspiration"]),
        separators=tuple(normalise(s) or s for s in cmp["separators"]),
        estimate_prefix=tuple(sorted((normalise(w) for w in cmp["estimate_prefix"]), key=len, reverse=True)),
        estimate_paren=frozenset(normalise(w) for w in cmp["estimate_paren"]),
        footnote=footnote,
        value=value,
        unit_alt=unit_alt,
        absolute_units=frozenset(normalise(u) for u in units["absolute_change"]),
        statuses=status_rows,
        relation_words=words,
        relation=re.compile(rf"^(?:同期)?(?P<word>{_alt(words)})(?:同期)?(?P<ref>.+)$"),
        together=re.compile(
            rf"^(?:.*?)(?:{_alt(together['open'])})(?P<ref>[^与和同跟]+?)(?P<close>{_alt(together['close'])})$"),
        together_comparator=together["comparator"],
        basically=together["basically"],
        base=re.compile(rf"^(?:{_alt(cmp['base'])}|(?:较|比|与|同){year}(?:末|底|同期)?(?:相比|比)?)"),
        price={normalise(k): v for k, v in cmp["price"].items()},
        real_rate=tuple(sorted((normalise(w) for w in cmp["real_rate"]), key=len, reverse=True)),
        more_than=re.compile(rf"(?P<before>[0-9]|[万亿千百十])(?:{_alt(cmp['more_than'])})"),
        range=re.compile(rf"^(?P<lo>[0-9]+(?:\.[0-9]+)?)(?P<u1>%)?(?:{_alt(cmp['range'])})(?P<rest>[0-9].*)$"),
        relation_number=re.compile(rf"^(?:同期)?(?P<word>{_alt(relation_words)})(?P<ref>[^0-9+-]*[^0-9+\-.])(?P<rest>[0-9].*)$"),
    )


def status_class(status: str) -> StatusClass | None:
    """Which kind of status word a normalised text is (missing, met, not_met, adjusted), or None."""
    g = _grammar()
    for cls, exact, _, _ in g.statuses:
        if status in exact:
            return cls
    for cls, _, prefixes, contains in g.statuses:
        if status.startswith(prefixes) or any(c in status for c in contains):
            return cls
    return None


def parse_text(text: str | None) -> Parsed:
    """Parse one verbatim cell (target, baseline, value or growth text)."""
    raw = "" if text is None else str(text)
    _check_characters(raw)
    clean = normalise(raw)
    if clean == "":
        return Parsed(raw, "empty")
    if _THOUSANDS.search(clean):
        raise ParseError(raw, "thousands separator (write the number without commas)", _suggest(clean))
    return _parse(raw, clean)


def _check_characters(raw: str) -> None:
    """Refuse what would turn into a wrong number without a word: other digits, split numbers, controls."""
    for ch in raw:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            if "０" <= ch <= "９":
                raise ParseError(raw, "full-width digits (type the number with ASCII digits 0-9)")
            if unicodedata.category(ch) == "Nd":
                name = unicodedata.name(ch, f"U+{ord(ch):04X}")
                raise ParseError(raw, f"non-ASCII digit {ch!r} ({name}): type the number with ASCII digits 0-9")
        elif unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
            raise ParseError(raw, f"control character U+{ord(ch):04X} in the text (remove it)")
    if _SPACE_IN_NUMBER.search(raw.translate(_SYMBOLS)):
        raise ParseError(raw, "a space inside a number (is it one number or two? remove the space or split the cell)")


def _parse(raw: str, s: str) -> Parsed:
    g = _grammar()
    s, marks = _take_marks(raw, s)
    if not _ASCII_DIGIT.search(s):
        return replace(_wordy(raw, s), **marks)
    try:
        parsed = _estimate_qualifier(replace(_figure(raw, s), **marks))
        if parsed.remark == g.price[normalise("实际")] and parsed.number is not None:
            return replace(parsed, real=parsed.number * change_sign(parsed))  # 实际增长7.9%: the figure is real
        real = _real_rate(raw, str(marks.get("remark") or ""))
        return parsed if real is None else replace(parsed, real=real)
    except ParseError as first:
        for sep in g.separators:
            head, found, tail = s.partition(sep)
            if not found or not head:
                continue
            real = _real_rate(raw, tail)
            if real is not None and _ASCII_DIGIT.search(head):  # 名义增长5.3%，扣除价格因素实际增长5.1%
                head_raw, head_marks = _take_marks(raw, head)
                return replace(_estimate_qualifier(replace(_figure(raw, head_raw), **_merge(marks, head_marks))),
                               real=real)
            if _ASCII_DIGIT.search(tail) and not tail.startswith(g.aspiration):
                raise ParseError(raw, f"two figures in one cell ({head!r} and {tail!r}); keep the target and put "
                                      "an aspiration after 力争/争取", _suggest(s)) from None
            head_raw, head_marks = _take_marks(raw, head)
            parsed = _figure(raw, head_raw) if _ASCII_DIGIT.search(head_raw) else _wordy(raw, head_raw)
            note = "；".join(n for n in (head_marks.get("note", ""), marks.get("note", ""), tail) if n)
            merged = _merge(marks, head_marks) | {"note": note}
            return _estimate_qualifier(replace(parsed, **merged))
        raise first


def _real_rate(raw: str, text: str) -> float | None:
    """The rate of a text that states one at comparable prices (实际增长7.9, 可比价7.9%), signed; else None."""
    word = next((w for w in _grammar().real_rate if text.startswith(w)), None)
    rest = text[len(word):] if word else ""
    if not _ASCII_DIGIT.search(rest):
        return None
    try:
        rate = _figure(raw, rest)
    except ParseError:
        return None
    if rate.kind not in ("change", "number") or rate.number is None:
        return None
    return rate.number * change_sign(rate)


def _merge(a: dict[str, object], b: dict[str, object]) -> dict[str, object]:
    out = dict(a)
    for k, v in b.items():
        if k == "is_estimate":
            out[k] = bool(out.get(k)) or bool(v)
        elif k == "note":
            out[k] = "；".join(x for x in (str(out.get(k, "")), str(v)) if x)
        elif v:
            out[k] = v
    return out


def _take_marks(raw: str, s: str) -> tuple[str, dict[str, object]]:
    """Take footnote marks, estimate words and bracketed remarks off the figure; return what they say."""
    g = _grammar()
    notes: list[str] = []
    is_estimate = False
    remark: str | None = None
    paren_cmp: str | None = None
    changed = True
    while changed and s:
        changed = False
        # 注 ends words too (关注): it is a footnote only after a figure
        if (m := g.footnote.search(s)) and m.start() > 0 and (
                "注" not in m.group(0) or _ASCII_DIGIT.search(s[: m.start()])):
            notes.insert(0, m.group(0))
            s, changed = s[: m.start()], True
            continue
        if (m := _PAREN_TAIL.search(s)) and m.start() > 0:
            inner = m.group(1)
            if inner in g.estimate_paren:
                is_estimate = True
            elif inner in g.suffix:
                if paren_cmp is not None:
                    raise ParseError(raw, f"two comparators in brackets ({paren_cmp} and {inner})")
                paren_cmp = inner
            elif remark is None:
                remark = inner
            else:
                break
            s, changed = s[: m.start()], True
            continue
        for word in g.estimate_prefix:
            if s.startswith(word) and len(s) > len(word):
                is_estimate, s, changed = True, s[len(word):], True
                break
    if paren_cmp is not None:
        s = s + paren_cmp  # 1500（以下） reads as 1500以下; a second comparator is then an error
    marks: dict[str, object] = {"note": "".join(notes), "is_estimate": is_estimate}
    if remark is not None:
        marks["remark"] = remark
    return s, marks


_FLAT = ("持平", "基本持平")


def _flat(raw: str, s: str) -> Parsed | None:
    """与上年持平, 与2024年基本持平: no change against the base (a change of 0), or None."""
    m = _grammar().base.match(s)
    if m is None or s[m.end():] not in _FLAT:
        return None
    return Parsed(raw, "change", number=0.0, qualifier=s[m.end():], change_basis="absolute",
                  base_year=int(m["year"]) if m["year"] else None)


def _wordy(raw: str, s: str) -> Parsed:
    """A text without an ASCII number: status word, relation or qualitative target."""
    g = _grammar()
    if flat := _flat(raw, s):
        return flat
    cls = status_class(s)
    if cls is not None and s in next(e for c, e, _, _ in g.statuses if c == cls):
        return Parsed(raw, "status", status=s, status_class=cls)
    if m := g.together.match(s):
        return _relation(raw, s, g.together_comparator, m["close"], m["ref"])
    if (m := g.relation.match(s)) and not _CHINESE_NUMBER.search(s):
        return _relation(raw, s, g.relation_words[m["word"]], m["word"], m["ref"])
    if cls is not None:
        return Parsed(raw, "status", status=s, status_class=cls)
    if _CHINESE_NUMBER.search(s):
        raise ParseError(raw, "a number written in Chinese numerals (type it with ASCII digits 0-9)", _suggest(s))
    if re.search(r"[\u3400-\u9fff]", s):
        return Parsed(raw, "qualitative", status=s, status_class="qualitative")
    raise ParseError(raw, "not a number, a known qualifier form or a known status word", _suggest(s))


def _relation(raw: str, s: str, comparator: Comparator, word: str, ref: str) -> Parsed:
    """A relation to another quantity (高于GDP增长, 与经济增长基本同步, 高于全国平均水平). The clean step
    finds the indicator of the table it means (relations.yaml: references) or warns that it cannot."""
    ref = re.sub(r"^(?:同期|全年|当年)", "", ref) or ref
    return Parsed(raw, "relational", comparator=comparator, qualifier=word, status=s, status_class="relational",
                  reference=ref)


def reference_key(text: str) -> str:
    """Which reference quantity of relations.yaml a compared text means (GDP增长, 收入增长 …), or ''."""
    for entry in vocab.load("relations")["references"]:
        if any(normalise(str(w)) in text for w in entry["text"]):
            return str(entry["key"])
    return ""


def change_sign(parsed: Parsed) -> int:
    """-1 when the text's word lowers the level (下降, 降低, 年均下降, 少增), else +1. Parsed.number stays as
    printed (下降20% -> 20); the clean step multiplies by this sign where it needs a signed change."""
    if parsed.kind not in ("change", "growth") or not parsed.qualifier:
        return 1
    g = _grammar()
    return -1 if (g.change.get(parsed.qualifier, 1) < 0 or g.growth.get(parsed.qualifier, 1) < 0) else 1


def _figure(raw: str, s: str) -> Parsed:
    """A text with a number: period total, yearly growth, change, relation with a margin, or a number."""
    g = _grammar()
    s = re.sub(r"^连续(?:[0-9]+|多)年", "", s)  # 连续8年稳定在1.3万亿斤以上: the years are no figure of the target
    if m := re.fullmatch(rf"\[(?P<inner>[^\[\]]+)\](?P<unit>{g.unit_alt})?", s):
        inner = _number(raw, m["inner"])
        return replace(inner, kind="cumulative", qualifier="累计", unit=inner.unit or m["unit"] or "",
                       is_percent=inner.is_percent or m["unit"] == "%")
    if flat := _flat(raw, s):
        return flat
    base_year, base = None, ""
    if m := g.base.match(s):
        base_year, base, s = (int(m["year"]) if m["year"] else None), m.group(0), s[m.end():]
    s = s[1:] if s.startswith("再") else s  # 再降低20%: a further fall, still a change
    remark = None
    for word, note in g.price.items():
        if s.startswith(word) or re.match(rf"^(?:年均|年平均|平均|[两三四五]年平均){word}", s):
            s, remark = s.replace(word, "", 1), note
            break
    for words, kind in ((g.growth, "growth"), (g.change, "change")):
        word = next((w for w in sorted(words, key=len, reverse=True) if s.startswith(w)), None)
        if word is None or (base and kind == "growth"):
            continue
        rest = s[len(word):]
        if rest[:1] in ("到", "至"):  # 提高到41.65%: the level it reaches, not a change
            return replace(_number(raw, rest[1:]), qualifier=word + rest[0], remark=remark)
        parsed = _number(raw, rest)
        if kind == "growth":
            return replace(parsed, kind="growth", qualifier=word, is_percent=True, remark=remark or parsed.remark)
        basis: ChangeBasis = "absolute" if parsed.unit in g.absolute_units or not parsed.is_percent else "relative"
        return replace(parsed, kind="change", qualifier=word, change_basis=basis, base_year=base_year,
                       remark=remark or parsed.remark)
    if base:
        raise ParseError(raw, f"{base} without a change word (write 较2015年下降16.7% or 比上年提高1个百分点)",
                         _suggest(base + s))
    if m := g.relation_number.match(s):
        # 高于全国1.5个百分点: a relation with a margin in the quantity's unit
        parsed = _number(raw, m["rest"])
        return replace(parsed, kind="relational", comparator=g.relation_words[m["word"]], qualifier=m["word"],
                       status_class="relational", reference=m["ref"])
    word = next((w for w in g.cumulative if s.startswith(w) and len(s) > len(w)), None)
    if word is not None:
        parsed = _number(raw, s[len(word):])
        return replace(parsed, kind="cumulative", qualifier="累计")
    if not g.value.match(s) and (m := re.match(rf"^(?P<subject>[^0-9]+?)(?=(?:{_alt(g.change)}|{_alt(g.growth)})[0-9再超不高低达])", s)):
        # 单位国内生产总值能耗降低2.5%左右: the indicator named before its change; the name goes to remark
        return replace(_figure(raw, s[m.end():]), remark=m["subject"])
    return _number(raw, s)


def _number(raw: str, s: str) -> Parsed:
    g = _grammar()
    more_than = False
    if m := g.more_than.search(s):  # 266万余套, 6100多所
        s, more_than = s[: m.start()] + m["before"] + s[m.end():], True
    remark = None
    if m := g.range.match(s):  # 6%-6.5%: at least the lower bound; the range is kept
        hi = _number(raw, m["rest"])
        s, remark = m["lo"] + (m["u1"] or hi.unit) + "以上", f"区间{m['lo']}–{m['rest']}"
    m = g.value.match(s)
    if m is None:
        raise ParseError(raw, "not a number, a known qualifier form or a known status word", _suggest(s))
    digits = m["num"].lstrip("+-").split(".")[0].lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise ParseError(raw, f"a number with {len(digits)} digits before the decimal point (at most {MAX_DIGITS}: "
                              "is it mistyped?)")
    number = float(m["num"])
    if not math.isfinite(number):
        raise ParseError(raw, "the number is too large")
    pre, suf, weak = m["pre"], m["suf"], m["weak"]
    comparators = [c for c in (g.prefix.get(pre or ""), g.suffix.get(suf or "")) if c]
    if len(set(comparators)) > 1:
        raise ParseError(raw, f"two comparators ({pre} and {suf})", _suggest(s))
    comparator = comparators[0] if comparators else g.weak.get(weak or "") or (">" if more_than else None)
    qualifier = suf or (pre if pre and not re.fullmatch(r"[<>=≥≤≈~]+", pre) else None) or weak
    unit = m["unit"] or ""
    return Parsed(raw, "number", number=number, comparator=comparator, qualifier=qualifier,
                  is_percent=unit == "%", unit=unit, remark=remark)


# --- the nearest accepted form, for messages --------------------------------------------------------

def _shape(text: str) -> str:
    """A text's form: every number is 9 and every unit U, so 约1500亿元左右 and 5左右 look alike."""
    shape = re.sub(r"[+-]?[0-9]+(?:\.[0-9]+)?", "9", normalise(text))
    return re.sub(rf"(?<=9)(?:{_grammar().unit_alt})", "U", shape)


@functools.cache
def _forms() -> tuple[tuple[str, str], ...]:
    return tuple((str(f["text"]), _shape(str(f["text"]))) for f in vocab.load("forms")["forms"])


def _suggest(s: str) -> str:
    forms = _forms()
    best = difflib.get_close_matches(_shape(s), [shape for _, shape in forms], n=1, cutoff=0.3)
    return next((text for text, shape in forms if best and shape == best[0]), "")


def _estimate_qualifier(parsed: Parsed) -> Parsed:
    """A plain estimate (83000（预计）) has 预计 as its qualifier."""
    if parsed.is_estimate and parsed.qualifier is None and parsed.kind == "number":
        return replace(parsed, qualifier="预计")
    return parsed


_UNITS = {"µg/m3": "µg/m³", "μg/m3": "µg/m³", "μg/m³": "µg/m³", "ug/m3": "µg/m³", "％": "%"}


def scale_factor(text_unit: str, unit: str) -> float | None:
    """The factor that turns a number written in `text_unit` into the indicator's `unit`: 1 for the same
    unit, 10000 for 万亿元 → 亿元 (the same base, other scale words of units.yaml), None when the two are not
    scales of one base (亿斤 vs 万吨, 人 vs 元)."""
    a, b = normalise_unit(text_unit), normalise_unit(unit)
    if a == b:
        return 1.0
    scales = {normalise(str(k)): float(v) for k, v in vocab.load("units")["scale"].items()}
    words = sorted(scales, key=len, reverse=True)

    def split(u: str) -> tuple[float, str]:
        for w in words:
            if u.startswith(w) and len(u) > len(w):
                return scales[w], u[len(w):]
        return 1.0, u

    (fa, base_a), (fb, base_b) = split(a), split(b)
    return fa / fb if base_a == base_b and base_a else None


def normalise_unit(unit: str | None) -> str:
    """One spelling per unit (the seeds write µg/m³ and µg/m3, micro sign and Greek mu)."""
    text = normalise(unit or "")
    return _UNITS.get(text, text)
