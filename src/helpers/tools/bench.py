"""What a locality costs, and how the pipeline scales to many localities (`make bench`).

    python -m helpers.tools.bench                 # scaling sizes 10, 50, 100 (long: about 30 s per locality)
    python -m helpers.tools.bench --quick         # sizes 2, 4
    python -m helpers.tools.bench --sizes 10,20

Everything runs in temporary copies of the project (the files a fresh clone holds), on this machine, in
one run, so the goals below compare figures measured side by side:

  floor     a bare papermill run of an empty notebook (interpreter, papermill import, kernel start)
  imports   what the notebooks import, each in a fresh interpreter; GX context creation
  real      `dvc repro` from clean of the real localities of params.yaml
  marginal  one more (synthetic) locality, then `dvc repro` (three times, one locality each: the median)
  no-op     `dvc repro` again with nothing changed
  edit      one value of a locality's raw data edited, then `dvc repro` (its review current again; three
            times: the median)
  stages    that locality's stage command (`python -m helpers.pipeline all`: four notebooks in one kernel
            and the render step), the same with one kernel per notebook, each notebook run by hand, the
            slowest cells of its executed notebooks (papermill's cell timings) and the parts of the render step
  scale N   `dvc repro` from clean of N synthetic localities: wall time and peak RSS of the process tree

Every command's CPU time (user + system of its process tree, from getrusage) is kept beside its wall time:
on a busy shared machine wall times grow with the load, CPU times much less, so comparisons of two runs
(before and after a change) are best made on CPU seconds and on ratios to the floor of the same run.

Goals (issue 15): marginal ≤ 6 × floor; no-op ≤ 2 s; edit loop ≤ 8 × floor; per-locality time at the
largest size ≤ 1.2 × that at the smallest; peak RSS < 2 GB. The table goes to the console, all figures to
reports/bench.json. A benchmark, not a test: it fails no build. The machine may be shared: the goals
compare figures measured side by side in one run (ratios to the floor), not absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from helpers.pipeline import paths
from helpers.pipeline.runner import STAGES
from helpers.tools import synthetic
from helpers.tools.sandbox import BIN, copy_project, env_for

REPEAT = 3  # the marginal locality and the edit loop are measured this many times; the median counts
REAL_GOALS = {"marginal_over_floor": 6.0, "noop_s": 2.0, "edit_over_floor": 8.0, "per_locality_growth": 1.2,
              "peak_rss_mb": 2048.0}
IMPORTS = {
    "import papermill": "import papermill",
    "import pandas": "import pandas",
    "import helpers.report.charts (matplotlib, CJK font)": "import helpers.report.charts",
    "import great_expectations": "import great_expectations",
    "import nbconvert": "import nbconvert",
    "import helpers of 01_clean": "from helpers.pipeline import config; from helpers.plan import clean, rawdata; from helpers.report import facts, review",
}
GX_CONTEXT = ("import great_expectations, time\nfrom helpers.pipeline import paths, validate\nt = time.perf_counter()\n"
              "validate.gx_context(paths.EXPECTATIONS_DIR.resolve())\nprint(time.perf_counter() - t)")
RENDER_PARTS = """
import json, sys, time
from helpers.pipeline import config, paths, runner
from helpers.report import docx, facts, render
loc = config.locality(sys.argv[1])
nbs = [runner.executed_path(s, loc.id, loc.as_of) for s in runner.STAGES]
t = [time.perf_counter()]
for nb in nbs:
    render.notebook_html(nb)
