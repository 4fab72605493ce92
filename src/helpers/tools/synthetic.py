"""Synthetic localities for tests and benchmarks: made-up data shaped like yuecheng's, marked synthetic.

    python -m helpers.tools.synthetic 10 --root /tmp/copy   # synthetic-01 … synthetic-10 (seeds 1 … 10)

Each locality gets yuecheng's 34 indicators (names, units, categories, attributes, measures and the
forms of the baseline and target texts: `1500以上`, `＞65`, `＜28`, `5左右`, `完成省市下达指标`, `—`)
with random numbers drawn from one seed, and observations for 2021, 2022 and 2023H1 along a random
path towards the target. Nothing here is real: SOURCE.md says so, every `source` cell is
`synthetic (seed N)`, the display name is `合成区01（合成数据）` and the params entry has `synthetic: true`.
Same id and seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from helpers.pipeline import paths

# yuecheng's indicators.csv without its source column (data/raw/yuecheng/indicators.csv).
TEMPLATE = """code,category,name,unit,baseline,target,attribute,measure,direction
1,综合实力,全区生产总值,亿元,1005.3,1500以上,预期性,flow,
2,综合实力,人均生产总值,元,130500,170000,预期性,flow,
3,综合实力,一般公共预算收入,亿元,72.7,110,预期性,flow,
4,综合实力,固定资产投资,亿元,581,1170,预期性,flow,
5,综合实力,袍江经开区全国排名,位,91,50,预期性,rank,
6,综合实力,绍兴高新区全国排名,位,95,50,预期性,rank,
7,科技创新,数字经济核心产业增加值占 GDP比重,%,3.5,15,预期性,rate,
8,科技创新,高新技术产业增加值占工业增加值比重,%,56,＞65,预期性,rate,
9,科技创新,全社会研发费用投入占生产总值比重,%,1.97,3.5,预期性,rate,
10,科技创新,人才资源总量,万人,30.8,41,预期性,stock,
11,科技创新,每万人高价值发明专利拥有量,件/万人,—,18,预期性,stock,
12,科技创新,规上工业企业亩均税收,万元/亩,11.6,23.4,预期性,flow,
13,科技创新,规上工业企业亩均增加值,万元/亩,90.3,122.3,预期性,flow,
14,开放活力,外贸出口,亿元,566,720,预期性,flow,
15,开放活力,社会消费品零售总额,亿元,680,1100,预期性,flow,
16,开放活力,营商环境便利度,%,—,＞90,预期性,rate,
17,开放活力,“掌上办事”政府服务事项覆盖率,%,86,＞90,预期性,rate,
18,文化发展,文化产业增加值占 GDP比重,%,2.6,5左右,预期性,rate,
19,文化发展,旅游业总收入,亿元,218.34,330,预期性,flow,
20,社会民生,常住人口城镇化率,%,78,83,预期性,rate,
21,社会民生,城镇登记失业率,%,1.8,＜3,预期性,rate,
22,社会民生,城镇常住居民人均可支配收入,元,61861,88000,预期性,flow,
23,社会民生,农村常住居民人均可支配收入,元,38633,55000,预期性,flow,
24,社会民生,城乡居民收入比,倍,1.60,＜1.6,预期性,rate,
25,社会民生,人均期望寿命,岁,82.99,83.5,预期性,stock,
26,社会民生,每千人口拥有 3岁以下婴幼儿托位数,个,2.17,3.5,预期性,stock,
27,生态环境,万元 GDP综合能耗降低率,%,完成省市下达指标,完成省市下达指标,约束性,rate,
28,生态环境,主要污染物排放降低率,%,未统计,完成省市下达指标,约束性,rate,
29,生态环境,全年优良天气达标率,%,85,≥92,约束性,rate,
30,生态环境,PM2.5年均浓度,µg/m³,＜35,＜28,约束性,rate,
31,生态环境,人均公园绿地面积,平方米,15,17,预期性,stock,
32,治理体系,亿元生产总值生产安全事故死亡率,人/亿元,0.011,＜0.01,约束性,rate,
33,治理体系,粮食总产量,万吨,7.11,6.76,约束性,flow,up
34,治理体系,综合行政执法事项占比,%,7.07,20,约束性,rate,
"""
CATEGORIES = ["综合实力", "科技创新", "开放活力", "文化发展", "社会民生", "生态环境", "治理体系"]
# How far a locality's baseline may lie from yuecheng's (± share), by unit, else by measure.
SPREAD = {"岁": 0.03, "flow": 0.5, "stock": 0.4, "rate": 0.15, "rank": 0.0}
PERIODS = {"2021": 1.0, "2022": 2.0, "2023H1": 2.5}  # years since the 2020 baseline
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
INDICATOR_COLUMNS = ["code", "category", "name", "unit", "baseline_year", "baseline", "target_year", "target",
                     "attribute", "measure", "direction", "source"]
OBSERVATION_COLUMNS = ["code", "period", "value", "yoy_growth", "source", "note"]


def synthetic_id(i: int) -> str:
    return f"synthetic-{i:02d}"


def display_name(locality_id: str) -> str:
    """`synthetic-01` → `合成区01（合成数据）`."""
    return f"合成区{locality_id.removeprefix('synthetic-')}（合成数据）"


def params_entry(locality_id: str) -> dict[str, object]:
    return {"name": display_name(locality_id), "plan": "十四五", "plan_start": 2020, "plan_end": 2025,
            "as_of": "2023H1", "categories": list(CATEGORIES), "synthetic": True}


def _number(text: str) -> tuple[float, int] | None:
    """The first number in a text and its count of decimals."""
    m = _NUMBER.search(text)
    return (float(m[0]), len(m[0].partition(".")[2])) if m else None


def _fmt(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def _with_number(text: str, x: float, decimals: int) -> str:
    """The template text with its number replaced: `1500以上` → `1873以上`."""
    return _NUMBER.sub(_fmt(x, decimals), text, count=1)


def _yoy(now: float, before: float) -> str:
    pct = (now / before - 1) * 100
    return f"{pct:.1f}%" if pct >= 0 else f"下降{-pct:.1f}%"


def _tables(seed: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rng = random.Random(seed)
    source = f"synthetic (seed {seed})"
    indicators, observations = [], []
    for row in csv.DictReader(io.StringIO(TEMPLATE)):
        base, target = _number(row["baseline"]), _number(row["target"])
        rank, flow = row["measure"] == "rank", row["measure"] == "flow"
        share = row["unit"] == "%" and row["measure"] == "rate" and "降低率" not in row["name"]
        new_base, new_target = row["baseline"], row["target"]
        b = t = speed = 0.0
        dec = 0
        if target is not None:
            t_num, t_dec = target
            b_num, dec = base if base else (t_num * 0.7, t_dec)  # baseline `—`: a made-up level to start from
            spread = SPREAD.get(row["unit"], SPREAD[row["measure"]])
            b = float(rng.randint(30, 150)) if rank else b_num * rng.uniform(1 - spread, 1 + spread)
            t = b * (1 + (t_num / b_num - 1) * rng.uniform(0.7, 1.3))  # the plan's relative change, ±30%
            if rank:
                t, dec, t_dec = float(max(1, round(t))), 0, 0
            if share:
                b, t = min(b, 97.0), min(t, 99.0)
            new_base = _with_number(row["baseline"], b, dec) if base else row["baseline"]
            new_target = _with_number(row["target"], t, t_dec)
            speed = rng.uniform(0.2, 1.8)  # share of the scheduled progress actually made
        indicators.append({**{k: row[k] for k in ("code", "category", "name", "unit", "attribute", "measure",
                                                  "direction")},
                           "baseline_year": "2020", "baseline": new_base, "target_year": "2025", "target": new_target,
                           "source": source})
        previous = b
        for period, years in PERIODS.items():
            value, yoy = row["baseline"], ""  # qualitative targets: the status word stands for every period
            if target is not None:
                half_year_flow = flow and period.endswith("H1")
                x = b + (t - b) * speed * (3.0 if half_year_flow else years) / 5 + abs(t - b) * rng.gauss(0, 0.05)
                x = float(max(1, round(x))) if rank else max(x, 10.0 ** -dec)
                x = min(x, 100.0) if share else x
                if flow:
                    yoy = _yoy(x, previous)
                    previous = x
                if half_year_flow:
                    x *= rng.uniform(0.46, 0.5)  # a half-year total, with the whole year's growth stated
                value = _fmt(x, dec)
                draw = rng.random()
                if draw < 0.04:
                    value, yoy = "未出", ""
                elif period.endswith("H1") and draw < 0.2:
                    value += "（预计）"
            observations.append({"code": row["code"], "period": period, "value": value, "yoy_growth": yoy,
                                 "source": source, "note": ""})
    return indicators, observations


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def generate(locality_id: str, seed: int, root: Path) -> Path:
    """Write data/raw/<locality_id>/{indicators,observations}.csv and SOURCE.md under `root`."""
    folder = Path(root) / "data" / "raw" / paths.check_locality_id(locality_id)
    if (folder / "SOURCE.md").exists() and "synthetic" not in (folder / "SOURCE.md").read_text(encoding="utf-8"):
        raise FileExistsError(f"{folder} holds real data; not overwriting it with synthetic data")
    indicators, observations = _tables(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "indicators.csv").write_text(_csv(indicators, INDICATOR_COLUMNS), encoding="utf-8")
    (folder / "observations.csv").write_text(_csv(observations, OBSERVATION_COLUMNS), encoding="utf-8")
    (folder / "SOURCE.md").write_text(
        f"# {display_name(locality_id)} — synthetic data (seed {seed})\n\n"
        "**Not real data.** Generated by `helpers.tools.synthetic` for tests and benchmarks: the 34 indicators of\n"
        "yuecheng (names, units, categories, forms of baseline and target) with random values drawn from\n"
        f"seed {seed}. No document stands behind any number; every `source` cell says `synthetic (seed {seed})`.\n",
        encoding="utf-8")
    return folder


def add_to_params(params_path: Path, ids: Iterable[str], keep: Iterable[str] | None = None) -> None:
    """Declare synthetic localities in a params.yaml (a copy: comments are not kept). With `keep`,
    only those existing localities stay."""
    params = yaml.safe_load(Path(params_path).read_text(encoding="utf-8"))
    if keep is not None:
        kept = set(keep)
        params["localities"] = {k: v for k, v in params["localities"].items() if k in kept}
    for locality_id in ids:
        params["localities"][locality_id] = params_entry(locality_id)
    Path(params_path).write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate N synthetic localities in a copy of the project")
    parser.add_argument("n", type=int, help="how many (synthetic-01 … synthetic-NN, seeds 1 … N)")
    parser.add_argument("--root", type=Path, required=True, help="project copy to write into (not the checkout)")
    parser.add_argument("--only", action="store_true", help="drop the other localities from its params.yaml")
    args = parser.parse_args(argv)
    if args.root.resolve() == Path(__file__).resolve().parents[3]:
        parser.error("--root is this checkout: generate synthetic localities in a copy of the project")
    ids = [synthetic_id(i) for i in range(1, args.n + 1)]
    for i, locality_id in enumerate(ids, start=1):
        generate(locality_id, i, args.root)
    add_to_params(args.root / "params.yaml", ids, keep=[] if args.only else None)
    print(f"{len(ids)} synthetic localities in {args.root}: {', '.join(ids[:3])}{' …' if len(ids) > 3 else ''}")


if __name__ == "__main__":
    main()
