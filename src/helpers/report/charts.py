"""The review's charts (matplotlib, Chinese labels): each indicator's values against its target
drawn as what it is (a floor, a ceiling, a level to reach), and progress against the time share."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from helpers.plan.model import Indicator
from helpers.report import plotting

plotting.setup()
import matplotlib.pyplot as plt  # noqa: E402  (after the font set-up)
from matplotlib.lines import Line2D  # noqa: E402

JUDGEMENT_COLORS = {
    "提前完成": "#1a9850", "快于预期": "#66bd63", "基本符合预期": "#a6d96a", "符合进度": "#a6d96a",
    "滞后于进度": "#fdae61", "滞后": "#fdae61", "难以完成": "#d73027", "无法评价": "#bdbdbd", "指标调整": "#878787",
    "完成": "#1a9850", "基本完成": "#a6d96a", "未完成": "#d73027",
}
CLASS_ORDER = list(JUDGEMENT_COLORS)


def _chartable(ind: Indicator) -> bool:
    return ind.target is not None and ind.target_kind == "level"


def _target_line(ind: Indicator) -> tuple[str, str]:
    """How the target is drawn: a ceiling (not above), a floor (not below) or a level to reach."""
    if ind.target_comparator in ("<", "≤") or (ind.direction == "down" and ind.measure != "rank"):
        return "目标上限", "#c0392b"
    if ind.target_comparator == "≈":
        return "目标（左右）", "#7f8c8d"
    return "目标下限" if ind.measure != "rank" else "目标位次", "#2c7fb8"


def level_paths(indicators: list[Indicator], evaluation: pd.DataFrame,
                category: str) -> tuple[plt.Figure | None, list[str]]:
    """Small multiples of one category: values by year, the baseline, and the target as a horizontal line
    from the baseline year to the target year (a bound, not a path). Returns the figure and the names of
    codes of the category's indicators that cannot be charted (qualitative, relational, cumulative or no target)."""
    in_category = [i for i in indicators if i.category == category]
    chosen = [i for i in in_category if _chartable(i)]
    left_out = [i.code for i in in_category if not _chartable(i)]
    if not chosen:
        return None, left_out
    cols = min(3, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.3 * cols, 2.5 * rows + 0.5), squeeze=False)
    judgements = evaluation.set_index("code")["judgement"] if len(evaluation) else pd.Series(dtype=str)
    for ax, ind in zip(axes.flat, chosen):
        color = JUDGEMENT_COLORS.get(judgements.get(ind.code, ""), "#4575b4")
        points = [(o.t, o.value, o.is_estimate) for o in ind.observations
                  if o.value is not None and not (o.is_partial_year and ind.measure == "flow")]
        if ind.baseline is not None:
            points = [(float(ind.baseline_year), ind.baseline, False)] + points
        label, line_color = _target_line(ind)
        ax.hlines(ind.target, ind.baseline_year, ind.target_year, colors=line_color, linestyles="--", lw=1.2)
        if points:
            xs, ys, est = zip(*points)
            ax.plot(xs, ys, marker="o", ms=3.5, color=color, lw=1.6)
            for x, y, e in points:
                if e:  # an estimate is an open marker
                    ax.plot([x], [y], marker="o", ms=6, mfc="white", mec=color)
        else:
            ax.text(0.5, 0.5, "暂无数据", transform=ax.transAxes, ha="center", va="center", color="#777777")
        title = f"{ind.code}．{ind.name}"
        ax.set_title(title if len(title) <= 16 else title[:15] + "…", fontsize=8.5)
        ax.set_ylabel(ind.unit, fontsize=7)
        if ind.measure == "rank":
            ax.invert_yaxis()  # first place on top: up is better
        ax.set_xlim(ind.baseline_year - 0.3, ind.target_year + 0.3)
        ax.set_xticks(range(ind.baseline_year, ind.target_year + 1))
        ax.tick_params(labelsize=6.5)
    for ax in axes.flat[len(chosen):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color="#555555", marker="o", ms=3.5, label="实际值（空心为预计）"),
               Line2D([], [], color="#2c7fb8", ls="--", label="目标下限（不低于）"),
               Line2D([], [], color="#c0392b", ls="--", label="目标上限（不高于）")]
    # below the panels; a single narrow panel gets one entry per line, so that no entry is cut off
    ncol = 3 if cols > 1 else 1
    fig.legend(handles=handles, loc="lower center", ncol=ncol, fontsize=7.5, frameon=False)
    legend_in = 0.2 * (3 // ncol) + 0.1
    fig.tight_layout(rect=(0, legend_in / fig.get_size_inches()[1], 1, 1))
    return fig, left_out


def progress_overview(evaluation: pd.DataFrame) -> plt.Figure | None:
    """Progress of every indicator (share of the way from baseline to target) against the time share,
    coloured by the graded class; indicators without a progress figure are listed at zero with a note."""
    if evaluation.empty:
        return None
    data = evaluation.copy()
    data["label"] = data["code"].astype(str) + "．" + data["name"].astype(str)
    has = data["progress"].notna()
    if not has.any():
        return None
    data["progress_pct"] = data["progress"].clip(-0.5, 1.5).fillna(0) * 100
    fig, ax = plt.subplots(figsize=(7.2, 0.24 * len(data) + 1.6))
    y = range(len(data))
    colors = [JUDGEMENT_COLORS.get(j, "#4575b4") for j in data["judgement"]]
    ax.barh(list(y), data["progress_pct"], color=colors, height=0.7)
    for i, (ok, j) in enumerate(zip(has, data["judgement"])):
        if not ok:
            ax.text(2, i, f"无进度数据（{j}）", va="center", fontsize=6.5, color="#555555")
    ax.set_yticks(list(y), data["label"], fontsize=7)
    ax.invert_yaxis()
    # each indicator's own time share (its latest data may be of another period): a black tick on its row
    for i, tau in enumerate(data["tau"]):
        if pd.notna(tau):
            ax.plot([tau * 100, tau * 100], [i - 0.45, i + 0.45], color="#111111", lw=2)
    ax.axvline(100, color="#333333", lw=1)
    ax.text(100, -0.9, "目标", fontsize=6.5, ha="center", va="bottom")
    ax.set_xlim(-55, 160)
    ax.set_xlabel("完成进度（%，截断于 -50% 与 150%）", fontsize=8)
    present = [c for c in CLASS_ORDER if c in set(data["judgement"])]
    handles = [Line2D([], [], color=JUDGEMENT_COLORS[c], lw=6, label=c) for c in present]
    handles.append(Line2D([], [], color="#111111", lw=2, label="时间进度（按各指标最新数据时点）"))
    rows_of_legend = math.ceil(len(handles) / 4)
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=7.5, frameon=False)
    fig.tight_layout(rect=(0, 0.35 * rows_of_legend / fig.get_size_inches()[1], 1, 1))
    return fig


def save(fig: plt.Figure, path: Path) -> Path:
    """PNG without timestamps, so two runs write the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)  # the notebook shows the saved file; an open figure would be drawn a second time
    return path
