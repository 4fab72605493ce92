"""Validation stage: Great Expectations suites on a locality's raw and processed tables.

The suites are the reviewed JSON files in `expectations/` (one per table, GX 1.x format), loaded by a
file data context whose expectations store points there. Every rule is an expectation in those files;
at run time only two things are filled in: the suite parameters ($PARAMETER) `plan_start`, `plan_end`,
`categories` (params.yaml) and `indicator_codes`, `statement_codes` (indicators.csv); and derived
columns that `check_frames` adds for the expectations to read (period_year, <field>_error,
<field>_share/_rank/_level, proposal_value_missing, print_tolerance, narrative_diff). Each rule's id,
the raw column it reports and its message are in the expectation's `meta`; severity is GX's own
(`critical` = error, `warning` = warning).

Rules (rule id, severity) -- raw tables, text as typed (cells stripped, empty = null):
  indicators    indicators_not_empty, columns_present, <col>_present (code category name baseline_year
                baseline target_year target attribute measure source), code_format (1, 19a),
                code_unique, no_markup_in_text (name unit category: no < > or control characters),
                year_format, attribute_known (预期性/约束性), measure_known (flow stock rate rank growth),
                direction_known, category_known (params.yaml), target_kind_known, change_basis_known,
                value_kind_known, price_basis_known, reference_known: errors; baseline_present,
                target_present, attribute_present, baseline_year_present: warnings (an empty cell is
                "not stated"; an annual plan's base year is the year before its target year)
  observations  columns_present, code/period/source_present, code_known (code in indicators.csv),
                code_period_unique, period_format (model.PERIOD_PATTERN), period_in_plan     all errors
  statements    columns_present, *_present, code_known (or ALL), period_format, period_in_plan: errors;
                field_known (README's fields): warning
  published     columns_present, *_present, code_known, code_unique: errors; judgement_known
                (the wording is in vocab/judgements.yaml): warning
  overrides     columns_present, *_present, code_known, proposal_known, proposal_value_present
-- processed tables (data/processed/<locality>/):
  indicators    parsed (baseline, target), baseline_year_present (after an annual plan's is filled
                in: error), target_after_baseline, year_in_plan, reference_found
                (a relational target's reference indicator: warning), unit_matches (a unit written in
                the baseline/target text is the indicator's: warning),
                share_0_100 (unit % and measure rate or stock, not a growth rate nor an index:
                model.is_share),
                rank_positive_integer, level_non_negative (flow, stock)               all errors
  observations  parsed (value, yoy_growth), value_known (number or status word), share_0_100,
                rank_positive_integer, level_non_negative: errors;
                value_estimate (预计), unit_matches, period_missing (no row for an indicator x period),
                narrative_value_differs (statements.csv restates another number beyond the
                table's printed precision): warnings
  statements    parsed (text): error

Outputs: reports/<locality>/<as_of>/validation/ holds index.html (summary, offline),
results/<suite>.json (full GX results), docs/<suite>.html (GX Data Docs pages made offline:
scripts, CDN links, images, event handlers and external links removed, a small inline stylesheet
and a Content-Security-Policy that forbids any script or request added) and problems.json;
data/processed/<locality>/warnings.csv lists the warnings (file, line, column, value, rule, message,
severity) for the review. Structural DataErrors of helpers.plan.rawdata pass through.
"""

from __future__ import annotations

import atexit
import functools
import gc
import html
import importlib
import importlib.util
import json
import re
import shutil
import sys
import tempfile
import types
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from helpers.pipeline import config, paths
from helpers.plan import clean, rawdata, vocab
from helpers.plan.grammar import normalise, scale_factor
from helpers.plan.model import PERIOD_FORMS, is_period, is_share
from helpers.plan.problems import DataError, DataProblem, format_problems

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.data_context import FileDataContext

# Suite name -> the raw table its lines refer to.
SUITES: dict[str, str] = {
    "raw_indicators": "indicators",
    "raw_observations": "observations",
    "raw_statements": "statements",
    "raw_published": "published",
    "raw_overrides": "overrides",
    "processed_indicators": "indicators",
    "processed_observations": "observations",
    "processed_statements": "statements",
}
PROBLEM_COLUMNS = ["file", "line", "column", "value", "rule", "message", "severity", "code", "period"]
# Every check frame carries `row` (its position), so each failure leads back to the whole row.
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["raw_line", "row"]}

