"""The review document's content, built only from recorded facts.

Two halves:
- `*_facts` functions turn computed tables into facts ({id: (value, text)}); computing notebooks record
  them (01_clean: data, 02_validate: warnings, 03_evaluate: results), so each fact's cell is known.
- `FactBook` and the `section_*` functions (04_review) lay out the Chinese review from those facts.
  Every number in the text is a `<span class="fact" data-fact="…">`; helpers.report.render links each span to
  the executed notebook cell that recorded it. No number is typed here.
"""

from __future__ import annotations

import html
import math
from typing import Any, Iterable, Mapping

import pandas as pd

from helpers.plan.model import Locality
from helpers.report.facts import Fact, FactError, fmt_number, fmt_pct

FactMap = dict[str, tuple[Any, str]]

RULE_LABELS = {
    "level_floor": "下限型水平目标（不低于目标值）", "level_ceiling": "上限型水平目标（不高于目标值）",
    "rank": "排名目标（位次越小越好）", "approx": "约数目标（左右，按容差判断）", "growth_rate": "年均增速目标",
    "cumulative": "累计目标", "qualitative": "定性目标（完成上级下达指标）", "relational": "相对目标（与经济增长比较）",
}
HALF_YEAR_LABELS = {
    "h1_direct": "上半年数据为存量或比率，直接使用",
    "h1_yoy_estimate": "上半年为半年流量，按上半年同比增速推算全年（预计）",
    "latest_full_year": "上半年为半年流量且无同比增速，采用最近完整年度数据",
}
CAGR_CLASS_LABELS = {
    "target_achieved": "已达目标", "substantial_progress": "显著进展", "moderate_progress": "温和进展",
    "limited_progress": "进展有限", "deterioration": "倒退", "not_available": "无法计算",
}
PROPOSAL_LABELS = {"keep": "保持目标", "adjust_target": "调整目标", "remove": "取消指标", "replace": "替换指标", "": ""}


def period_label(period: str) -> str:
    return f"{period[:-2]}年上半年" if period.endswith("H1") else f"{period}年"


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return str(value)


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- facts recorded by the notebooks

def data_facts(tables: Mapping[str, pd.DataFrame], loc: Locality) -> FactMap:
    """Names, targets and values exactly as published (01_clean)."""
    ind, obs = tables["indicators"], tables["observations"]
    facts: FactMap = {
        "meta.n_indicators": (len(ind), str(len(ind))),
        "meta.n_categories": (ind["category"].nunique(), str(ind["category"].nunique())),
        "meta.plan_start": (loc.plan_start, f"{loc.plan_start}年"),
        "meta.plan_end": (loc.plan_end, f"{loc.plan_end}年"),
        "meta.as_of": (loc.as_of, period_label(loc.as_of)),
    }
    for period in obs["period"].drop_duplicates():
        facts[f"period.{period}"] = (period, period_label(period))
    for r in ind.to_dict("records"):
        c = r["code"]
        facts[f"ind.{c}.code"] = (c, c)
        facts[f"ind.{c}.name"] = (None, r["name"])
        facts[f"ind.{c}.unit"] = (None, r["unit"])
        facts[f"ind.{c}.baseline"] = (r["baseline_number"], r["baseline_text"])
        facts[f"ind.{c}.target"] = (r["target_number"], r["target_text"])
        facts[f"ind.{c}.baseline_year"] = (r["baseline_year"], f"{r['baseline_year']}年")
        facts[f"ind.{c}.target_year"] = (r["target_year"], f"{r['target_year']}年")
    for r in obs[obs["is_reported"].astype(bool)].to_dict("records"):
        key = f"obs.{r['code']}.{r['period']}"
        facts[key] = (r["value_number"], r["value_text"])
        if r["yoy_growth_text"]:
            facts[f"{key}.yoy"] = (r["yoy_growth_pct"], r["yoy_growth_text"])
    return facts


def _pct_points(value: Any) -> str:
    return "—" if _is_blank(value) else f"{fmt_number(float(value), 1)}%"


