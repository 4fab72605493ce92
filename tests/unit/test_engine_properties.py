"""Property tests (hypothesis) of the engine over generated series of every indicator type."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.engine.evaluate import EvaluationParams, evaluate, propose
from helpers.engine.judgements import JUDGEMENTS_END, JUDGEMENTS_MID, coarse_class
from helpers.plan.model import Indicator
from tests.unit.engine_cases import ind, o

P = EvaluationParams()
# best first: a better latest value never gives a class further down these lists
ORDER_MID = ["提前完成", "快于预期", "基本符合预期", "滞后于进度", "难以完成"]
ORDER_END = ["完成", "基本完成", "未完成"]
YEARS = ["2021", "2022", "2023", "2024"]
AS_OF = st.sampled_from(["2022", "2023H1", "2023", "2024", "2025"])
pos = st.floats(0.5, 1e4, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 3))
share = st.floats(0.5, 99.5, allow_nan=False).map(lambda v: round(v, 2))
rank = st.integers(1, 300).map(float)


def rank_of(judgement: str) -> int:
    order = ORDER_END if judgement in ORDER_END else ORDER_MID
    return order.index(judgement)


def level(kind: str, x0: float, xs: float, values: list[float], direction: str = "up", tc: str | None = None,
          attribute: str = "预期性") -> Indicator:
    obs = [o(p, v) for p, v in zip(YEARS, values, strict=False)]
    measure, unit = {"flow": ("flow", "亿元"), "stock": ("stock", "万人"), "share": ("rate", "%"),
                     "rank": ("rank", "位"), "intensity": ("rate", "吨/万元")}[kind]
    return ind(x0, xs, *obs, measure=measure, unit=unit, direction=direction, tc=tc, attribute=attribute)


def series(strategy: st.SearchStrategy[float]) -> st.SearchStrategy[list[float]]:
    return st.lists(strategy, min_size=1, max_size=4)


# ---------------------------------------------------------------- monotone in the latest value

@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["flow", "stock", "intensity"]), x0=pos, xs=pos, values=series(pos), a=pos, b=pos,
       as_of=AS_OF, binding=st.booleans(), tc=st.sampled_from([None, "≥", ">", "≈"]))
def test_judgement_monotone_in_the_latest_value_log_scale(kind: str, x0: float, xs: float, values: list[float],
                                                            a: float, b: float, as_of: str, binding: bool,
                                                            tc: str | None) -> None:
    assume(abs(xs - x0) > 1e-3)
    lo, hi = sorted((a, b))
    up = xs > x0
    worse, better = (lo, hi) if up else (hi, lo)
    mk = lambda x: level(kind, x0, xs, [*values[:-1], x], "up" if up else "down",  # noqa: E731
                         tc if up else {"≥": "≤", ">": "<"}.get(tc or "", tc), "约束性" if binding else "预期性")
    j_worse, j_better = evaluate(mk(worse), as_of, P).judgement, evaluate(mk(better), as_of, P).judgement
    assume(j_worse not in ("无法评价",) and j_better not in ("无法评价",))
    assert rank_of(j_better) <= rank_of(j_worse), (j_better, j_worse)


@settings(max_examples=150, deadline=None)
@given(x0=share, xs=share, values=series(share), a=share, b=share, as_of=AS_OF)
def test_judgement_monotone_in_the_latest_value_shares(x0: float, xs: float, values: list[float], a: float, b: float,
                                                        as_of: str) -> None:
    assume(abs(xs - x0) > 0.1)
    lo, hi = sorted((a, b))
    up = xs > x0
    mk = lambda x: level("share", x0, xs, [*values[:-1], x], "up" if up else "down")  # noqa: E731
    worse, better = (lo, hi) if up else (hi, lo)
    assert rank_of(evaluate(mk(better), as_of, P).judgement) <= rank_of(evaluate(mk(worse), as_of, P).judgement)


@settings(max_examples=150, deadline=None)
@given(x0=rank, xs=rank, values=series(rank), a=rank, b=rank, as_of=AS_OF)
def test_judgement_monotone_in_the_latest_value_ranks(x0: float, xs: float, values: list[float], a: float, b: float,
                                                       as_of: str) -> None:
    assume(xs < x0)
    better, worse = sorted((a, b))  # a lower place is better
    mk = lambda x: level("rank", x0, xs, [*values[:-1], x], "down")  # noqa: E731
    assert rank_of(evaluate(mk(better), as_of, P).judgement) <= rank_of(evaluate(mk(worse), as_of, P).judgement)


@settings(max_examples=150, deadline=None)
@given(target=st.floats(1, 12), rates=st.lists(st.floats(-5, 15), min_size=1, max_size=4), a=st.floats(-5, 15),
       b=st.floats(-5, 15), as_of=AS_OF)
def test_growth_judgement_monotone_in_the_latest_rate(target: float, rates: list[float], a: float, b: float,
                                                       as_of: str) -> None:
    lo, hi = sorted((a, b))
    mk = lambda x: ind(None, target, *(o(p, v) for p, v in zip(YEARS, [*rates[:-1], x], strict=False)),  # noqa: E731
                       kind="growth", unit="%")
    j_lo, j_hi = evaluate(mk(lo), as_of, P).judgement, evaluate(mk(hi), as_of, P).judgement
    assume("无法评价" not in (j_lo, j_hi))
    assert rank_of(j_hi) <= rank_of(j_lo)


@settings(max_examples=150, deadline=None)
@given(total=st.floats(1, 100), parts=st.lists(st.floats(0, 30), min_size=1, max_size=4), a=st.floats(0, 30),
       b=st.floats(0, 30), as_of=AS_OF)
def test_cumulative_judgement_monotone_in_the_latest_value(total: float, parts: list[float], a: float, b: float,
                                                            as_of: str) -> None:
    lo, hi = sorted((a, b))
    mk = lambda x: ind(None, total, *(o(p, v) for p, v in zip(YEARS, [*parts[:-1], x], strict=False)),  # noqa: E731
                       kind="cumulative", measure="flow")
    j_lo, j_hi = evaluate(mk(lo), as_of, P).judgement, evaluate(mk(hi), as_of, P).judgement
    assume("无法评价" not in (j_lo, j_hi))
    assert rank_of(j_hi) <= rank_of(j_lo)


# ---------------------------------------------------------------- lower is better mirrors higher is better

_MIRROR = {"≥": "≤", ">": "<", None: None}


@settings(max_examples=150, deadline=None)
@given(x0=share, xs=share, values=series(share), half=st.booleans(), tc=st.sampled_from([None, "≥", ">"]),
       as_of=AS_OF, binding=st.booleans())
def test_mirror_shares(x0: float, xs: float, values: list[float], half: bool, tc: str | None, as_of: str,
                       binding: bool) -> None:
    """A share that should rise mirrors, as 100 − x, a share that should fall: same status and judgement."""
    periods = YEARS[: len(values)]
    if half:
        periods[-1] += "H1"
    attr = "约束性" if binding else "预期性"
    up = ind(x0, xs, *(o(p, v) for p, v in zip(periods, values, strict=True)), unit="%", tc=tc, attribute=attr)
    m = lambda v: round(100 - v, 2)  # noqa: E731  (the mirror, as a table would print it)
    down = ind(m(x0), m(xs), *(o(p, m(v)) for p, v in zip(periods, values, strict=True)), unit="%",
               tc=_MIRROR[tc], direction="down", attribute=attr)
    a, b = evaluate(up, as_of, P), evaluate(down, as_of, P)
    assert (a.judgement, a.status, a.reason) == (b.judgement, b.status, b.reason)
    assert (a.progress is None) == (b.progress is None)
    if a.progress is not None:
        assert abs(a.progress - b.progress) < 1e-6


@settings(max_examples=150, deadline=None)
@given(x0=pos, xs=pos, values=series(pos), tc=st.sampled_from([None, "≥"]), as_of=AS_OF,
       measure=st.sampled_from(["flow", "stock"]))
def test_mirror_log_scale(x0: float, xs: float, values: list[float], tc: str | None, as_of: str, measure: str) -> None:
    """On the log scale a rising quantity mirrors its reciprocal falling: same status and judgement."""
    up = ind(x0, xs, *(o(p, v) for p, v in zip(YEARS, values, strict=False)), measure=measure, tc=tc)
    down = ind(1 / x0, 1 / xs, *(o(p, 1 / v) for p, v in zip(YEARS, values, strict=False)), measure=measure,
               tc=_MIRROR[tc], direction="down")
    a, b = evaluate(up, as_of, P), evaluate(down, as_of, P)
    assume(not (a.progress is not None and abs(abs(a.progress) - 1) < 1e-6))  # exactly at the target: rounding
    assert (a.judgement, a.status) == (b.judgement, b.status)


# ---------------------------------------------------------------- a met target is 提前完成

@settings(max_examples=150, deadline=None)
@given(x0=pos, xs=pos, k=st.floats(0, 2), down=st.booleans(), tc=st.sampled_from([None, "≥", ">", "≈"]),
       measure=st.sampled_from(["flow", "stock", "rate", "rank"]), as_of=AS_OF, binding=st.booleans())
def test_met_target_is_early_or_complete(x0: float, xs: float, k: float, down: bool, tc: str | None, measure: str,
                                         as_of: str, binding: bool) -> None:
    d = -1 if down else 1
    x = xs * (1 + d * (k + 0.01)) if tc == ">" else xs * (1 + d * k)
    if measure == "rank":
        x0, xs, down = float(round(x0) + 1), float(round(xs) + 1), True
        x = float(max(1, round(xs) - round(k * 3)))
        tc = None
    assume(x > 0)
    period = "2023" if as_of == "2023H1" else as_of
    i = ind(x0, xs, o(period, x), tc=tc if not down else _MIRROR.get(tc, tc), direction="down" if down else "up",
            measure=measure, attribute="约束性" if binding else "预期性")
    e = evaluate(i, as_of if as_of != "2023H1" else "2023", P)
    assert e.is_met
    assert e.judgement == ("完成" if e.mode == "end" else "提前完成")


@settings(max_examples=100, deadline=None)
@given(target=st.floats(1, 8), rates=st.lists(st.floats(15, 20), min_size=5, max_size=5))
def test_met_growth_target_is_complete(target: float, rates: list[float]) -> None:
    i = ind(None, target, *(o(str(2021 + k), r) for k, r in enumerate(rates)), kind="growth", unit="%")
    assert evaluate(i, "2025", P).judgement == "完成"
    assert evaluate(i, "2024", P).judgement == "提前完成"  # four years above target cover five years of growth


# ---------------------------------------------------------------- projections stay in bounds

@settings(max_examples=150, deadline=None)
@given(x0=share, xs=share, values=series(share), as_of=AS_OF)
def test_share_projection_stays_within_0_and_100(x0: float, xs: float, values: list[float], as_of: str) -> None:
    e = evaluate(level("share", x0, xs, values, "up" if xs >= x0 else "down"), as_of, P)
    assert e.projection is None or 0 <= e.projection <= 100
    prop = propose(e, level("share", x0, xs, values, "up" if xs >= x0 else "down"), P)
    assert prop.value is None or 0 <= prop.value <= 100


@settings(max_examples=150, deadline=None)
@given(x0=rank, xs=rank, values=series(rank), as_of=AS_OF)
def test_rank_projection_is_an_integer_at_least_1(x0: float, xs: float, values: list[float], as_of: str) -> None:
    i = level("rank", x0, xs, values, "down")
    e = evaluate(i, as_of, P)
    assert e.projection is None or (e.projection >= 1 and e.projection == int(e.projection))
    prop = propose(e, i, P)
    assert prop.value is None or (prop.value >= 1 and prop.value == int(prop.value))


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["flow", "stock", "intensity"]), x0=pos, xs=pos, values=series(pos), as_of=AS_OF)
def test_counts_and_flows_are_never_projected_below_zero(kind: str, x0: float, xs: float, values: list[float],
                                                          as_of: str) -> None:
    i = level(kind, x0, xs, values, "up" if xs >= x0 else "down")
    e = evaluate(i, as_of, P)
    assert e.projection is None or e.projection >= 0
    prop = propose(e, i, P)
    assert prop.value is None or prop.value >= 0


# ---------------------------------------------------------------- proposals and classes

@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["flow", "stock", "share", "rank"]), x0=pos, xs=pos, values=series(pos), as_of=AS_OF)
def test_keep_always_proposes_the_target_and_only_behind_indicators_get_proposals(
        kind: str, x0: float, xs: float, values: list[float], as_of: str) -> None:
    if kind == "share":
        x0, xs, values = min(x0, 99), min(xs, 99), [min(v, 99) for v in values]
    if kind == "rank":
        x0, xs, values = float(round(x0) + 1), float(round(xs) + 1), [float(round(v) + 1) for v in values]
    i = level(kind, x0, xs, values, "down" if kind == "rank" or xs < x0 else "up")
    e = evaluate(i, as_of, P)
    prop = propose(e, i, P)
    if prop.proposal == "keep":
        assert prop.value == e.target_value
    if e.judgement not in ("滞后于进度", "难以完成"):
        assert prop.proposal == ""
    classes = JUDGEMENTS_END if e.mode == "end" else JUDGEMENTS_MID
    assert e.judgement in classes and coarse_class(e.judgement) in ("met", "not_met", "not_evaluated") and e.reason
    assert e.tau is None or 0 <= e.tau <= 1


# ---------------------------------------------------------------- any indicator: a result, never an exception

_value = st.one_of(st.floats(-50, 1e4, allow_nan=False).map(lambda v: round(v, 2)), st.sampled_from(["未出", "—"]))


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["level", "growth", "cumulative", "change", "relational", "qualitative", "not_stated"]),
       measure=st.sampled_from(["flow", "stock", "rate", "rank", "growth"]), unit=st.sampled_from(["", "%", "亿元"]),
       baseline=st.none() | st.floats(-10, 1e4), target=st.none() | st.floats(-10, 1e4),
       obs=st.lists(st.tuples(st.sampled_from(["2021", "2022", "2023H1", "2023", "2024", "2025"]), _value,
                              st.none() | st.floats(-30, 30), st.booleans(), st.booleans(),
                              st.sampled_from(["level", "yoy_change", "change_since_base", "period_total"])),
                    max_size=5, unique_by=lambda x: x[0]),
       direction=st.sampled_from(["up", "down"]), tc=st.sampled_from([None, "≥", ">", "≤", "<", "≈"]),
       basis=st.sampled_from([None, "relative", "absolute"]), as_of=AS_OF, binding=st.booleans(),
       h1=st.booleans())
def test_every_indicator_gets_a_coded_result(kind: str, measure: str, unit: str, baseline: float | None,
                                             target: float | None, obs: list, direction: str, tc: str | None,
                                             basis: str | None, as_of: str, binding: bool, h1: bool) -> None:
    observations = [o(p, v, g, est=e, breaks=b, kind=vk) for p, v, g, e, b, vk in obs]
    i = ind(baseline, target, *observations, kind=kind, measure=measure, unit=unit, direction=direction, tc=tc,
            change_basis=basis, attribute="约束性" if binding else "预期性")
    from helpers.engine.reasons import REASONS

    e = evaluate(i, as_of, EvaluationParams(judge_on_h1_estimate=h1))
    assert e.reason in REASONS and REASONS[e.reason].kind == "judgement"
    assert all(REASONS[c].kind in ("quality", "check") for c in e.quality_notes.split(";") if c)
    assert e.judgement in (JUDGEMENTS_END if e.mode == "end" else JUDGEMENTS_MID)
    prop = propose(e, i, P)
    assert prop.reason == "" or REASONS[prop.reason].kind == "proposal"