_PARSE_PART = re.compile(r"; (?=\w+: cannot parse)")
_NUMBER = re.compile(r"\d+(?:\.(\d+))?")


@dataclass(frozen=True)
class ValidationOutcome:
    locality: str
    as_of: str
    errors: list[DataProblem]
    warnings: list[DataProblem]
    suites: dict[str, str]  # suite -> 'passed', 'warnings' or 'errors'
    report_dir: Path  # reports/<locality>/<as_of>/validation
    warnings_file: Path

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        suites = ", ".join(f"{name} {status}" for name, status in self.suites.items())
        return "\n".join([
            f"{self.locality} {self.as_of}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)",
            f"suites: {suites}",
            format_problems(self.errors, "errors"),
            f"results and Data Docs: {paths.relative(self.report_dir)}/index.html",
            f"warnings: {paths.relative(self.warnings_file)}",
        ])

    def warnings_frame(self) -> pd.DataFrame:
        return problems_frame(self.warnings)


def validate_locality(locality: str, as_of: str) -> ValidationOutcome:
    """Run all suites on the locality's raw and processed tables and write the reports."""
    loc = config.locality(locality)  # rejects a bad id before any path is built
    if not is_period(as_of):  # as_of names a report folder too
        raise ValueError(f"as_of {as_of!r} is not {PERIOD_FORMS}")
    raw = rawdata.read_tables(paths.raw_dir(locality), paths.PROJ_ROOT)  # structural DataErrors pass through
    processed = clean.read_processed(paths.processed_dir(locality))
    frames = check_frames(raw, processed)
    params = suite_parameters(loc, raw)

    context = gx_context(paths.EXPECTATIONS_DIR.resolve())
    _clear_run_artefacts(context)  # the context is shared by every call in this process
    results = {name: run_suite(context, name, frame, params) for name, frame in frames.items()}

    problems: list[DataProblem] = []
    suites: dict[str, str] = {}
    for name, result in results.items():
        found = result_problems(result, frames[name], raw[SUITES[name]])
        severities = {p.severity for p in found}
        suites[name] = "errors" if "error" in severities else "warnings" if found else "passed"
        problems += found
    problems = sorted(dict.fromkeys(problems), key=_sort_key)
    outcome = ValidationOutcome(
        locality=locality,
        as_of=as_of,
        errors=[p for p in problems if p.severity == "error"],
        warnings=[p for p in problems if p.severity == "warning"],
        suites=suites,
        report_dir=paths.report_dir(locality, as_of) / "validation",
        warnings_file=paths.processed_dir(locality) / "warnings.csv",
    )
    _write_reports(context, outcome, results)
    return outcome


def raise_on_errors(outcome: ValidationOutcome) -> None:
    """Stop the pipeline when a hard rule is broken; warnings never stop it."""
    if outcome.errors:
        raise DataError(outcome.errors)