EVALUATION_FACT_FORMATS = {
    "latest_value": lambda v: fmt_number(v),
    "tau": fmt_pct,
    "progress": fmt_pct,
    "cagr_observed": lambda v: fmt_pct(v, 2),
    "cagr_required": lambda v: fmt_pct(v, 2),
    "cagr_ratio": lambda v: fmt_number(v, 2),
    "required_growth": _pct_points,
    "projection": lambda v: fmt_number(v),
    "gap_pct": _pct_points,
}


def _proposal_value(value: Any) -> tuple[Any, str]:
    """A computed proposal is a number (printed like the others); a decided one is verbatim text."""
    if _is_blank(value):
        return None, "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None, str(value)
    return number, fmt_number(number)


def evaluation_facts(evaluation: pd.DataFrame) -> FactMap:
    """Each indicator's computed results (03_evaluate), formatted as the review prints them."""
    facts: FactMap = {}
    for r in evaluation.to_dict("records"):
        c = r["code"]
        for col, fmt in EVALUATION_FACT_FORMATS.items():
            value = None if _is_blank(r[col]) else r[col]
            facts[f"ev.{c}.{col}"] = (value, "—" if value is None else fmt(value))
        facts[f"ev.{c}.latest_period"] = (r["latest_period"], period_label(r["latest_period"]) if r["latest_period"] else "—")
        facts[f"ev.{c}.proposal_reason"] = (None, _text(r["proposal_reason"]) or "—")
        facts[f"ev.{c}.proposal_value"] = _proposal_value(r["proposal_value"])
        facts[f"ev.{c}.reason"] = (None, _text(r["reason"]) or "—")
        source = _text(r["proposal_source"])
        facts[f"ev.{c}.proposal_source"] = (None, "计算" if source == "computed" else f"{source.removeprefix('decided: ')}（人工决定）")
    return facts


def summary_facts(summary: Mapping[str, Any]) -> FactMap:
    n = summary["n_indicators"]
    facts: FactMap = {"sum.n_indicators": (n, str(n))}
    for cls, count in summary["counts"].items():
        facts[f"sum.count.{cls}"] = (count, str(count))
        facts[f"sum.share.{cls}"] = (count / n if n else None, fmt_pct(count / n if n else None))
    for key in ("n_met", "n_not_met", "n_not_evaluated", "n_published", "n_agree"):
        value = summary[key]
        facts[f"sum.{key}"] = (value, str(value))
    facts["sum.share_met"] = (summary["n_met"] / n if n else None, fmt_pct(summary["n_met"] / n if n else None))
    return facts


def rows_facts(prefix: str, frame: pd.DataFrame, columns: Iterable[str]) -> FactMap:
    """A table shown in the review (warnings, checks): every cell a fact `<prefix>.<row>.<column>`."""
    facts: FactMap = {f"{prefix}.n": (len(frame), str(len(frame)))}
    for i, r in enumerate(frame.to_dict("records"), start=1):
        for col in columns:
            facts[f"{prefix}.{i}.{col}"] = (None, _text(r[col]))
    return facts


def params_facts(params: Mapping[str, Any]) -> FactMap:
    return {f"param.{k}": (v, fmt_number(v) if isinstance(v, (int, float)) else str(v)) for k, v in params.items()}


# ---------------------------------------------------------------- laying out the review

class FactBook:
    """The facts a review may print; asking for one that was never recorded is an error."""

    def __init__(self, facts: Mapping[str, Fact]) -> None:
        self.facts = dict(facts)

    def add(self, facts: FactMap) -> None:
        for fid, (value, text) in facts.items():
            self.facts[fid] = Fact(fid, value, text)

    def has(self, fid: str) -> bool:
        return fid in self.facts

    def text(self, fid: str) -> str:
        if fid not in self.facts:
            raise FactError(f"fact {fid!r} was not recorded by any notebook")
        return self.facts[fid].text

    def __call__(self, fid: str) -> str:
        """The fact as an HTML element; helpers.report.render links it to its notebook cell."""
        return f'<span class="fact" data-fact="{html.escape(fid)}">{html.escape(self.text(fid))}</span>'


def _e(text: str) -> str:
    return html.escape(str(text))


