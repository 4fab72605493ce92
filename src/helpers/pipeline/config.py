"""Reading params.yaml: the localities and each stage's settings, checked before anything runs.

`load_params()` reads params.yaml and checks all of it against `params_schema.yaml` (sections, known keys,
types, locality ids, periods, categories): a problem stops with a message naming params.yaml and the key,
e.g. `params.yaml: localities.tiny.as_of: 2030 is after plan_end 2025 …`. `python -m helpers.pipeline check`
runs the same check and is the first command of every DVC stage, so a bad params.yaml (or a locality id
such as `x;touch PWNED;#`) stops before DVC hands anything to a shell.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from helpers.pipeline import paths
from helpers.plan.model import PERIOD_FORMS, Locality, is_period, is_year_to_date

SCHEMA_FILE = Path(__file__).with_name("params_schema.yaml")
MAX_TEXT = 200  # characters of a name, plan or category


class ParamsError(ValueError):
    """params.yaml is not what the pipeline can run: every problem, each naming its key."""

    def __init__(self, problems: list[str], file: str = "params.yaml") -> None:
        self.problems = problems
        lines = "\n".join(f"  {file}: {p}" for p in problems)
        super().__init__(f"{file} is not valid ({len(problems)} problem(s)); nothing was run:\n{lines}")


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that refuses a key given twice (PyYAML silently keeps the last one). libyaml's parser
    when PyYAML has it (the wheels do): every notebook and stage reads params.yaml, and with 100 localities
    the pure-Python parser took 0.04 s a read, several times a locality."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))["sections"]


def read_params(path: Path | None = None) -> dict[str, Any]:
    """params.yaml as YAML, without checking it (a YAML syntax error is a ParamsError)."""
    path = Path(path or paths.PARAMS_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParamsError([f"file not found ({path})"]) from None
    except UnicodeDecodeError as err:
        raise ParamsError([f"not UTF-8 text ({err.reason} at byte {err.start})"]) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise ParamsError([f"{where}not valid YAML: {problem}"]) from None
    return data if data is not None else {}


def load_params(path: Path | None = None) -> dict[str, Any]:
    """params.yaml, checked: a ParamsError lists every problem."""
    params = read_params(path)
    problems = check_params(params)
    if problems:
        raise ParamsError(problems)
    return params


# --- the checks ----------------------------------------------------------------------------------

def _text_problem(value: str) -> str | None:
    if not value.strip():
        return "is empty"
    if len(value) > MAX_TEXT:
        return f"is {len(value)} characters long (at most {MAX_TEXT})"
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        return "holds a control character"
    return None


def _check_value(key: str, value: Any, spec: dict[str, Any]) -> list[str]:
    kind = spec["type"]
    shown = repr(value) if not isinstance(value, str) or len(value) <= 60 else repr(value[:60] + "…")
    if kind == "str":
        if not isinstance(value, str):
            return [f"{key}: {shown} is not text"]
        problem = _text_problem(value) if "choices" not in spec else None
        if problem:
            return [f"{key}: {problem}"]
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return [f"{key}: {shown} is not a whole number (e.g. 2020)"]
        if not spec.get("min", value) <= value <= spec.get("max", value):
            return [f"{key}: {shown} is outside {spec['min']}..{spec['max']}"]
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value <= 0:
            return [f"{key}: {shown} is not a positive number"]
    elif kind == "bool":
        if not isinstance(value, bool):
            return [f"{key}: {shown} is not true or false"]
    elif kind == "period":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # as_of: 2020 unquoted is read as a number; the year is what counts
        if not is_period(value):
            return [f"{key}: {shown} is not a period: write {PERIOD_FORMS}, quoted, e.g. \"2023H1\""]
    elif kind == "list_str":
        if not isinstance(value, list) or not value:
            return [f"{key}: {shown} is not a non-empty list, e.g. [经济发展, 民生福祉]"]
        out = []
        for i, item in enumerate(value):
            problem = "is not text" if not isinstance(item, str) else _text_problem(item)
            if problem:
                out.append(f"{key}[{i}]: {item!r} {problem}")
        duplicates = sorted({v for v in value if isinstance(v, str) and value.count(v) > 1})
        if duplicates:
            out.append(f"{key}: {', '.join(duplicates)} listed more than once")
        return out
    if "choices" in spec and value not in spec["choices"]:
        return [f"{key}: {shown} is not one of {', '.join(repr(c) for c in spec['choices'])}"]
    return []


def _check_keys(prefix: str, entry: Any, keys: dict[str, dict[str, Any]]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{prefix}: is not a mapping of keys ({', '.join(keys)})"]
    problems = []
    for key in entry:
        if key not in keys:
            problems.append(f"{prefix}.{key}: unknown key (known: {', '.join(keys)})")
    for key, spec in keys.items():
        if key not in entry or entry[key] is None:
            if spec.get("required"):
                problems.append(f"{prefix}.{key}: missing ({spec['description']})")
            continue
        problems += _check_value(f"{prefix}.{key}", entry[key], spec)
    return problems


def _check_periods(prefix: str, entry: dict[str, Any]) -> list[str]:
    """plan_start < plan_end, and as_of within [plan_start, plan_end]: a review of a period the plan
    does not cover would judge it with a plausible-looking but meaningless 完成/未完成."""
    start, end, as_of = entry.get("plan_start"), entry.get("plan_end"), str(entry.get("as_of", ""))
    kind = entry.get("kind", "five_year")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not is_period(as_of):
        return []  # already reported
    problems = []
    if end <= start:
        problems.append(f"{prefix}.plan_end: {end} is not after plan_start {start}")
    elif kind == "annual" and end - start != 1:
        problems.append(f"{prefix}.plan_end: an annual plan (kind: annual) runs from the previous year's "
                        f"actuals to the plan year, so plan_end is plan_start + 1 (here {start} -> {end})")
    year, half = int(as_of[:4]), is_year_to_date(as_of)
    if year > end:
        problems.append(f"{prefix}.as_of: {as_of} is after plan_end {end}: the plan covers {start}–{end}; "
                        f"set as_of to a period from {start} to {end}")
    elif year < start or (half and year == start):
        problems.append(f"{prefix}.as_of: {as_of} is before the end of the baseline year plan_start {start}: "
                        f"the plan covers {start}–{end}; set as_of to a period from {start} to {end}")
    return problems


def check_params(params: Any) -> list[str]:
    """Every problem of a params.yaml, each as 'key.path: what is wrong'."""
    if not isinstance(params, dict):
        return ["the file is not a mapping of sections (localities, evaluate, report)"]
    sections = schema()
    problems = [f"{name}: unknown section (known: {', '.join(sections)})" for name in params if name not in sections]
    localities = params.get("localities")
    if not isinstance(localities, dict) or not localities:
        problems.append("localities: missing or empty (one entry per locality id)")
        localities = {}
    keys = sections["localities"]["keys"]
    for locality_id, entry in localities.items():
        if not isinstance(locality_id, str) or not paths.is_locality_id(locality_id):
            problems.append(f"localities: the locality id {str(locality_id)!r} is not allowed: use lower-case "
                            "letters, digits and '-' (at most 63 characters, starting with a letter or digit)")
            continue  # nothing of it is used, not even in a message path
        prefix = f"localities.{locality_id}"
        problems += _check_keys(prefix, entry, keys)
        if isinstance(entry, dict):
            problems += _check_periods(prefix, entry)
    if "evaluate" in params:
        problems += _check_evaluate(params["evaluate"])
    for name, spec in sections.items():
        if name not in ("localities", "evaluate") and name in params and params[name] is not None:
            problems += _check_keys(name, params[name], spec["keys"])
    return problems


def _check_evaluate(section: Any) -> list[str]:
    """The engine owns its thresholds: EvaluationParams refuses unknown keys and bad values."""
    from helpers.engine.params import EvaluationParams  # lazily: params.yaml is checked before anything is imported

    if not isinstance(section, dict):
        return ["evaluate: is not a mapping of thresholds"]
    try:
        EvaluationParams.from_mapping(section)
    except (TypeError, ValueError) as err:
        return [f"evaluate: {err}"]
    return []


def check_file(path: Path | None = None) -> list[str]:
    """Problems of the params.yaml at path (default: the project's), as printable lines."""
    try:
        return check_params(read_params(path))
    except ParamsError as err:
        return err.problems


# --- reading -------------------------------------------------------------------------------------

def limits(params: dict[str, Any] | None = None) -> dict[str, float]:
    """Size limits on raw data (params.yaml `limits`, else the defaults)."""
    section = (params if params is not None else load_params()).get("limits") or {}
    return {"max_rows": int(section.get("max_rows", DEFAULT_LIMITS["max_rows"])),
            "max_file_mb": float(section.get("max_file_mb", DEFAULT_LIMITS["max_file_mb"]))}


# A plan table has tens of indicators and a few periods; a province's table a few hundred rows.
DEFAULT_LIMITS = {"max_rows": 5000, "max_file_mb": 20.0}


def locality(locality_id: str, params: dict[str, Any] | None = None) -> Locality:
    params = params or load_params()
    paths.check_locality_id(locality_id)
    try:
        entry = params["localities"][locality_id]
    except KeyError:
        known = ", ".join(sorted(params.get("localities", {})))
        raise KeyError(f"locality {locality_id!r} is not declared in params.yaml (known: {known})") from None
    return Locality(
        id=locality_id,
        name=entry["name"],
        plan=entry["plan"],
        plan_start=int(entry["plan_start"]),
        plan_end=int(entry["plan_end"]),
        as_of=str(entry["as_of"]),
        categories=tuple(entry["categories"]),
        synthetic=bool(entry.get("synthetic", False)),
        kind=entry.get("kind", "five_year"),
        level=entry.get("level", ""),
    )


def check_as_of(loc: Locality, as_of: str) -> None:
    """A period given on the command line (--as-of) is held to the same rules as params.yaml's."""
    entry = {"plan_start": loc.plan_start, "plan_end": loc.plan_end, "as_of": as_of, "kind": loc.kind}
    problems = _check_value("--as-of", as_of, {"type": "period"}) or _check_periods(f"localities.{loc.id}", entry)
    if problems:
        raise ParamsError([p.replace(f"localities.{loc.id}.as_of", "--as-of") for p in problems], file="--as-of")


def split_params(out_dir: Path, params: dict[str, Any] | None = None) -> list[Path]:
    """One small file per locality with everything its run reads from params.yaml (its entry and the
    shared sections), as the DVC dependency of its stage. DVC re-reads and parses the whole params.yaml
    for every stage that declares `params:`, so with 100 localities a no-op `dvc repro` spent seconds
    parsing the same file; only the stage that writes these files declares params now."""
    params = params or load_params()
    shared = {k: params.get(k) for k in ("evaluate", "report", "limits")}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for locality_id, entry in params["localities"].items():
        path = out_dir / f"{paths.check_locality_id(locality_id)}.yaml"
        text = yaml.safe_dump({"locality": {locality_id: entry}, **shared}, allow_unicode=True, sort_keys=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in set(out_dir.glob("*.yaml")) - set(written):
        stale.unlink()
    return written


def all_localities(params: dict[str, Any] | None = None) -> list[Locality]:
    params = params or load_params()
    return [locality(k, params) for k in params["localities"]]