def problems_frame(problems: list[DataProblem]) -> pd.DataFrame:
    frame = pd.DataFrame([p.as_dict() for p in problems], columns=PROBLEM_COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    return frame


# --- what the suites see ------------------------------------------------------------------------

def suite_parameters(loc: config.Locality, raw: dict[str, rawdata.RawTable]) -> dict[str, Any]:
    codes = sorted({c.strip() for c in raw["indicators"].frame["code"] if c.strip()})
    return {
        "plan_start": loc.plan_start,
        "plan_end": loc.plan_end,
        "categories": list(loc.categories),
        "indicator_codes": codes or [""],  # GX needs a non-empty set
        "statement_codes": [*codes, "ALL"],
    }


def check_frames(raw: dict[str, rawdata.RawTable], processed: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frame each suite validates: the table plus the derived columns its expectations name."""
    frames = {f"raw_{name}": _raw_frame(raw[name].frame) for name in ("indicators", "observations", "statements",
                                                                    "published", "overrides")}
    over = frames["raw_overrides"]
    over["proposal_value_missing"] = over["proposal"].isin(["adjust_target", "replace"]) & over["proposal_value"].isna()
    published = frames["raw_published"]
    # The class of each published wording; an empty cell is judgement_present's business, not this rule's.
    published["judgement_class"] = [
        "n/a" if text is None else (c.key if (c := vocab.judgement_class(text)) else None)
        for text in published["judgement"]]

    ind = _split_parse_errors(processed["indicators"].copy(), ("baseline", "target"))
    for col in ("baseline_year", "target_year"):
        ind[col] = pd.to_numeric(ind[col], errors="coerce")
    ind["is_share"] = [is_share(str(n), str(u), str(m), str(t))
                       for n, u, m, t in zip(ind["name"], ind["unit"], ind["measure"], ind["target_type"])]
    is_level = ind["measure"].isin(["flow", "stock"])
    _by_kind(ind, "baseline", ind["is_share"], is_level)
    is_level_target = ind["target_type"] == "level"  # a change (下降20%) or a total is no share or level
    _by_kind(ind, "target", ind["is_share"] & is_level_target, is_level & is_level_target)
    if "reference_code" in ind:
        relational = ind["target_type"] == "relational"
        ind["reference_unresolved"] = (ind["reference_code"].fillna("").astype(str) == "").where(relational, None)
    for field in ("baseline", "target"):
        ind[f"{field}_unit_differs"] = _unit_differs(ind, field, ind["unit"])
    frames["processed_indicators"] = _tidy(ind)

    obs = _split_parse_errors(processed["observations"].copy(), ("value", "yoy_growth"))
    obs = obs.merge(ind[["code", "measure", "is_share"]].drop_duplicates("code"), on="code", how="left")
    units = ind[["code", "unit"]].drop_duplicates("code").rename(columns={"unit": "indicator_unit"})
    obs = obs.merge(units, on="code", how="left")
    obs["value_unit_differs"] = _unit_differs(obs, "value", obs["indicator_unit"])
    is_level_value = obs["value_kind"].eq("number")  # a change (较2015年下降16.7%) is no share or level
    _by_kind(obs, "value", obs["is_share"].eq(True) & is_level_value,
             obs["measure"].isin(["flow", "stock"]) & is_level_value)
    for col in ("is_reported", "is_estimate"):
        obs[col] = obs[col].astype(str) == "True"  # an empty CSV reads as object, not bool
    obs["print_tolerance"] = [_print_tolerance(t, v) for t, v in zip(obs["value_text"], obs["value_number"])]
    obs["narrative_diff"] = (obs["narrative_value"] - obs["value_number"]).abs()
    frames["processed_observations"] = _tidy(obs)

    frames["processed_statements"] = _tidy(_split_parse_errors(processed["statements"].copy(), ("text",)))
    return frames


def _unit_differs(frame: pd.DataFrame, field: str, unit: pd.Series) -> pd.Series:
    """True where a text names a unit that is no scale of the indicator's (3.36亿人 converts to 万人; 1.4万亿斤
    does not to 万吨): such a number cannot be compared with the target. Null (not checked) where the text
    names none, or is a change or relation (下降20% of a 吨/万元 level)."""
    if f"{field}_unit" not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    text_unit = frame[f"{field}_unit"].fillna("").astype(str)
    checked = (text_unit != "") & frame[f"{field}_kind"].isin(["number", "cumulative"])
    differs = pd.Series([scale_factor(t, u) is None for t, u in zip(text_unit, unit.fillna("").astype(str))],
                        index=frame.index)
    return differs.where(checked, None)


def _by_kind(frame: pd.DataFrame, field: str, is_share: pd.Series, is_level: pd.Series) -> None:
    """<field>_share / _rank / _level: the number where that bound applies, else null (GX skips nulls).

    Selecting rows here rather than with GX row conditions: those made each expectation 3-5 times slower.
    """
    number = pd.to_numeric(frame[f"{field}_number"], errors="coerce")
    frame[f"{field}_share"] = number.where(is_share)
    frame[f"{field}_rank"] = number.where(frame["measure"] == "rank")
    frame[f"{field}_level"] = number.where(is_level)


def _raw_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if col != rawdata.LINE:
            out[col] = out[col].astype(str).str.strip()
    if "period" in out:
        out["period_year"] = pd.to_numeric(out["period"].where(out["period"].map(is_period)).str[:4], errors="coerce")
    return _tidy(out)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty text -> null (GX skips nulls except in *_present rules), plus the `row` position."""
    frame = frame.reset_index(drop=True)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].where(frame[col].astype(str) != "", None)
    frame["row"] = np.arange(len(frame))
    return frame