def section_title(fb: FactBook, loc: Locality, mode: str) -> str:
    kind = "终期评估报告" if mode == "end" else "中期评估报告"
    return (f"<h1>{_e(loc.name)}“{_e(loc.plan)}”规划纲要实施{kind}</h1>"
            f"<p class='subtitle'>规划期 {fb('meta.plan_start')}—{fb('meta.plan_end')}，评估时点 {fb('meta.as_of')}"
            f"{'（合成数据，仅供测试）' if loc.synthetic else ''}</p>")


def _unit_after(fb: FactBook, fid: str, unit: str) -> str:
    """The unit follows a number ('1191.5亿元'), not a status word or a remark ('3.1（预计）')."""
    text = fb.text(fid)
    return _e(unit) if text[-1:].isdigit() else ""


def _value_phrases(fb: FactBook, code: str, periods: list[str], unit: str) -> list[str]:
    out = []
    for p in periods:
        if not fb.has(f"obs.{code}.{p}"):
            continue
        phrase = f"{fb(f'period.{p}')}为 {fb(f'obs.{code}.{p}')}{_unit_after(fb, f'obs.{code}.{p}', unit)}"
        if fb.has(f"obs.{code}.{p}.yoy"):
            phrase += f"（同比 {fb(f'obs.{code}.{p}.yoy')}）"
        out.append(phrase)
    return out


def indicator_paragraph(fb: FactBook, row: Mapping[str, Any], periods: list[str], mode: str) -> str:
    c, unit = row["code"], row["unit"]
    head = f"<b>{fb(f'ind.{c}.code')}．{fb(f'ind.{c}.name')}。</b>"
    values = _value_phrases(fb, c, periods, unit)
    parts = ["；".join(values) + "。" if values else "本期无观测数据。"]
    parts.append(f"基期（{fb(f'ind.{c}.baseline_year')}）为 {fb(f'ind.{c}.baseline')}{_unit_after(fb, f'ind.{c}.baseline', unit)}，"
                 f"目标（{fb(f'ind.{c}.target_year')}）为 {fb(f'ind.{c}.target')}。")
    rule = RULE_LABELS.get(row["rule"], row["rule"] or "—")
    sentence = f"按{_e(rule)}评价"
    if row["half_year_rule"] in ("h1_yoy_estimate", "latest_full_year"):
        sentence += f"（{_e(HALF_YEAR_LABELS[row['half_year_rule']])}）"
    if not _is_blank(row["latest_value"]):
        estimated = "预计" if row["latest_is_estimate"] else ""
        sentence += f"：截至{fb(f'ev.{c}.latest_period')}{estimated}为 {fb(f'ev.{c}.latest_value')}"
        if row["latest_from_narrative"]:
            sentence += "（表中未列，取自报告正文）"
        if not _is_blank(row["progress"]):
            sentence += f"，完成进度 {fb(f'ev.{c}.progress')}，时间进度 {fb(f'ev.{c}.tau')}"
        if row["rule"] != "rank" and not _is_blank(row["cagr_observed"]) and not _is_blank(row["cagr_required"]):
            sentence += f"；基期以来年均增长 {fb(f'ev.{c}.cagr_observed')}，目标要求年均 {fb(f'ev.{c}.cagr_required')}"
            if row["cagr_class"] in CAGR_CLASS_LABELS:
                sentence += f"（增速比较：{CAGR_CLASS_LABELS[row['cagr_class']]}）"
        if mode == "mid" and not _is_blank(row["required_growth"]) and row["judgement"] not in ("提前完成",):
            sentence += f"；此后所需年均增速 {fb(f'ev.{c}.required_growth')}"
        if mode == "mid" and not _is_blank(row["projection"]):
            sentence += f"；按趋势预计{fb(f'ind.{c}.target_year')}达到 {fb(f'ev.{c}.projection')}"
    sentence += f"。评价：<b class='j'>{_e(row['judgement'])}</b>"
    if row["judgement_source"] != "computed" and row["judgement"] != row["computed_judgement"]:
        sentence += f"（人工决定，计算结果为{_e(row['computed_judgement'])}）"
    if row["published_judgement"]:
        sentence += f"；评估报告公布：{_e(row['published_judgement'])}"
    parts.append(sentence + "。")
    return f"<p class='indicator' id='ind-{_e(c)}'>{head}{''.join(parts)}</p>"