t.append(time.perf_counter())
found = facts.collect(nbs, paths.PROJ_ROOT)
t.append(time.perf_counter())
render.body_nbconvert(nbs[-1])
t.append(time.perf_counter())
review = nbs[-1].parents[1] / "review.html"
docx.write_docx([s.html for s in render.sections(nbs[-1])], review.with_name("bench.docx"))
t.append(time.perf_counter())
names = ["4 executed notebooks -> HTML (nbconvert)", "collect facts", "review body (nbconvert)", "review.docx (pandoc)"]
print(json.dumps({n: b - a for n, a, b in zip(names, t, t[1:])}))
"""


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    output: str
    cpu_s: float = 0.0  # user + system CPU seconds of the process tree: less sensitive to a busy machine


# --- running things -----------------------------------------------------------------------------

def _tree_rss(proc: Any) -> int:
    import psutil

    total = 0
    try:
        for p in [proc, *proc.children(recursive=True)]:
            total += p.memory_info().rss
    except psutil.Error:  # a process ended while we looked
        pass
    return total


def timed(cmd: list[str], root: Path) -> Run:
    """Wall time of a command and the peak RSS of its process tree (sum over the processes alive at a
    time, sampled every 0.1 s with psutil)."""
    log = root / f".bench-{time.monotonic_ns()}.log"
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "w") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root, env=env_for(root), stdout=out, stderr=subprocess.STDOUT)
        watched = psutil.Process(proc.pid)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(watched))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    output = log.read_text(errors="replace")
    log.unlink()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}) in {root}:\n{output[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every descendant that was waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(seconds, peak / 2**20, output, cpu)


def say(text: str) -> None:
    print(f"[bench] {text}", flush=True)


def python(code: str, root: Path, *args: str) -> str:
    return timed([str(BIN / "python"), "-c", code, *args], root).output.strip().splitlines()[-1]


def stages_run(output: str) -> int:
    return output.count("Running stage")


# --- the measurements ---------------------------------------------------------------------------

def floor(work: Path, repeat: int = 3) -> dict[str, float]:
    """An empty notebook through the papermill CLI: what any notebook stage pays before its first cell."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, work / "empty.ipynb")
    cmd = [str(BIN / "python"), "-m", "papermill", "empty.ipynb", "empty.out.ipynb", "-k", "python3",
           "--no-progress-bar"]
    runs = [timed(cmd, work) for _ in range(repeat)]
    return {"python -c pass": min(timed([str(BIN / "python"), "-c", "pass"], work).seconds for _ in range(repeat)),
            "papermill empty notebook": statistics.median(r.seconds for r in runs),
            "papermill empty notebook, CPU s": statistics.median(r.cpu_s for r in runs)}


def import_costs(root: Path) -> dict[str, float]:
    """Seconds of each import in a fresh interpreter (best of two), and of creating the GX context."""
    costs = {}
    for name, stmt in IMPORTS.items():
        code = f"import time\nt = time.perf_counter()\n{stmt}\nprint(time.perf_counter() - t)"
        costs[name] = min(float(python(code, root)) for _ in range(2))
    costs["GX context (helpers.pipeline.validate.gx_context, after the import)"] = float(python(GX_CONTEXT, root))
    return costs


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def notebook_costs(root: Path, locality: str, as_of: str) -> dict[str, dict[str, Any]]:
    """From papermill's timings in each executed notebook: total, when it started and ended (seconds after
    the first notebook started: 02 and 03 run at the same time), time to the first cell, the cells, and the
    slowest cells."""
    import nbformat

    out = {}
    first_start = None
    for stage in STAGES:
        nb = nbformat.read(root / "reports" / locality / as_of / "notebooks" / f"{stage}.ipynb", as_version=4)
        meta = nb.metadata["papermill"]
        first_start = first_start or _when(meta["start_time"])
        cells = [(c.get("id", "?"), c.metadata["papermill"]) for c in nb.cells if "papermill" in c.metadata]
        durations = {cid: m["duration"] or 0.0 for cid, m in cells}
        out[stage] = {
            "papermill_s": meta["duration"],
            "started_s": (_when(meta["start_time"]) - first_start).total_seconds(),
            "ended_s": (_when(meta["end_time"]) - first_start).total_seconds(),
            "before_first_cell_s": (_when(cells[0][1]["start_time"]) - _when(meta["start_time"])).total_seconds(),
            "cells_s": sum(durations.values()),
            "slowest_cells": dict(sorted(durations.items(), key=lambda kv: -kv[1])[:2]),
        }
    return out