def _split_parse_errors(frame: pd.DataFrame, fields: tuple[str, ...]) -> pd.DataFrame:
    """`parse_error` ('baseline: cannot parse …; target: …') -> one <field>_error column per field.

    Errors of other tables' texts (the narrative 'statement', 'growth_target') are left out here:
    the statements suite reports them on their own line.
    """
    parts = [dict(p.split(": ", 1) for p in _PARSE_PART.split(e) if ": " in p) if isinstance(e, str) and e else {}
             for e in frame["parse_error"]]
    for field in fields:
        frame[f"{field}_error"] = [p.get(field, "") for p in parts]
    return frame


def _print_tolerance(text: object, number: float) -> float:
    """Half a unit of the last digit printed: 93.2 and 93.17 agree, 85.6 and 86.7 do not."""
    if pd.isna(number) or not isinstance(text, str):
        return np.nan
    match = _NUMBER.search(normalise(text))
    decimals = len(match.group(1) or "") if match else 0
    return 0.5 * 10.0 ** -decimals + 1e-9


# --- Great Expectations ---------------------------------------------------------------------------

_CONTEXT_CONFIG = """\
config_version: 4
analytics_enabled: false
progress_bars: {{globally: false, metric_calculations: false}}
expectations_store_name: expectations_store
validation_results_store_name: validation_results_store
checkpoint_store_name: checkpoint_store
stores:
  expectations_store:
    class_name: ExpectationsStore
    store_backend:
      class_name: TupleFilesystemStoreBackend
      suppress_store_backend_id: true
      base_directory: {expectations}
  validation_results_store:
    class_name: ValidationResultsStore
    store_backend:
      class_name: TupleFilesystemStoreBackend
      suppress_store_backend_id: true
      base_directory: uncommitted/validations/
  checkpoint_store:
    class_name: CheckpointStore
    store_backend:
      class_name: TupleFilesystemStoreBackend
      suppress_store_backend_id: true
      base_directory: checkpoints/
  validation_definition_store:
    class_name: ValidationDefinitionStore
    store_backend:
      class_name: TupleFilesystemStoreBackend
      suppress_store_backend_id: true
      base_directory: validation_definitions/
data_docs_sites:
  local_site:
    class_name: SiteBuilder
    show_how_to_buttons: false
    store_backend:
      class_name: TupleFilesystemStoreBackend
      base_directory: uncommitted/data_docs/local_site/
    site_index_builder:
      class_name: DefaultSiteIndexBuilder
    site_section_builders:  # only the validation result pages are kept: the suites' own pages are not built
      expectations: "0"
      profiling: "0"
"""


class _Deferred(types.ModuleType):
    """Stands in sys.modules for a module not executed yet; the first attribute it lacks executes the
    real module, which then replaces it everywhere it can be reached by name."""

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
            real = importlib.import_module(name)
            parent, _, child = name.rpartition(".")
            if parent:
                setattr(sys.modules[parent], child, real)
            self.__dict__.update(real.__dict__)  # a reference taken earlier reads the real module's names
        return getattr(sys.modules[name], attr)


# Modules GX imports at import time for what these suites do not use, executed only on first use (seconds
# per run saved, measured in the kernel): scipy.stats and altair for distribution expectations and their
# charts (0.55 and 0.25 s), arrow for jsonschema's duration format, through isoduration (0.08 s).
DEFERRED = ("scipy.stats", "altair", "arrow")