def section_progress(fb: FactBook, evaluation: pd.DataFrame, categories: list[str], periods: list[str],
                     figures: Mapping[str, str], mode: str) -> str:
    """一、规划发展目标完成情况分析: per category, per indicator a paragraph, and the category's chart."""
    numerals = "一二三四五六七八九十"
    scope = (f"{'、'.join(_e(c) for c in categories)}{fb('meta.n_categories')}个方面{fb('meta.n_indicators')}项指标"
             if len(categories) > 1 else f"{fb('meta.n_indicators')}项指标")
    out = [f"<h2>一、规划发展目标完成情况分析</h2><p>对照规划提出的{scope}，逐项分析完成情况。</p>"]
    for i, category in enumerate(categories):
        rows = evaluation[evaluation["category"] == category]
        if rows.empty:
            continue
        heading = category if category.endswith("指标") else f"{category}指标"
        out.append(f"<h3>（{numerals[i] if i < len(numerals) else i + 1}）{_e(heading)}</h3>")
        out += [indicator_paragraph(fb, r, periods, mode) for r in rows.to_dict("records")]
        if category in figures:
            out.append(f"<figure><img alt='{_e(category)}指标走势' src='{figures[category]}'>"
                       f"<figcaption>{_e(category)}指标：实际值与目标路径</figcaption></figure>")
    if "overview" in figures:
        out.append(f"<figure><img alt='完成进度与时间进度' src='{figures['overview']}'>"
                   f"<figcaption>各指标完成进度与时间进度</figcaption></figure>")
    return "".join(out)