def stage_costs(root: Path, locality: str, as_of: str) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The locality's stage command run by hand (as DVC runs it), with one kernel for the four notebooks
    and with one kernel each; each notebook by hand; the render step; the index. Process wall time and
    the seconds each notebook and the render step report ("done in"); and the notebook timings of the
    `all` run (notebook_costs)."""
    py = str(BIN / "python")
    commands = {"all": [py, "-m", "helpers.pipeline", "all", locality, "--no-progress"],
                "all (fresh kernels)": [py, "-m", "helpers.pipeline", "all", locality, "--no-progress",
                                        "--fresh-kernels"]}
    commands |= {stage: [py, "-m", "helpers.pipeline", stage, locality, "--no-progress"] for stage in STAGES}
    commands |= {"render": [py, "-m", "helpers.pipeline", "render", locality],
                 "index": [py, "-m", "helpers.pipeline", "index"]}
    out: dict[str, dict[str, Any]] = {}
    notebooks: dict[str, Any] = {}
    for name, cmd in commands.items():
        run = timed(cmd, root)
        parts = {m[1]: float(m[2]) for m in re.finditer(r"\[(\w+)@[^\]]+\] done in ([\d.]+) s", run.output)}
        out[name] = {"process_s": run.seconds, "papermill_s": sum(v for k, v in parts.items() if k in STAGES),
                     "parts_s": parts, "peak_rss_mb": run.peak_rss_mb, "cpu_s": run.cpu_s}
        if name == "all":
            notebooks = notebook_costs(root, locality, as_of)
    return out, notebooks


def edit_loop(root: Path, locality: str) -> dict[str, float]:
    """One value of the locality's observations.csv changed, then `dvc repro`: the review current again."""
    path = root / "data" / "raw" / locality / "observations.csv"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(\d+[a-z]?,\d{4}(?:H1)?,)(\d+)", text, re.M)
    if match is None:
        raise RuntimeError(f"{path}: no numeric value to edit")
    path.write_text(text[:match.start(2)] + str(int(match[2]) + 1) + text[match.end(2):], encoding="utf-8")
    run = timed(["dvc", "repro"], root)
    review = root / "reports" / locality
    current = any(review.glob("*/review.html")) and not any(review.glob("*/FAILED.txt"))
    return {"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb, "stages_run": stages_run(run.output),
            "review_current": bool(current), "cpu_s": run.cpu_s}


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time, with every run's seconds beside it: one run on a shared machine can be
    off by half a second either way, as much as the difference a goal is about."""
    chosen = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    return {**chosen, "runs_s": [run["seconds"] for run in runs]}


def add_synthetic(root: Path, ids: list[str], keep: list[str] | None = None) -> None:
    for i, locality in enumerate(ids, start=1):
        synthetic.generate(locality, i, root)
    synthetic.add_to_params(root / "params.yaml", ids, keep=keep)


def lock_cost(root: Path) -> float:
    """Seconds DVC takes to update this dvc.lock once, as it does after every stage it runs (a round-trip
    YAML parse and dump, which keeps the file's layout; about twice a plain load and dump): the file grows
    with the number of localities."""
    from dvc.utils.serialize import modify_yaml

    copy = root / "bench.lock"
    shutil.copyfile(root / "dvc.lock", copy)
    started = time.perf_counter()
    with modify_yaml(copy) as data:
        data["stages"] = data.get("stages", {})
    return time.perf_counter() - started


def project(folder: Path, renderer: str) -> Path:
    """A copy of the project whose params.yaml names the renderer (auto: Quarto when on PATH)."""
    root = copy_project(folder)
    params = root / "params.yaml"
    params.write_text(re.sub(r"(?m)^(\s+renderer:\s*)\S+", rf"\g<1>{renderer}", params.read_text(encoding="utf-8")),
                      encoding="utf-8")
    return root


def scale(n: int, work: Path, keep_copy: bool, renderer: str) -> dict[str, float]:
    """N synthetic localities (and no real one) from clean."""
    root = project(work / f"scale-{n}", renderer)
    add_synthetic(root, [synthetic.synthetic_id(i) for i in range(1, n + 1)], keep=[])
    run = timed(["dvc", "repro"], root)
    result = {"n": n, "seconds": run.seconds, "per_locality_s": run.seconds / n, "peak_rss_mb": run.peak_rss_mb,
              "cpu_s": run.cpu_s,
              "stages_run": stages_run(run.output), "lock_mb": (root / "dvc.lock").stat().st_size / 2**20,
              "lock_rewrite_s": lock_cost(root)}
    noop = timed(["dvc", "repro"], root)  # nothing changed: what DVC pays to find that out at this size
    result |= {"noop_s": noop.seconds, "noop_cpu_s": noop.cpu_s}
    if not keep_copy:
        shutil.rmtree(root, ignore_errors=True)
    return result


# --- goals and report ---------------------------------------------------------------------------

WITHIN = "  within it"  # breakdown rows inside the row before: not added to the total


def breakdown(r: dict[str, Any]) -> dict[str, float]:
    """Where the marginal locality's time goes (seconds of wall time, adding up to the marginal run), from its
    stage command and the notebooks' timings. 02_validate and 03_evaluate run at the same time: their row is
    the time from the first's start to the last's end; the two rows after it say what each spent on its
    slowest part, within that time."""
    notebooks, stages = r["notebooks"], r["stages"]
    whole = stages["all"]
    render = whole["parts_s"].get("render", 0.0)
    span = notebooks["04_review"]["ended_s"]  # the first notebook's start to the last one's end
    together = (max(notebooks[s]["ended_s"] for s in ("02_validate", "03_evaluate"))
                - min(notebooks[s]["started_s"] for s in ("02_validate", "03_evaluate")))
    alone = {s: notebooks[s]["papermill_s"] for s in ("01_clean", "04_review")}
    return {
        "stage process: python, papermill and helpers imports, two kernels started and stopped":
            whole["process_s"] - span - render,
        "01_clean": alone["01_clean"],
        "02_validate and 03_evaluate at the same time": together,
        f"{WITHIN}, 02's validate cell (GX import unless warm, the expectations, Data Docs)":
            notebooks["02_validate"]["slowest_cells"].get("validate", 0.0),
        f"{WITHIN}, 03's charts cell": notebooks["03_evaluate"]["slowest_cells"].get("charts", 0.0),
        "04_review": alone["04_review"],
        "between the notebooks (kernel resets, waiting for the other kernel)": span - together - sum(alone.values()),
        "render after the last notebook (review page, .docx; the notebook pages are written meanwhile)": render,
        "index (once per repro)": stages["index"]["process_s"],
        "DVC (status, hashing, cache, dvc.lock) and split-params": r["marginal"]["seconds"] - whole["process_s"]
                                                           - stages["index"]["process_s"],
    }


def goals(r: dict[str, Any]) -> list[dict[str, Any]]:
    floor_s = r["floor"]["papermill empty notebook"]
    out = [
        {"goal": f"marginal cost per locality ≤ {REAL_GOALS['marginal_over_floor']:g} × bare papermill run",
         "measured": f"{r['marginal']['seconds']:.1f} s vs {REAL_GOALS['marginal_over_floor']:g} × {floor_s:.1f} s "
                     f"(ratio {r['marginal']['seconds'] / floor_s:.1f})",
         "pass": r["marginal"]["seconds"] <= REAL_GOALS["marginal_over_floor"] * floor_s},
    ]
    # No-op at the largest size measured (issue 15: at 100 localities), else with the real ones + 1.
    largest = max(r["scale"], key=lambda s: s["n"]) if r["scale"] and "noop_s" in r["scale"][-1] else None
    noop_s = largest["noop_s"] if largest else r["noop"]["seconds"]
    where = f" at {largest['n']} localities" if largest else ""
    out.append({"goal": f"no-op dvc repro ≤ {REAL_GOALS['noop_s']:g} s", "measured": f"{noop_s:.1f} s{where}",
                "pass": noop_s <= REAL_GOALS["noop_s"]})
    if "edit" in r:
        out.append({"goal": f"edit loop (raw data edited → review current) ≤ {REAL_GOALS['edit_over_floor']:g} × "
                            "bare papermill run",
                    "measured": f"{r['edit']['seconds']:.1f} s vs {REAL_GOALS['edit_over_floor']:g} × {floor_s:.1f} s "
                                f"(ratio {r['edit']['seconds'] / floor_s:.1f})"
                                + ("" if r["edit"].get("review_current", True) else "; review NOT current"),
                    "pass": r["edit"]["seconds"] <= REAL_GOALS["edit_over_floor"] * floor_s
                            and r["edit"].get("review_current", True)})
    if len(r["scale"]) >= 2:
        small, large = r["scale"][0], r["scale"][-1]
        ratio = large["per_locality_s"] / small["per_locality_s"]
        out.append({"goal": f"linear: per-locality time at {large['n']} ≤ {REAL_GOALS['per_locality_growth']:g} × "
                            f"at {small['n']}",
                    "measured": f"{large['per_locality_s']:.1f} s vs {small['per_locality_s']:.1f} s (ratio {ratio:.2f})",
                    "pass": ratio <= REAL_GOALS["per_locality_growth"]})
    peak = max([r["real"]["peak_rss_mb"], r["marginal"]["peak_rss_mb"], *[s["peak_rss_mb"] for s in r["scale"]]])
    out.append({"goal": "peak RSS of the process tree < 2 GB", "measured": f"{peak:.0f} MB",
                "pass": peak < REAL_GOALS["peak_rss_mb"]})
    return out


def _runs(measured: dict[str, Any]) -> str:
    return " / ".join(f"{s:.1f}" for s in measured.get("runs_s", [measured["seconds"]])) + " s"


def table(r: dict[str, Any]) -> str:
    lines = [f"renderer of the review: {r['renderer']}", "",
             f"{'measurement':58s} {'seconds':>8s} {'CPU s':>7s} {'peak MB':>8s}  note", "-" * 108]

    def row(what: str, seconds: float, rss: float | None = None, note: str = "", cpu: float | None = None) -> None:
        lines.append(f"{what:58s} {seconds:8.2f} {'' if cpu is None else f'{cpu:7.2f}':>7s} "
                     f"{'' if rss is None else f'{rss:8.0f}':>8s}  {note}")

    row("floor: python -c pass", r["floor"]["python -c pass"])
    row("floor: papermill CLI, empty notebook", r["floor"]["papermill empty notebook"], note="median of 3",
        cpu=r["floor"].get("papermill empty notebook, CPU s"))
    for name, seconds in r["imports"].items():
        row(name, seconds, note="fresh interpreter")
    real = r["real"]
    row(f"real: dvc repro from clean ({real['localities']} localities)", real["seconds"], real["peak_rss_mb"],
        f"{real['stages_run']} stages", real.get("cpu_s"))
    m = r["marginal"]
    row("marginal: + 1 synthetic locality, dvc repro", m["seconds"], m["peak_rss_mb"],
        f"{m['stages_run']} stages; median of {_runs(m)}", m.get("cpu_s"))
    row("no-op dvc repro", r["noop"]["seconds"], r["noop"]["peak_rss_mb"], f"{r['noop']['stages_run']} stages",
        r["noop"].get("cpu_s"))
    if "edit" in r:
        row("edit loop: one raw value edited, dvc repro", r["edit"]["seconds"], r["edit"]["peak_rss_mb"],
            f"{r['edit']['stages_run']} stages; review current: {r['edit'].get('review_current')}; median of "
            f"{_runs(r['edit'])}", r["edit"].get("cpu_s"))
    for name, s in r["stages"].items():
        nb = r["notebooks"].get(name)
        if nb:
            note = (f"papermill {s['papermill_s']:.1f}: to 1st cell {nb['before_first_cell_s']:.1f}, cells "
                    f"{nb['cells_s']:.1f}; slowest " + ", ".join(f"{k} {v:.1f}" for k, v in nb["slowest_cells"].items()))
        else:
            note = ", ".join(f"{k} {v:.1f}" for k, v in s.get("parts_s", {}).items())
        row(f"command: {name}", s["process_s"], s["peak_rss_mb"], note, s.get("cpu_s"))
    whole = r["stages"]["all"]["process_s"]
    row("DVC's share of the marginal run", m["seconds"] - whole - r["stages"]["index"]["process_s"],
        note="marginal − stage command − index")
    for name, seconds in r["render_parts"].items():
        row(f"render: {name}", seconds)
    for s in r["scale"]:
        row(f"scale: {s['n']} synthetic localities from clean", s["seconds"], s["peak_rss_mb"],
            f"{s['per_locality_s']:.1f} s per locality, {s['stages_run']} stages; dvc.lock {s['lock_mb']:.2f} MB, "
            f"{s['lock_rewrite_s']:.2f} s to read and rewrite (once per stage); no-op repro "
            f"{s.get('noop_s', float('nan')):.2f} s", s.get("cpu_s"))
    lines += ["", f"where the marginal locality's {m['seconds']:.1f} s go:"]
    lines += [f"  {seconds:6.1f} s  {what}" for what, seconds in r["breakdown"].items()]
    if "cpu_s" in m and r["floor"].get("papermill empty notebook, CPU s"):
        lines += ["", f"CPU seconds (user + system of the process tree; a busy shared machine inflates wall time, "
                      f"much less CPU time): marginal {m['cpu_s']:.1f} = "
                      f"{m['cpu_s'] / r['floor']['papermill empty notebook, CPU s']:.1f} × the floor's "
                      f"{r['floor']['papermill empty notebook, CPU s']:.2f}"]
    lines += ["", "goals (measured in this run):"]
    lines += [f"  [{'PASS' if g['pass'] else 'FAIL'}] {g['goal']}: {g['measured']}" for g in r["goals"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark: what a locality costs, and scaling")
    parser.add_argument("--sizes", default="10,50,100", help="numbers of synthetic localities (default 10,50,100)")
    parser.add_argument("--quick", action="store_true", help="sizes 2,4")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project copies")
    parser.add_argument("--renderer", choices=("auto", "quarto", "nbconvert"), default="auto",
                        help="params.yaml report.renderer in the copies (default auto: Quarto when on PATH)")
    parser.add_argument("--out", type=Path, default=paths.REPORTS_DIR / "bench.json")
    args = parser.parse_args(argv)
    sizes = [2, 4] if args.quick else sorted(int(s) for s in args.sizes.split(","))

    work = Path(tempfile.mkdtemp(prefix="plan-review-bench-"))
    quarto = shutil.which("quarto")
    used = args.renderer if args.renderer != "auto" else ("quarto" if quarto else "nbconvert")
    r: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "sizes": sizes,
                         "renderer": used + (f" ({quarto})" if used == "quarto" else "")}
    try:
        say("floor: papermill on an empty notebook")
        r["floor"] = floor(work)
        root = project(work / "project", args.renderer)
        say("imports and GX context, each in a fresh interpreter")
        r["imports"] = import_costs(root)
        localities = list(yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))["localities"])
        say(f"real: dvc repro from clean ({', '.join(localities)})")
        run = timed(["dvc", "repro"], root)
        r["real"] = {"localities": len(localities), "seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb,
                     "stages_run": stages_run(run.output), "cpu_s": run.cpu_s}
        say(f"marginal: one synthetic locality more, {REPEAT} times")
        runs = []
        for seed in range(1, REPEAT + 1):
            locality = synthetic.synthetic_id(seed)
            synthetic.generate(locality, seed, root)
            synthetic.add_to_params(root / "params.yaml", [locality])
            run = timed(["dvc", "repro"], root)
            runs.append({"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb, "stages_run": stages_run(run.output),
                         "cpu_s": run.cpu_s})
        r["marginal"] = median_run(runs)
        run = timed(["dvc", "repro"], root)
        r["noop"] = {"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb, "stages_run": stages_run(run.output),
                     "cpu_s": run.cpu_s}
        say(f"edit loop: one value of synthetic-01 edited, {REPEAT} times")
        r["edit"] = median_run([edit_loop(root, "synthetic-01") for _ in range(REPEAT)])
        say("stages of synthetic-01 one by one")
        r["stages"], r["notebooks"] = stage_costs(root, "synthetic-01", "2023H1")
        r["render_parts"] = json.loads(python(RENDER_PARTS, root, "synthetic-01"))
        r["scale"] = []
        for n in sizes:
            say(f"scale: {n} synthetic localities from clean")
            r["scale"].append(scale(n, work, args.keep, args.renderer))
            print(f"        {r['scale'][-1]['seconds']:.0f} s, {r['scale'][-1]['per_locality_s']:.1f} s per locality",
                  flush=True)
        r["breakdown"] = breakdown(r)
        r["goals"] = goals(r)
    finally:
        if args.keep:
            say(f"copies kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(r))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nall figures: {args.out}")


if __name__ == "__main__":
    main()