def _defer_import(name: str) -> None:
    """Make `name` a module that is executed on first use, then in full.

    importlib's LazyLoader cannot be used: `import altair as alt` reads the module's `__spec__`, which
    executes a lazy module at once. This placeholder has its spec as a plain attribute."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    module = _Deferred(name)
    module.__spec__, module.__loader__, module.__file__ = spec, spec.loader, spec.origin
    if spec.submodule_search_locations is not None:
        module.__path__ = list(spec.submodule_search_locations)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        # `from scipy import stats` looks for the attribute first; without it, the import machinery would
        # import the submodule again
        setattr(importlib.import_module(parent), child, module)


@functools.lru_cache(maxsize=4)
def gx_context(expectations_dir: Path) -> FileDataContext:
    """One file data context per process (GX is slow to set up), rooted in a temporary folder.

    Its expectations store reads the committed suites in `expectations_dir`; everything GX writes
    (validation results, Data Docs, datasource config) stays in the temporary root.
    """
    for name in DEFERRED:
        _defer_import(name)
    import great_expectations as gx  # ~1 s import: only the validation stage pays for it

    # GX's classes, models and registries are ~250 thousand objects that live as long as the process; every
    # full garbage collection scanned them again (0.1 s of each validation, and of IPython's reset)
    gc.freeze()

    root = Path(tempfile.mkdtemp(prefix="plan-review-gx-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    (root / "gx").mkdir()
    (root / "gx" / "great_expectations.yml").write_text(
        _CONTEXT_CONFIG.format(expectations=json.dumps(str(expectations_dir))), encoding="utf-8")
    context = gx.get_context(mode="file", project_root_dir=str(root))
    source = context.data_sources.add_pandas("frames")
    for name in SUITES:
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=context.suites.get(name)))
    return context


def run_suite(context: FileDataContext, name: str, frame: pd.DataFrame,
              params: dict[str, Any]) -> ExpectationSuiteValidationResult:
    definition = context.validation_definitions.get(name)
    return definition.run(batch_parameters={"dataframe": frame}, expectation_parameters=params,
                          result_format=RESULT_FORMAT)


def result_problems(result: ExpectationSuiteValidationResult, frame: pd.DataFrame,
                    table: rawdata.RawTable) -> list[DataProblem]:
    """One DataProblem per failing row (or one per failing table-level expectation)."""
    raw_rows = table.frame.set_index(rawdata.LINE) if len(table.frame) else None
    problems = []
    for r in result.results:
        if r.success:
            continue
        cfg = r.expectation_config
        meta = cfg.meta or {}
        rule = meta.get("rule", cfg.type)
        column = meta.get("column") or cfg.kwargs.get("column")
        severity = "warning" if str(getattr(cfg.severity, "value", cfg.severity)) == "warning" else "error"
        template = meta.get("message") or f"expected: {cfg.description or cfg.type}"
        failure = _exception_message(r.exception_info)
        if failure:  # a broken suite (e.g. a misspelt column) must not look like clean data
            problems.append(DataProblem(table.file, None, column, None, rule, f"expectation could not run: {failure}"))
            continue
        index = r.result.get("unexpected_index_list")
        if not index:  # table-level expectation (columns, row count): details come from the result
            details = {k: ", ".join(v) for k, v in r.result.get("details", {}).get("mismatched", {}).items()}
            message = template.format_map(_Fields(details))
            problems.append(DataProblem(table.file, 1 if details else None, column, None, rule, message, severity))
            continue
        for hit in index:
            row = frame.iloc[int(hit["row"])]
            line = None if pd.isna(row["raw_line"]) else int(row["raw_line"])
            value = _cell(raw_rows, line, column)
            if value is None and column in row and not pd.isna(row[column]):
                value = str(row[column])
            message = template.format_map(_Fields(row.to_dict()))
            problems.append(DataProblem(table.file, line, column, value, rule, message, severity,
                                        code=_text(row.get("code")), period=_text(row.get("period"))))
    return problems


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) or str(value).strip() == "" else str(value).strip()


def _exception_message(info: dict[str, Any] | None) -> str | None:
    """GX reports exceptions flat ({raised_exception, …}) or per metric ({metric: {raised_exception, …}})."""
    infos = [info] if info and "raised_exception" in info else list((info or {}).values())
    messages = [str(i.get("exception_message")) for i in infos if isinstance(i, dict) and i.get("raised_exception")]
    return "; ".join(dict.fromkeys(messages)) or None


class _Fields(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return f"{{{key}}}"


def _cell(raw_rows: pd.DataFrame | None, line: int | None, column: str | None) -> str | None:
    if raw_rows is None or line is None or column not in raw_rows.columns or line not in raw_rows.index:
        return None
    return str(raw_rows.at[line, column])


def _sort_key(p: DataProblem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.column or "", p.rule)


# --- reports --------------------------------------------------------------------------------------

def _clear_run_artefacts(context: FileDataContext) -> None:
    uncommitted = Path(context.root_directory) / "uncommitted"
    for sub in ("validations", "data_docs"):
        shutil.rmtree(uncommitted / sub, ignore_errors=True)


def _write_reports(context: FileDataContext, outcome: ValidationOutcome,
                   results: dict[str, ExpectationSuiteValidationResult]) -> None:
    out = outcome.report_dir
    shutil.rmtree(out, ignore_errors=True)  # no page of an earlier run may survive
    (out / "results").mkdir(parents=True)
    (out / "docs").mkdir()
    for name, result in results.items():
        (out / "results" / f"{name}.json").write_text(
            json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (out / "problems.json").write_text(json.dumps(
        {"errors": [p.as_dict() for p in outcome.errors], "warnings": [p.as_dict() for p in outcome.warnings]},
        ensure_ascii=False, indent=2), encoding="utf-8")

    context.build_data_docs()
    site = Path(context.root_directory) / "uncommitted" / "data_docs" / "local_site"
    for name in results:
        page = next((site / "validations" / name).rglob("*.html"), None)
        if page is not None:
            (out / "docs" / f"{name}.html").write_text(offline_html(page.read_text(encoding="utf-8")),
                                                       encoding="utf-8")
    (out / "index.html").write_text(_index_html(outcome), encoding="utf-8")

    outcome.warnings_file.parent.mkdir(parents=True, exist_ok=True)
    problems_frame(outcome.warnings).to_csv(outcome.warnings_file, index=False, encoding="utf-8")


OFFLINE_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;text-align:left}
.text-danger,.fail{color:#b00020}.text-success,.pass{color:#1b7f3b}.warn{color:#9a6700}
.alert{background:#f1f3f5;padding:.4em .8em;border-radius:4px}.badge{background:#e9ecef;border-radius:3px;padding:0 .3em}
.navbar,.ge-breadcrumbs,.btn-group,.sticky{display:none}.card{border:1px solid #ddd;padding:.5em;margin:.5em 0}
code,pre{background:#f6f8fa}footer{display:none}
.fa-check-circle::before{content:"\\2714"}.fa-times::before{content:"\\2716"}
"""