def table_main(fb: FactBook, evaluation: pd.DataFrame, periods: list[str], has_published: bool) -> str:
    """表1 主要指标完成情况一览表."""
    head = ["类别", "指标", "单位", "目标", "基期", *[period_label(p) for p in periods], "完成进度", "时间进度", "评价"]
    if has_published:
        head.append("公布评价")
    body = []
    for r in evaluation.to_dict("records"):
        c = r["code"]
        cells = [_e(r["category"]), _label(fb, c), fb(f"ind.{c}.unit"),
                 fb(f"ind.{c}.target"), fb(f"ind.{c}.baseline")]
        cells += [fb(f"obs.{c}.{p}") if fb.has(f"obs.{c}.{p}") else "" for p in periods]
        cells += [fb(f"ev.{c}.progress"), fb(f"ev.{c}.tau"), f"<span class='j'>{_e(r['judgement'])}</span>"]
        if has_published:
            cells.append(_e(r["published_judgement"]))
        body.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    return ("<h2>表1 主要指标完成情况一览表</h2><table class='main'><thead><tr>"
            + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def _names(fb: FactBook, codes: Iterable[str]) -> str:
    return "、".join(fb(f"ind.{c}.name") for c in codes) or "无"


def section_conclusion(fb: FactBook, evaluation: pd.DataFrame, mode: str) -> str:
    """二、评估结论: counts and shares per class, early-completed and lagging lists, published comparison."""
    out = ["<h2>二、评估结论</h2>"]
    if mode == "mid" and fb.facts["sum.n_not_evaluated"].value == fb.facts["sum.n_indicators"].value:
        out.append(f"<p>{fb('sum.n_indicators')}个指标均尚无可用于评价的观测数据，待有实际数据后再作评估。</p>")
    elif mode == "end":
        out.append(f"<p>{fb('sum.n_indicators')}个指标中，{fb('sum.count.完成')}个完成，{fb('sum.count.基本完成')}个基本完成，"
                   f"{fb('sum.count.未完成')}个未完成，{fb('sum.count.无法评价')}个无法评价，"
                   f"{fb('sum.count.指标调整')}个指标调整；完成和基本完成合计占比 {fb('sum.share_met')}。</p>")
        behind = evaluation[evaluation["judgement"] == "未完成"]["code"]
        out.append(f"<p>未完成的指标：{_names(fb, behind)}。</p>")
    else:
        out.append(f"<p>{fb('sum.n_indicators')}个指标中，{fb('sum.n_met')}个按进度完成，占比 {fb('sum.share_met')}，"
                   f"其中{fb('sum.count.提前完成')}个已提前完成规划目标、{fb('sum.count.符合进度')}个符合进度；"
                   f"{fb('sum.count.滞后')}个滞后于进度，{fb('sum.count.难以完成')}个难以完成；"
                   f"{fb('sum.count.无法评价')}个无法评价，{fb('sum.count.指标调整')}个指标调整。</p>")
        early = evaluation[evaluation["judgement"] == "提前完成"]["code"]
        lagging = evaluation[evaluation["judgement"].isin(["滞后", "难以完成"])]["code"]
        out.append(f"<p>已提前完成的指标：{_names(fb, early)}。</p>")
        out.append(f"<p>落后于进度的指标：{_names(fb, lagging)}。</p>")
    if fb.facts["sum.n_published"].value:
        out.append(f"<p>与已公布的评估结论对照（按 完成 / 未完成 / 未评价 归类），{fb('sum.n_published')}个指标中"
                   f"{fb('sum.n_agree')}个一致。</p>")
        differ = evaluation[evaluation["agrees"] == False]  # noqa: E712 (None means no published judgement)
        if len(differ):
            rows = "".join(
                f"<tr><td>{_label(fb, r['code'])}</td><td>{_e(r['judgement'])}</td>"
                f"<td>{_e(r['published_judgement'])}</td><td>{fb('ev.' + r['code'] + '.progress')}</td>"
                f"<td>{fb('ev.' + r['code'] + '.reason')}</td></tr>"
                for r in differ.to_dict("records"))
            out.append("<p>不一致的指标及其依据：</p><table class='differ'><thead><tr><th>指标</th><th>本评估</th>"
                       f"<th>公布评价</th><th>完成进度</th><th>计算依据</th></tr></thead><tbody>{rows}</tbody></table>")
    return "".join(out)


def _label(fb: FactBook, code: str) -> str:
    return f"{fb('ind.' + code + '.code')}. {fb('ind.' + code + '.name')}"


def _proposal_row(fb: FactBook, r: Mapping[str, Any]) -> str:
    c = r["code"]
    return (f"<tr><td>{_label(fb, c)}</td><td>{_e(r['judgement'])}</td>"
            f"<td>{_e(PROPOSAL_LABELS.get(r['proposal'], r['proposal']))}</td><td>{fb(f'ev.{c}.proposal_value')}</td>"
            f"<td>{fb(f'ev.{c}.proposal_reason')}</td><td>{fb(f'ev.{c}.proposal_source')}</td></tr>")


def table_proposals(fb: FactBook, evaluation: pd.DataFrame) -> str:
    """表2 调整建议: computed proposals and decisions, side by side."""
    rows = evaluation[evaluation["proposal"].fillna("") != ""]
    if rows.empty:
        return "<h2>表2 调整建议</h2><p>无需调整的指标。</p>"
    body = "".join(_proposal_row(fb, r) for r in rows.to_dict("records"))
    return ("<h2>表2 调整建议</h2><table class='proposals'><thead><tr><th>指标</th><th>评价</th><th>建议</th>"
            f"<th>建议值</th><th>理由</th><th>来源</th></tr></thead><tbody>{body}</tbody></table>")


def _fact_rows_table(fb: FactBook, prefix: str, columns: list[tuple[str, str]]) -> str:
    n = fb.facts[f"{prefix}.n"].value or 0
    head = "".join(f"<th>{_e(h)}</th>" for _, h in columns)
    body = "".join("<tr>" + "".join(f"<td>{fb(f'{prefix}.{i}.{col}')}</td>" for col, _ in columns) + "</tr>"
                   for i in range(1, n + 1))
    return f"<table class='{prefix}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


WARNING_COLUMNS = [("file", "文件"), ("line", "行"), ("column", "列"), ("value", "值"), ("rule", "问题"), ("message", "说明")]
# The validation suites' warning rules, as the review names them (the message column keeps the details).
WARNING_RULES_ZH = {
    "value_estimate": "预计数", "period_missing": "缺少该期数据",
    "narrative_value_differs": "正文与表格数值不一致", "field_known": "未使用的正文字段",
}


def warning_facts(warnings: pd.DataFrame) -> FactMap:
    """Validation warnings for the data-quality section (02_validate)."""
    named = warnings.assign(rule=warnings["rule"].map(lambda r: WARNING_RULES_ZH.get(r, r)))
    return rows_facts("warn", named, [col for col, _ in WARNING_COLUMNS])


CHECK_COLUMNS = [("code", "指标"), ("check", "检查"), ("message", "说明")]


def section_quality(fb: FactBook) -> str:
    """数据质量: validation warnings and the plan's own consistency checks."""
    out = ["<h2>三、数据质量</h2>"]
    out.append(f"<p>数据校验警告 {fb('warn.n')} 条（不阻断评估，需核实）：</p>")
    if fb.facts["warn.n"].value:
        out.append(_fact_rows_table(fb, "warn", WARNING_COLUMNS))
    out.append(f"<p>规划文本一致性检查发现 {fb('chk.n')} 处问题：</p>")
    if fb.facts["chk.n"].value:
        out.append(_fact_rows_table(fb, "chk", CHECK_COLUMNS))
    return "".join(out)


def section_no_data(fb: FactBook) -> str:
    return (f"<h2>一、规划发展目标完成情况分析</h2><p class='no-data'>截至{fb('meta.as_of')}，尚无任何指标的观测数据，"
            f"本报告仅列出{fb('meta.n_indicators')}项指标的基期值与目标值，暂不评价完成情况。</p>")


def section_method(fb: FactBook, renderer_facts: bool = True) -> str:
    """附：方法说明 — formulas, thresholds from params.yaml, renderer and versions."""
    return (
        "<h2>附：方法说明</h2><ul>"
        "<li>时间进度 τ = (t − t₀)/(T − t₀)，年度数据记于年末，上半年数据记于年中；"
        "完成进度 p = (x − x₀)/(x* − x₀)；“时间过半、任务过半”即 p ≥ τ − 容差"
        f"（容差 {fb('param.tau_tolerance')}）。</li>"
        f"<li>约数目标（左右）容差为目标值的 {fb('param.approx_tolerance_pct')}%；终期评估中完成进度不低于 "
        f"{fb('param.basically_met_progress')} 判为基本完成。</li>"
        f"<li>滞后与难以完成：此后所需年均增速不超过已观测最好年增速的 {fb('param.plausible_rate_factor')} 倍判为滞后，"
        "否则或背离目标（p 为负）判为难以完成。</li>"
        "<li>复合增速比较（Eurostat / Statistics Canada，Open SDG ProgressMeasure）：R = 实际年均增速 / 所需年均增速，"
        f"R ≥ {fb('param.sdg_high')} 显著进展，≥ {fb('param.sdg_mid')} 温和进展，≥ {fb('param.sdg_low')} 进展有限，否则倒退。</li>"
        "<li>半年数据：流量指标（地区生产总值、收入、投资等）的上半年数值不与年度目标比较，按上半年同比增速推算全年"
        "（标注预计）或采用最近完整年度；存量和比率指标直接使用上半年数值。</li>"
        f"<li>规划增速一致性：规划年均增速与基期→目标隐含增速相差超过 {fb('param.growth_check_pp')} 个百分点时列出；"
        f"正文所述完成进度与表中数据算得的进度相差超过 {fb('param.progress_check_pp')} 个百分点时列出。</li>"
        f"<li>生成：{fb('env.renderer')}；Python {fb('env.python')}，pandas {fb('env.pandas')}，"
        f"nbconvert {fb('env.nbconvert')}，papermill {fb('env.papermill')}，great-expectations {fb('env.gx')}。"
        "每个数字均可点击，链接到计算它的笔记本单元格。</li></ul>"
    )


def section_generated(fb: FactBook) -> str:
    return f"<p class='generated'>生成时间：{fb('review.generated_at')}</p>"
