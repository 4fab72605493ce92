"""Every code the engine returns instead of a sentence, with its meaning and the columns it draws on.

The engine never writes prose. `evaluation.csv` carries
- `reason`            one judgement reason code (kind "judgement") per row,
- `quality_notes`     `;`-separated data-quality codes (kind "quality"),
- `proposal_reason`   one proposal code (kind "proposal"),
- `disagreement`      one code (kind "disagreement") where the computed coarse class differs from the published one,
and `checks.csv` one code per row in `check` (kind "check" or "quality").
The report layer turns each code into a Chinese sentence with a Jinja2 template that uses exactly the
columns listed here (evaluation.csv columns, or checks.csv columns for kind "check"), so this table is the
contract between the two layers: a code is never renamed, only added. Quality codes of a series
(reporting_lag, series_break, value_censored, baseline_censored, baseline_other_year) also appear as rows of
checks.csv, and every check code also appears in its indicator's `quality_notes`; in checks.csv a row has
the checks.csv columns (code, check, severity, period, value, expected, difference, detail, source).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["judgement", "quality", "proposal", "check", "disagreement"]


@dataclass(frozen=True)
class Reason:
    kind: Kind
    meaning: str
    columns: tuple[str, ...]


_E = ("latest_period", "latest_value", "unit")  # the observation a status rests on
_P = ("progress", "tau", "judgement_rule")  # progress against the time share
_PACE = ("required_pace", "pace_shown", "pace_unit")  # the pace test of 难以完成
_CHECK = ("code", "check", "period", "value", "expected", "difference", "detail", "source")

REASONS: dict[str, Reason] = {
    # ------------------------------------------------------------ judgements (column `reason`)
    "target_met": Reason("judgement", "the latest observed comparable value already meets the target "
                         "(提前完成 mid-term, 完成 at the end)", (*_E, "target", "target_value")),
    "ahead_of_schedule": Reason("judgement", "progress at or above (1 + ahead_band) × the time share: 快于预期",
                                (*_E, *_P, "baseline_used", "target_value")),
    "on_schedule": Reason("judgement", "progress within the tolerance band around the time share: 基本符合预期",
                          (*_E, *_P, "baseline_used", "target_value")),
    "behind_schedule": Reason("judgement", "progress below (1 − on_track_band) × the time share, and the pace "
                              "still required has been sustained before (multi-point test): 滞后于进度",
                              (*_E, *_P, *_PACE)),
    "required_pace_unseen": Reason("judgement", "behind schedule, and the pace still required exceeds "
                                   "plausible_rate_factor × the best pace the series has sustained over any "
                                   "window of at least pace_window_years: 难以完成", (*_E, *_P, *_PACE)),
    "moving_away": Reason("judgement", "the latest value is on the wrong side of the baseline (progress < 0) and "
                          "the series has sustained no pace towards the target: 难以完成",
                          (*_E, *_P, "baseline_used", *_PACE)),
    "binding_breached": Reason("judgement", "binding (约束性) floor or ceiling not held in the latest observed "
                               "year; judged at most 滞后于进度 (未完成 at the end)",
                               (*_E, "target", "target_value", "binding_breaches")),
    "bound_not_held": Reason("judgement", "a floor or ceiling the baseline already kept (a bound to hold, 失业率 "
                             "＜5.5 from 5.2) is not kept in the latest observed year: 滞后于进度 (未完成 at the end)",
                             (*_E, "target", "target_value", "baseline_used")),
    "end_met": Reason("judgement", "end of period: the target is met (完成)", (*_E, "target", "target_value")),
    "end_basically_met": Reason("judgement", "end of period: not met, progress ≥ basically_met_progress (基本完成)",
                                (*_E, "progress", "target_value")),
    "end_growth_met": Reason("judgement", "end of a one-year plan: the level target missed, the growth target "
                             "stated beside it met by the year's stated growth (基本完成)",
                             (*_E, "target_value")),
    "end_not_met": Reason("judgement", "end of period: progress below basically_met_progress (未完成)",
                          (*_E, "progress", "target_value")),
    "pace_to_date_reached": Reason("judgement", "no full year yet: the year-to-date cumulative yoy growth reaches "
                                   "the target growth rate (序时进度 reached): 基本符合预期, or 快于预期 at "
                                   "(1 + ahead_band) × the target rate (log scale)",
                                   (*_E, "target_value", "h1_growth", "judgement_rule")),
    "pace_to_date_short": Reason("judgement", "no full year yet: the year-to-date cumulative yoy growth is below "
                                 "the target growth rate (序时进度 not reached): 滞后于进度",
                                 (*_E, "target_value", "h1_growth", "judgement_rule")),
    "relational_faster": Reason("judgement", "growth of the indicator above the reference indicator's growth "
                                "by more than sync_tolerance_pp", ("latest_value", "reference_code",
                                                                  "reference_growth", "latest_period")),
    "relational_in_step": Reason("judgement", "growth within sync_tolerance_pp of the reference growth "
                                 "(与…基本同步 met)", ("latest_value", "reference_code", "reference_growth")),
    "relational_slower": Reason("judgement", "growth below the reference growth by more than "
                                "sync_tolerance_pp (or not strictly faster for 快于/高于)",
                                ("latest_value", "reference_code", "reference_growth")),
    "reference_missing": Reason("judgement", "relational target whose reference growth is not available: 无法评价",
                                ("target", "reference_code")),
    "qualitative_met": Reason("judgement", "qualitative target; the latest status text says it is done",
                              ("latest_period", "latest_text")),
    "qualitative_not_met": Reason("judgement", "qualitative target; the latest status text says it is not done",
                                  ("latest_period", "latest_text")),
    "qualitative_no_status": Reason("judgement", "qualitative target without a status statement: 无法评价",
                                    ("target", "latest_text")),
    "indicator_adjusted": Reason("judgement", "the status text says the indicator was changed or stopped: 指标调整",
                                 ("latest_period", "latest_text")),
    "no_data": Reason("judgement", "no observed comparable value after the baseline: 无法评价",
                      ("latest_period", "latest_text")),
    "target_not_numeric": Reason("judgement", "the target is not a number the rule can use: 无法评价", ("target",)),
    "target_not_stated": Reason("judgement", "the table states no target: 无法评价", ("target",)),
    "no_baseline": Reason("judgement", "no baseline and no earlier point: progress cannot be computed, only the "
                          "met test (无法评价 when not met)", (*_E, "target_value")),
    "overflow": Reason("judgement", "growth arithmetic overflowed (a value near 0): 无法评价", ("latest_value",)),
    "decided": Reason("judgement", "the judgement was decided by a person (overrides.csv), see judgement_source",
                      ("judgement", "judgement_source", "computed_judgement", "computed_reason")),
    # ------------------------------------------------------------ data-quality notes (`quality_notes`, checks.csv)
    "estimate_used": Reason("quality", "the latest value is an estimate (预计) published by the office", _E),
    "h1_estimate": Reason("quality", "the latest value is a full-year estimate from a half-year yoy growth "
                          "(params judge_on_h1_estimate); the judgement rests on it", (*_E, "h1_growth")),
    "h1_not_comparable": Reason("quality", "a half-year value was not compared with the annual target "
                                "(a flow's half-year level, or a seasonal rate)", ("h1_period",)),
    "narrative_value": Reason("quality", "the latest value comes from the narrative, not the table", _E),
    "baseline_substituted": Reason("quality", "the baseline is missing; the first observation serves as baseline",
                                   ("baseline_period", "baseline_used")),
    "baseline_censored": Reason("quality", "the baseline is a bound (＜35), used as if exact", ("baseline_used",)),
    "value_censored": Reason("quality", "an observation is a bound (＜28), used as if exact", _E),
    "baseline_other_year": Reason("quality", "a footnote says the baseline is of another year (60.6* = 2019): the "
                                  "time share runs from that year (baseline_period)",
                                  ("baseline_used", "baseline_period", "tau")),
    "reporting_lag": Reason("quality", "a column holds the data of an earlier period (the '2021' column holds "
                            "2020 data); the value is placed at its data period", ("latest_period", "data_period")),
    "series_break": Reason("quality", "a new method or caliber from a point on: the trend uses only the comparable "
                           "points after the break", ("break_period", "n_points")),
    "few_points": Reason("quality", "fewer than min_trend_points comparable points: no trend projection",
                         ("n_points",)),
    "projection_bounded": Reason("quality", "the trend projection reached a bound of the quantity (0–100 %, rank 1, "
                                 "zero) and was held there", ("projection", "projection_method")),
    "near_threshold": Reason("quality", "progress lies within near_threshold of the class boundary that decided "
                             "its class (a knife edge: the review says so)", ("progress", "tau", "judgement")),
    "target_wrong_side": Reason("quality", "the target lies on the other side of the baseline (a floor below the "
                                "base, a ceiling above it): progress is undefined, judged by the met test and the "
                                "trend", ("baseline_used", "target_value")),
    "binding_breached_earlier": Reason("quality", "a binding floor or ceiling was breached in an earlier observed "
                                       "year", ("binding_breaches",)),
    "baseline_vs_stated_growth": Reason("check", "the first year's stated yoy growth contradicts the table baseline "
                                        "while the later years' stated growths agree with the levels: the baseline "
                                        "is the suspect figure", _CHECK),
    "growth_basis_differs": Reason("check", "stated yoy growths differ from the levels' growth in every year: the "
                                   "growths are on another basis (可比价 real growth vs current-price levels)", _CHECK),
    "stated_growth_vs_level": Reason("check", "a stated yoy growth differs from the growth of the table's levels "
                                     "in that year (detail yoy)", _CHECK),
    "planned_growth_vs_target": Reason("check", "the planned annual growth differs from the baseline→target CAGR "
                                       "by more than growth_check_pp", _CHECK),
    "narrative_target_vs_table": Reason("check", "a target restated in the narrative differs from the table",
                                        _CHECK),
    "stated_average_growth": Reason("check", "an average growth stated in the narrative differs from the table's "
                                    "by more than growth_check_pp, computed with the office's averaging (the "
                                    "arithmetic mean of stated yoy rates when they exist, else the CAGR of levels)",
                                    _CHECK),
    "stated_progress": Reason("check", "a completion share stated in the narrative differs from the table's by "
                              "more than progress_check_pp", _CHECK),
    "summary_count": Reason("check", "a count stated in the conclusions differs from the count of the published "
                            "table's judgements of the same class (detail: the class)", _CHECK),
    # ------------------------------------------------------------ proposals (`proposal_reason`)
    "keep_target": Reason("proposal", "behind, but the pace still required has been sustained before: keep the "
                          "target (proposal_value = the target)", ("target", "target_value", *_PACE)),
    "keep_no_trend": Reason("proposal", "no trend to adjust to (qualitative, relational, too few points): keep",
                            ("target", "n_points")),
    "keep_trend_reaches": Reason("proposal", "the trend projection reaches the target: keep",
                                 ("projection", "target_value")),
    "adjust_to_trend": Reason("proposal", "adjust the target to the trend projection (proposal_method, "
                              "proposal_horizon)", ("target", "projection", "proposal_value", "proposal_method",
                                                    "proposal_horizon")),
    "adjust_to_baseline": Reason("proposal", "the trend is worse than the baseline: hold the baseline level",
                                 ("target", "baseline_used", "proposal_value", "proposal_horizon")),
    "adjust_growth_to_observed": Reason("proposal", "growth target adjusted to the realised average growth, "
                                        "rounded to growth_step_pp towards what was achieved", ("target", "latest_value",
                                                                           "proposal_value", "proposal_horizon")),
    "decided_by_person": Reason("proposal", "the proposal was decided by a person (overrides.csv)",
                                ("proposal", "proposal_value", "proposal_source")),
    "proposal_contradicts_published": Reason("quality", "the computed proposal differs from the published "
                                             "conclusion; both are kept", ("computed_proposal",
                                                                           "computed_proposal_value",
                                                                           "published_proposal")),
    # ------------------------------------------------------------ disagreements (`disagreement`)
    "published_on_estimate": Reason("disagreement", "the published class rests on an estimate (预计 or a "
                                    "half-year growth) that the observed status does not use",
                                    ("latest_period", "latest_value", "h1_growth")),
    "within_tolerance_band": Reason("disagreement", "progress and time share differ by less than the tolerance "
                                    "band; the office used a knife-edge test", ("progress", "tau")),
    "published_on_growth_rate": Reason("disagreement", "the office judged the level target by the growth of the "
                                       "latest half-year against the growth still required (the status from the "
                                       "latest full year differs)", ("h1_period", "h1_growth", "required_pace",
                                                                      "progress", "tau", "judgement")),
    "published_uses_other_data": Reason("disagreement", "the office had data the table does not show (no "
                                        "comparable value, or a break), so its class cannot be reproduced",
                                        ("latest_period", "quality_notes")),
    "unexplained": Reason("disagreement", "no structured explanation found", ("judgement", "published_judgement")),
}


def codes(kind: Kind | None = None) -> list[str]:
    """All codes, or those of one kind, in table order."""
    return [c for c, r in REASONS.items() if kind is None or r.kind == kind]


__all__ = ["REASONS", "Reason", "codes"]
