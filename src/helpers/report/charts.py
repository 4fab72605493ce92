"""The review's charts (seaborn/matplotlib, Chinese labels): levels against the path to the target,
and progress against the time share."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from helpers.report import plotting
from helpers.plan.model import Indicator

plotting.setup()
import matplotlib.pyplot as plt  # noqa: E402  (after the font set-up)
import seaborn as sns  # noqa: E402

JUDGEMENT_COLORS = {
    "提前完成": "#1a9850", "符合进度": "#91cf60", "滞后": "#fc8d59", "难以完成": "#d73027",
    "无法评价": "#bdbdbd", "指标调整": "#878787",
    "完成": "#1a9850", "基本完成": "#91cf60", "未完成": "#d73027",
}


def _chartable(ind: Indicator) -> bool:
    return ind.baseline is not None and ind.target is not None and ind.target_kind == "level"


def level_paths(indicators: list[Indicator], evaluation: pd.DataFrame, category: str) -> plt.Figure | None:
    """Small multiples: each indicator's values by year against the straight path baseline → target."""
    chosen = [i for i in indicators if i.category == category and _chartable(i)]
    if not chosen:
        return None
    cols = min(3, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
    judgements = evaluation.set_index("code")["judgement"]
    for ax, ind in zip(axes.flat, chosen):
        color = JUDGEMENT_COLORS.get(judgements.get(ind.code, ""), "#4575b4")
        ax.plot([ind.baseline_year, ind.target_year], [ind.baseline, ind.target], ls="--", color="#999999",
                label="目标路径")
        points = [(ind.baseline_year, ind.baseline)] + [
            (o.t, o.value) for o in ind.observations if o.value is not None and not (o.is_partial_year and ind.measure == "flow")
        ]
        xs, ys = zip(*points)
        sns.lineplot(x=list(xs), y=list(ys), marker="o", color=color, ax=ax, label="实际")
        ax.scatter([ind.target_year], [ind.target], marker="*", s=120, color="#333333", zorder=3, label="目标")
        ax.set_title(f"{ind.code}. {ind.name}（{ind.unit}）" if ind.unit else f"{ind.code}. {ind.name}", fontsize=9)
        if ind.measure == "rank":
            ax.invert_yaxis()  # first place on top: up is better
        ax.set_xlabel("")
        ax.set_xticks(range(ind.baseline_year, ind.target_year + 1))
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, loc="best")
    for ax in axes.flat[len(chosen):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def progress_overview(evaluation: pd.DataFrame) -> plt.Figure | None:
    """Progress of each indicator (share of the way from baseline to target) against the time share τ."""
    data = evaluation[evaluation["progress"].notna()].copy()
    if data.empty:
        return None
    data["label"] = data["code"].astype(str) + ". " + data["name"]
    data["progress_pct"] = data["progress"].clip(-0.5, 1.5) * 100
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(data) + 1.2))
    sns.barplot(data=data, y="label", x="progress_pct", hue="judgement", dodge=False, palette=JUDGEMENT_COLORS, ax=ax)
    for tau in sorted(set(data["tau"].dropna())):
        ax.axvline(tau * 100, color="#333333", ls=":", lw=1)
    ax.axvline(100, color="#333333", lw=1)
    ax.set_xlabel("完成进度（%，截断于 -50% 与 150%；虚线为时间进度）")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(title="评价", fontsize=8, title_fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def save(fig: plt.Figure, path: Path) -> Path:
    """PNG without timestamps, so two runs write the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)  # the notebook shows the saved file; an open figure would be drawn a second time
    return path
