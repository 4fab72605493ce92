"""The review document's content: seed 004's structure, laid out from recorded facts by Jinja2 templates.

Python here only gathers what each part needs (which facts, which classes, which periods); every Chinese
word is in `templates/*.j2`, which an office can edit. Numbers reach the page only as fact elements
(`FactBook`), which helpers.report.render links to the notebook cell that recorded them.

Sections, in the order of the review (the `sec-*` cells of 04_review):
    title      title, plan period, 前言
    progress   一、主要指标完成情况 (per category: paragraphs, chart) — or 规划指标概览 for a baseline-only plan
    table-main 表1
    conclusion 二、重点任务实施情况评价; 三、(一) 总体评价
    proposals  三、(二) 指标调整建议 and 表2; 四、形势和举措; 五、保障措施
    quality    附件一 数据质量说明
    method     附件二 评估方法; 附件三 数据来源
    generated  generation time
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd
from markupsafe import Markup

from helpers.engine import method as method_mod
from helpers.plan import vocab
from helpers.plan.model import Locality, is_year_to_date, names_its_change, period_time
from helpers.report import narrative as narrative_mod
from helpers.report import wording
from helpers.report.classes import (  # noqa: F401  (ALL_CLASSES re-exported)
    ALL_CLASSES, BEHIND, END_CLASSES, MID_CLASSES, ON_TRACK, numbered_judgements,
)
from helpers.report.classes import judgement as _judgement
from helpers.report.facts import Fact, FactError
from helpers.report.facts_tables import (  # noqa: F401  (re-exported for the notebooks)
    WARNING_COLUMNS, blank, count_numbered, data_facts, evaluation_facts, narrative_facts, params_facts,
    period_label, plan_facts, rows_facts, summary_facts, top_code, warning_facts,
)

NOT_JUDGED = {"无法评价", "指标调整", ""}


class FactBook:
    """The facts a review may print; asking for one that was never recorded is an error."""

    def __init__(self, facts: Mapping[str, Fact]) -> None:
        self.facts = dict(facts)

    def add(self, facts: Mapping[str, tuple[Any, ...]]) -> None:
        for fid, (value, text, *rest) in facts.items():
            self.facts[fid] = Fact(fid, value, text, note=rest[0] if rest else "")

    def has(self, fid: str) -> bool:
        return fid in self.facts

    def text(self, fid: str) -> str:
        if fid not in self.facts:
            raise FactError(f"fact {fid!r} was not recorded by any notebook")
        return self.facts[fid].text

    def value(self, fid: str) -> Any:
        return self.facts[fid].value if fid in self.facts else None

    def __call__(self, fid: str) -> Markup:
        """A figure as an HTML element that helpers.report.render links to its notebook cell. A fact
        without a digit (a name, a status word) is printed as plain text: links and the dotted underline
        are for numbers."""
        text = self.text(fid)
        if not any(ch.isdigit() for ch in text):
            return Markup(html.escape(text))
        return Markup(f'<span class="fact" data-fact="{html.escape(fid)}">{html.escape(text)}</span>')

    def get(self, fid: str) -> Markup | None:
        return self(fid) if fid in self.facts else None


# ---------------------------------------------------------------- what the templates get

def document_kind(loc: Locality, mode: str, has_data: bool) -> str:
    """mid (中期评估), end (终期评估), baseline (规划指标概览) or annual (年度计划执行情况)."""
    if loc.kind == "annual":
        return "annual"
    if not has_data:
        return "baseline"
    return "end" if mode == "end" else "mid"


def _status_kind(status: str, status_class: str) -> str:
    if status_class == "adjusted":
        return "adjusted"
    if status_class in ("met", "not_met", "qualitative", "relational"):
        return "words"
    if status in ("未统计",):
        return "not_counted"
    if status in ("—", "-", "/", "－", ""):
        return "none"
    if status in vocab.load("statuses").get("annual_only", []):
        return "annual_only"
    return "missing"  # 未出, 由市级测算未发布, …


def _values(fb: FactBook, code: str, obs: pd.DataFrame) -> list[dict[str, Any]]:
    """The observations of one indicator, consecutive status words merged ('2021年、2022年数据尚未发布')."""
    out: list[dict[str, Any]] = []
    for r in obs.to_dict("records"):
        if not str(r.get("is_reported", "True")) in ("True", "true", "1"):
            continue
        key = f"obs.{code}.{r['period']}"
        label = fb(f"period.{r['period']}")
        estimate = str(r.get("is_estimate")) == "True" or "预计" in str(r.get("note", ""))
        if fb.has(key):
            yoy = fb.get(f"{key}.yoy")
            pct = r.get("yoy_growth_pct")
            out.append({"kind": "number", "labels": [label], "value": fb(key), "estimate": estimate,
                        "comparator": r.get("value_comparator") or "", "qualifier": r.get("value_qualifier") or "",
                        "remark": r.get("remark") or "", "yoy": yoy,
                        "yoy_down": (not blank(pct)) and float(pct) < 0, "yoy_above": r.get("yoy_comparator") in (">", "≥"),
                        "yoy_real": fb.get(f"{key}.yoy_real"),
                        "yoy_real_down": (fb.value(f"{key}.yoy_real") or 0) < 0 if fb.has(f"{key}.yoy_real") else False,
                        # a change stated in the value column (同比增长11.4%): said as a change in its own unit,
                        # never as a level in the indicator's unit
                        "change": r.get("observation_kind") in ("yoy_change", "change_since_base"),
                        "change_base_year": fb.get(f"{key}.base_year"),
                        "change_down": (fb.value(key) or 0) < 0, "change_unit": r.get("value_unit") or ""})
            continue
        if fb.has(f"{key}.yoy"):  # no level, a growth beside it (— | 0.7): the growth is what the table says
            pct = r.get("yoy_growth_pct")
            out.append({"kind": "growth_only", "labels": [label], "estimate": estimate, "yoy": fb(f"{key}.yoy"),
                        "yoy_down": (not blank(pct)) and float(pct) < 0, "yoy_real": fb.get(f"{key}.yoy_real")})
            continue
        status = str(r.get("value_status") or r.get("value_text") or "")
        kind = _status_kind(status, str(r.get("value_status_class") or ""))
        words = fb(f"{key}.words") if fb.has(f"{key}.words") else Markup.escape(status)
        adjusted_to = Markup.escape(re.sub(r"^(指标)?调整为", "", status)) if kind == "adjusted" else ""
        if out and out[-1]["kind"] == kind and out[-1].get("status") == status:
            out[-1]["labels"].append(label)
        else:
            out.append({"kind": kind, "labels": [label], "status": status, "words": words, "adjusted_to": adjusted_to})
    return out


def _num(row: Mapping[str, Any], col: str) -> float | None:
    v = row.get(col)
    try:
        return None if blank(v) else float(v)
    except (TypeError, ValueError):
        return None


def _same(a: Any, b: float | None) -> bool:
    """The same figure, computed or read (a growth compounded from 5.0 is 5.000000000000004)."""
    return a is not None and b is not None and math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-12)


def _s(row: Mapping[str, Any], col: str) -> str:
    """A text column of evaluation.csv; blank (None, NaN, '') is ''."""
    v = row.get(col)
    return "" if blank(v) else str(v)


def _projection_ok(row: Mapping[str, Any], ind: Mapping[str, Any]) -> bool:
    """Projections a reader can trust: not for ranks, and a share stays between 0 and 100."""
    p = _num(row, "projection")
    if p is None or ind.get("measure") == "rank":
        return False
    return not (ind.get("unit") == "%" and not 0 <= p <= 100)


def indicator_items(fb: FactBook, evaluation: pd.DataFrame, indicators: pd.DataFrame,
                    observations: pd.DataFrame) -> list[dict[str, Any]]:
    ind_by = {r["code"]: r for r in indicators.to_dict("records")}
    items = []
    for row in evaluation.to_dict("records"):
        c = str(row["code"])
        ind = ind_by.get(c, {})
        obs = observations[observations["code"].astype(str) == c]
        progress, tau = _num(row, "progress"), _num(row, "tau")
        cagr_obs, cagr_req = _num(row, "cagr_observed"), _num(row, "cagr_required")
        level_like = ind.get("measure") in ("flow", "stock") and ind.get("unit") != "%"
        judgement = _judgement(row)
        reason = _s(row, "reason")
        latest_obs = obs[obs["period"].astype(str) == _s(row, "latest_period")]
        latest_obs_estimate = bool(len(latest_obs)) and (
            str(latest_obs.iloc[0].get("is_estimate")) == "True" or "预计" in str(latest_obs.iloc[0].get("note", "")))
        numbers = [v for v in _values(fb, c, obs) if v["kind"] == "number"]
        # the period the values sentence ends with: the last reported one (a column the table left empty for this
        # indicator, 2018年1—7月 beside 2018年上半年, is not said)
        reported = obs[obs["is_reported"].astype(str).isin(("True", "true", "1"))] if "is_reported" in obs else obs
        last_period = str(reported["period"].iloc[-1]) if len(reported) else ""
        latest_is_last = bool(numbers) and _s(row, "latest_period") == last_period and \
            fb.has(f"obs.{c}.{last_period}") and _same(fb.value(f"obs.{c}.{last_period}"), _num(row, "latest_value"))
        items.append({
            "latest_is_last": latest_is_last,
            "code": c, "code_f": fb(f"ind.{c}.code"), "name": fb(f"ind.{c}.name"), "unit": ind.get("unit", "") or "",
            "category": row.get("category", ind.get("category", "")), "measure": ind.get("measure", ""),
            "direction": ind.get("direction", ""), "names_its_change": names_its_change(str(ind.get("name", ""))),
            "latest_down": (_num(row, "latest_value") or 0) < 0, "target_range": fb.get(f"ind.{c}.target_range"),
            # 时间过半、任务过半 says a level's progress once half the time has passed; not a growth compared with another
            "half_time": _s(row, "judgement_rule") != "relational_growth" and (tau is None or tau >= 0.5 - 1e-9),
            "attribute": ind.get("attribute", ""), "values": _values(fb, c, obs),
            "baseline": fb.get(f"ind.{c}.baseline"), "baseline_words": fb.get(f"ind.{c}.baseline_words"),
            "baseline_comparator": ind.get("baseline_comparator") or "",
            "baseline_year": fb(f"ind.{c}.baseline_year"), "target_year": fb(f"ind.{c}.target_year"),
            "target": fb.get(f"ind.{c}.target"), "target_words": fb.get(f"ind.{c}.target_words"),
            # a target cell with words or a figure (a dash or an empty cell states none)
            "target_stated": fb.has(f"ind.{c}.target") or bool(re.search(r"\w", str(ind.get("target_text") or ""))),
            "target_comparator": ind.get("target_comparator") or "", "target_type": ind.get("target_type") or "",
            "change_basis": ind.get("change_basis") or "", "first_year": fb("meta.first_year"),
            "change_falls": (_num(ind, "target_value") or 0) < 0,
            # the level a change target means (77.3 加 1 → 78.3): the engine judged the level from the baseline
            # (not the chain of yearly changes, whose target_value is the amount of change)
            "target_value_is_level": _num(row, "baseline_used") is not None,
            "target_qualifier": ind.get("target_qualifier") or "", "planned_growth": fb.get(f"ind.{c}.planned_growth"),
            "planned_growth_comparator": ind.get("planned_growth_comparator") or "",
            "target_year_yoy": fb.get(f"obs.{c}.{ind.get('target_year')}.yoy"),
            "growth_gap": fb.get(f"ev.{c}.growth_gap"),
            "growth_gap_sign": (0 if not fb.has(f"ev.{c}.growth_gap") or abs(fb.value(f"ev.{c}.growth_gap")) < 1e-9
                                else 1 if fb.value(f"ev.{c}.growth_gap") > 0 else -1),
            "judgement": judgement, "computed_judgement": str(row.get("computed_judgement") or judgement),
            "decided": _s(row, "judgement_source") not in ("", "computed"),
            "published": _s(row, "published_judgement"),
            "agrees": row.get("agrees"), "rule": _s(row, "rule"),
            "judgement_rule": _s(row, "judgement_rule"),
            "half_year_rule": _s(row, "half_year_rule"),
            "latest": fb.get(f"ev.{c}.latest_value"), "latest_period": fb.get(f"ev.{c}.latest_period"),
            "latest_is_partial": is_year_to_date(_s(row, "latest_period")),
            "latest_estimate": str(row.get("latest_is_estimate")) == "True" or str(row.get("rests_on_estimate")) == "True"
            or latest_obs_estimate,
            "from_narrative": str(row.get("latest_from_narrative")) == "True",
            "progress": fb.get(f"ev.{c}.progress"), "tau": fb.get(f"ev.{c}.tau"),
            "progress_negative": progress is not None and progress < 0,
            "ahead_of_time": progress is not None and tau is not None and progress >= tau,
            "cagr_observed": fb.get(f"ev.{c}.cagr_observed") if level_like else None,
            "cagr_required": fb.get(f"ev.{c}.cagr_required") if level_like else None,
            "cagr_down": cagr_obs is not None and cagr_obs < 0, "cagr_required_down": cagr_req is not None and cagr_req < 0, "required_down": (_num(row, "required_growth") or 0) < 0,
            "faster": cagr_obs is not None and cagr_req is not None and cagr_obs >= cagr_req,
            "required_growth": fb.get(f"ev.{c}.required_growth") if level_like and judgement not in ("提前完成", "完成") else None,
            "projection": fb.get(f"ev.{c}.projection") if _projection_ok(row, ind) else None,
            "reason_code": reason if re.fullmatch(r"[a-z][a-z0-9_]*", reason) else "",
            "proposal": _s(row, "proposal"), "proposal_value": fb.get(f"ev.{c}.proposal_value"),
            "proposal_value_has_unit": fb.text(f"ev.{c}.proposal_value").endswith(ind.get("unit") or "\0")
            if fb.has(f"ev.{c}.proposal_value") else False,
            "decision_reason": fb.get(f"ovr.{c}.reason"),
            "proposal_reason": None if re.fullmatch(r"[a-z][a-z0-9_]*", _s(row, "proposal_reason"))
            else _text_or_fact(fb, f"ev.{c}.proposal_reason", row.get("proposal_reason")),
            "proposal_decided": _s(row, "proposal_source").startswith("decided"),
            "required_pace": fb.get(f"ev.{c}.required_pace"), "pace_shown": fb.get(f"ev.{c}.pace_shown"),
            "pace_unit": _s(row, "pace_unit"), "required_pace_down": (_num(row, "required_pace") or 0) < 0, "pace_shown_down": (_num(row, "pace_shown") or 0) < 0,
            "h1_growth": fb.get(f"ev.{c}.h1_growth"), "h1_period": fb.get(f"period.{row.get('h1_period')}"),
            "reference_growth": fb.get(f"ev.{c}.reference_growth"), "target_value": fb.get(f"ev.{c}.target_value"),
            "binding_breaches": fb.get(f"ev.{c}.binding_breaches"), "break_period": fb.get(f"ev.{c}.break_period"),
            "n_points": fb.get(f"ev.{c}.n_points"), "proposal_horizon": fb.get(f"ev.{c}.proposal_horizon"),
            "reference_name": fb.get(f"ind.{row.get('reference_code')}.name") if not blank(row.get("reference_code")) else None,
            "quality_codes": [q for q in _s(row, "quality_notes").split(";") if q],
            "disagreement": _s(row, "disagreement"),
            "proposal_code": _s(row, "proposal_reason") if re.fullmatch(r"[a-z][a-z0-9_]*", _s(row, "proposal_reason")) else "",
            "proposal_method": _s(row, "proposal_method"),
            "contradicts_published": str(row.get("proposal_contradicts_published")) == "True",
            "implied_growth": fb.get(f"plan.{c}.implied_growth"), "yearly_change": fb.get(f"plan.{c}.yearly_change"),
            "yearly_change_down": (fb.value(f"plan.{c}.yearly_change") or 0) < 0,
            "yearly_change_zero": fb.has(f"plan.{c}.yearly_change") and fb.value(f"plan.{c}.yearly_change") == 0,
            "implied_down": (fb.value(f"plan.{c}.implied_growth") or 0) < 0,
        })
    return items


def warning_groups(fb: FactBook) -> list[dict[str, Any]]:
    """The validation warnings (facts warn.<i>.*) by problem: one group per rule and column, in the order
    first met, each listing the indicators it concerns (with the fact keys of their rows) and the rows that
    name no indicator. The annex lists a problem once, not once per cell."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for i in range(1, (fb.value("warn.n") or 0) + 1):
        k = f"warn.{i}."
        rule, column, code = fb.text(k + "rule"), fb.text(k + "column"), fb.text(k + "code")
        group = groups.setdefault((rule, column), {"rule": rule, "column": column, "codes": {}, "rows": []})
        if code:
            group["codes"].setdefault(code, []).append(k)
        else:
            group["rows"].append(k)
    return [{**g, "codes": list(g["codes"].items())} for g in groups.values()]