# The browser itself refuses any script or request, whatever GX left in the page.
CSP = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:; form-action 'none'; base-uri 'none'\">")


def offline_html(page: str) -> str:
    """A GX Data Docs page that makes no request: no scripts, stylesheets, images, or outside links.

    GX inserts data values unescaped, so a hostile cell ('<img onerror=…>') lands in the page: strip
    active elements and event handlers, and let the CSP header forbid whatever a regex misses.
    """
    page = re.sub(r"<script\b.*?</script\s*>", "", page, flags=re.S | re.I)
    page = re.sub(r"<(link|img|iframe|embed|object|base|meta|form|svg|video|audio|source)\b[^>]*>", "", page, flags=re.I)
    page = re.sub(r"\son\w+\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", "", page, flags=re.I)
    page = re.sub(r"url\([^)]*\)", "none", page)  # fonts and logos in the inline styles
    page = re.sub(r"@import[^;]*;", "", page)
    # Keep in-page anchors only: the other GX pages are not kept.
    page = re.sub(r"<a\b(?![^>]*href=\"#)[^>]*>(.*?)</a\s*>", r"\1", page, flags=re.S | re.I)
    head = f'<meta charset="utf-8">{CSP}<style>{OFFLINE_CSS}</style>'
    return re.sub(r"<head\b[^>]*>", lambda m: m.group(0) + head, page, count=1, flags=re.I)


def _index_html(outcome: ValidationOutcome) -> str:
    def table(problems: list[DataProblem]) -> str:
        if not problems:
            return "<p>none</p>"
        shown = ("file", "line", "column", "value", "rule", "message")
        head = "".join(f"<th>{c}</th>" for c in shown)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape('' if (v := getattr(p, c)) is None else str(v))}</td>"
                             for c in shown) + "</tr>"
            for p in problems)
        return f"<table><tr>{head}</tr>{rows}</table>"

    css = {"passed": "pass", "warnings": "warn", "errors": "fail"}
    suites = "".join(
        f"<tr><td>{name}</td><td class=\"{css[status]}\">{status}</td>"
        f"<td><a href=\"docs/{name}.html\">Data Docs</a></td><td><a href=\"results/{name}.json\">JSON</a></td></tr>"
        for name, status in outcome.suites.items())
    title = html.escape(f"Validation: {outcome.locality} {outcome.as_of}")
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">{CSP}<title>{title}</title><style>{OFFLINE_CSS}</style></head>
<body><h1>{title}</h1>
<p>{len(outcome.errors)} error(s), {len(outcome.warnings)} warning(s). Suites from <code>expectations/</code>
(Great Expectations); lines are lines of the raw files (header = 1).</p>
<table><tr><th>suite</th><th>result</th><th colspan="2">details</th></tr>{suites}</table>
<h2 class="fail">Errors</h2>{table(outcome.errors)}
<h2 class="warn">Warnings</h2>{table(outcome.warnings)}
</body></html>
"""