def method_rules(fb: FactBook, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The judgement rules of method.yaml that judged an indicator of this review, in the file's order, each
    text with its thresholds as the recorded facts param.<key> (the method annex: only what was applied)."""
    used = {i["judgement_rule"] for i in items}
    rules = []
    for entry in method_mod.load()["judgement_rules"]:
        if entry["id"] not in used:
            continue
        parts = method_mod.PLACEHOLDER.split(re.sub(r"\s+", "", entry["text_zh"]))  # text, key, text, …
        text = Markup("").join(fb(f"param.{part}") if k % 2 else Markup.escape(part) for k, part in enumerate(parts))
        rules.append({"id": entry["id"], "name": entry["name_zh"], "text": text})
    return rules


def _text_or_fact(fb: FactBook, fid: str, text: Any) -> Markup:
    if fb.has(fid):
        return fb(fid)
    return Markup.escape("" if blank(text) else str(text))


def count_facts(evaluation: pd.DataFrame) -> dict[str, tuple[Any, ...]]:
    """Counts by class over the plan's numbered indicators (03_evaluate records them)."""
    by_number = numbered_judgements(evaluation.to_dict("records"))
    n = len(by_number)
    facts: dict[str, tuple[Any, ...]] = {"cnt.n": (n, str(n), "按规划表编号计的指标个数（分项计为一项；分项评价不同时取较差者）")}
    for cls in dict.fromkeys(list(by_number.values())):
        k = sum(1 for j in by_number.values() if j == cls)
        facts[f"cnt.{cls}"] = (k, str(k), f"评价为“{cls}”的指标个数（按编号计）")
    on_track = sum(1 for j in by_number.values() if j in ON_TRACK)
    facts["cnt.on_track"] = (on_track, str(on_track), "按进度推进或已完成的指标个数（按编号计）")
    share = on_track / n if n else 0
    facts["cnt.on_track_share"] = (share, f"{round(share * 100)}%", "按进度推进的指标占比")
    behind = sum(1 for j in by_number.values() if j in BEHIND)
    facts["cnt.behind"] = (behind, str(behind), "落后于进度或未完成的指标个数（按编号计）")
    return facts


@dataclass
class Context:
    """Everything the templates of one review see."""

    fb: FactBook
    loc: Locality
    kind: str  # mid | end | baseline | annual
    items: list[dict[str, Any]]
    categories: list[str]
    periods: list[str]
    figures: dict[str, str]
    narrative: narrative_mod.Narrative
    has_published: bool
    missing_charts: dict[str, list[str]] = field(default_factory=dict)
    mode: str = "mid"  # the engine's scale: mid (graded against the time share) | end (完成 / 基本完成 / 未完成)

    def vars(self) -> dict[str, Any]:
        fb = self.fb
        by_category = [(cat, [i for i in self.items if i["category"] == cat]) for cat in self.categories]
        by_category = [(cat, rows) for cat, rows in by_category if rows]
        first = self.items[0]["code"] if self.items else ""
        return {
            "f": fb, "has": fb.has, "loc": self.loc, "kind": self.kind, "mode": self.mode, "items": self.items,
            "by_category": by_category, "periods": [fb(f"period.{p}") for p in self.periods if fb.has(f"period.{p}")],
            "figures": self.figures, "missing_charts": self.missing_charts, "has_published": self.has_published,
            "narrative": self.narrative_html, "has_narrative": self.narrative.has,
            "narrative_title": lambda sec, default: (self.narrative.sections[sec].title
                                                     if sec in self.narrative.sections and self.narrative.sections[sec].title
                                                     else default),
            "parts_merged": fb.value("meta.n_rows") != fb.value("meta.n_indicators"),
            # the scale the engine judged on: an annual plan is judged at its end, like a five-year plan's last year
            "classes": [c for c in (END_CLASSES if self.mode == "end" else MID_CLASSES) if fb.has(f"cnt.{c}")],
            "by_class": lambda cls: [i for i in self.items if i["judgement"] == cls],
            "proposals": [i for i in self.items if i["proposal"] in ("adjust_target", "remove", "replace")],
            # the annexes' own content, built only when their section is rendered
            "warning_groups": lambda: warning_groups(fb), "item_by_code": {i["code"]: i for i in self.items},
            "method_rules": lambda: method_rules(fb, self.items),
            "numerals": "一二三四五六七八九十", "first_code": first,
            "reason": wording.reason_sentence, "code_sentence": wording.code_sentence,
            "rule_basis": lambda it: wording.code_sentence("rule_" + it["judgement_rule"], it) if it["judgement_rule"] else "",
        }

    def narrative_html(self, section: str) -> Markup:
        sec = self.narrative.sections.get(section)
        if sec is None:
            return Markup("")

        def cite(fid: str) -> str:
            try:
                return str(self.fb(fid))
            except FactError as exc:
                raise narrative_mod.NarrativeError(f"{sec.file}: {exc}") from exc

        return Markup(narrative_mod.to_html(sec.body, cite, heading_offset=2))


def build(fb: FactBook, loc: Locality, evaluation: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
          summary: Mapping[str, Any], narr: narrative_mod.Narrative, figures: Mapping[str, str],
          missing_charts: Mapping[str, list[str]] | None = None) -> Context:
    has_data = summary["n_indicators"] > 0 and evaluation["latest_value"].notna().any()
    kind = document_kind(loc, summary["mode"], bool(has_data))
    observations = tables["observations"]
    observations = observations[observations["period"].map(period_time) <= period_time(loc.as_of)]  # none later
    periods = list(observations["period"].drop_duplicates())
    items = [{**item, "annual": loc.kind == "annual"}  # an annual plan's table is a 计划表 (templates)
             for item in indicator_items(fb, evaluation, tables["indicators"], observations)]
    return Context(fb, loc, kind, items, list(loc.categories), periods, dict(figures), narr,
                   bool(summary.get("n_published")), dict(missing_charts or {}), summary["mode"])


def section(name: str, ctx: Context) -> str:
    """One part of the review as HTML (templates/<name>.j2). A part this kind of review does not have (the
    conclusion of a baseline overview) is an HTML comment, so the render step still sees the cell's output."""
    return wording.render(f"{name}.j2", **ctx.vars()).strip() or f"<!-- {name}: not part of this review -->"
