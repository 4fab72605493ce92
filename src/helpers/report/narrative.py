"""The analysts' narrative: the parts of a review that people write (preface, key tasks, highlights and
problems, outlook and measures, safeguards), merged into the generated review.

Layout (documented in data/raw/README.md, section "Narrative"):

    data/raw/<id>/narrative/<as_of>/<section>.md      Markdown with front matter naming the section
    data/raw/<id>/narrative/<as_of>/narrative_facts.csv   figures the text cites: id, text, source[, value, note]

A figure in the text is cited as `{{ fact("tasks.a1.03") }}`: an id of narrative_facts.csv (a figure
entered with its source) or of a fact the pipeline computed (`obs.1.2022`). A figure typed into the text
is an error naming file and line: see `literal_figures`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

# The sections an analyst may write, in the order of the review (seed 004's structure).
SECTIONS = ("preface", "tasks", "assessment", "outlook", "safeguards")
FACTS_FILE = "narrative_facts.csv"
FACT_COLUMNS = ("id", "text", "source")  # required; `value` and `note` are optional
FACT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
FACT_REF = re.compile(r"""\{\{\s*fact\(\s*["']([^"']+)["']\s*\)\s*\}\}""")
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}")
# Chinese numerals used as a figure: a percentage (五十%, 百分之五), not a word (十四五, 一、, 八个方面).
_ZH_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
# `\d` matches every Unicode decimal digit; the token takes the letters and signs around it (5G, PM2.5, 25%).
DIGIT_TOKEN = re.compile(r"[\dA-Za-z.．·%％‰+]*\d[\dA-Za-z.．·%％‰+]*")
# The document's own item number at the start of a paragraph (`1．`, `2.`) is a label, not a figure.
ITEM_LABEL = re.compile(r"^\s*\d{1,2}[．.、](?!\d)")
ZH_FIGURE = re.compile(rf"[{_ZH_DIGITS}]+\s*[%％‰]|[百千万]分之[{_ZH_DIGITS}]+")


COMPUTED_PREFIXES = ("meta.", "period.", "ind.", "obs.", "ev.", "sum.", "warn.", "chk.", "param.", "env.", "review.",
                     "plan.", "cnt.", "ovr.")


class NarrativeError(Exception):
    """A narrative file the review cannot use; the message names the file and line."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.message}"


@dataclass
class Section:
    section: str
    title: str
    body: str  # Markdown, fact references still unresolved
    file: str
    body_line: int  # line of the file where the body starts
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Narrative:
    sections: dict[str, Section]
    facts: dict[str, tuple[Any, str, str]]  # id -> (value, text, note)

    def has(self, section: str) -> bool:
        return section in self.sections

    def as_json(self) -> dict[str, Any]:
        return {"sections": {k: {"title": s.title, "body": s.body, "file": s.file, "body_line": s.body_line}
                             for k, s in self.sections.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Narrative":
        sections = {k: Section(k, d["title"], d["body"], d["file"], d["body_line"])
                    for k, d in data.get("sections", {}).items()}
        return cls(sections, {})


def literal_figures(line: str) -> list[str]:
    """The figures typed into a line of narrative text, outside fact references.

    A figure is any decimal digit (ASCII, full-width or another script's: every Unicode digit counts, so
    `２０２２` and `٣` are caught too), or a percentage written in Chinese numerals (`五十%`, `百分之五`).
    Chinese numerals in ordinary words are not figures: headings (`一、`, `（二）`), plan names (`十四五`,
    `二〇三五年`), counted nouns (`八个方面`, `三大科技城`).
    """
    text = ITEM_LABEL.sub("", FACT_REF.sub(" ", line), count=1)
    return [m.group().rstrip(".．") for m in DIGIT_TOKEN.finditer(text)] + ZH_FIGURE.findall(text)


def _split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str, int]:
    if not text.startswith("---\n"):
        raise NarrativeError(f"{name}, line 1: a narrative file starts with front matter (---, section: …, ---)")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise NarrativeError(f"{name}, line 1: the front matter is not closed by a line '---'")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise NarrativeError(f"{name}, line 2: front matter is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise NarrativeError(f"{name}, line 2: front matter must be 'key: value' lines")
    body_line = text[: end + 5].count("\n") + 1
    return meta, text[end + 5:], body_line


def read_facts(path: Path, name: str) -> tuple[dict[str, tuple[Any, str, str]], list[Problem]]:
    """narrative_facts.csv: figures the narrative cites, each with its source."""
    problems: list[Problem] = []
    out: dict[str, tuple[Any, str, str]] = {}
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in FACT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return {}, [Problem(name, 1, f"missing column(s) {', '.join(missing)} (need {', '.join(FACT_COLUMNS)})")]
    for line, row in enumerate(reader, start=2):
        fid, shown, source = (row.get("id") or "").strip(), row.get("text") or "", (row.get("source") or "").strip()
        if not FACT_ID.match(fid):
            problems.append(Problem(name, line, f"id {fid!r} is not an id (letters, digits, '.', '_', '-')"))
            continue
        if fid in out:
            problems.append(Problem(name, line, f"id {fid!r} is given twice"))
            continue
        if fid.startswith(COMPUTED_PREFIXES):
            problems.append(Problem(name, line, f"id {fid!r} starts like a computed fact ({', '.join(COMPUTED_PREFIXES)})"))
            continue
        if not shown:
            problems.append(Problem(name, line, f"{fid}: the text of the figure is empty"))
        if not source:
            problems.append(Problem(name, line, f"{fid}: no source (document and line or page)"))
        value: Any = None
        raw = (row.get("value") or "").strip() or shown.rstrip("%％").strip()
        try:
            value = float(raw)
        except ValueError:
            value = None  # a figure that is a name (5G, PM2.5, 1+9+3) keeps only its text
        note = (row.get("note") or "").strip()
        out[fid] = (value, shown, f"{note + '；' if note else ''}录入数据，来源：{source}")
    return out, problems


def check_body(body: str, name: str, first_line: int, known: Callable[[str], bool] | None) -> list[Problem]:
    problems = []
    for i, line in enumerate(body.split("\n"), start=first_line):
        for figure in literal_figures(line):
            problems.append(Problem(name, i, f"figure {figure!r} typed into the text: cite it as "
                                             f'{{{{ fact("…") }}}} with a row in {FACTS_FILE}'))
        stripped = FACT_REF.sub("", line)
        if TEMPLATE_SYNTAX.search(stripped):
            problems.append(Problem(name, i, "only {{ fact(\"id\") }} may stand between double braces"))
        if known is not None:
            for fid in FACT_REF.findall(line):
                if not known(fid):
                    problems.append(Problem(name, i, f"fact {fid!r} is neither in {FACTS_FILE} nor computed"))
    return problems


def load(folder: Path, root: Path | None = None, known: Callable[[str], bool] | None = None) -> Narrative:
    """Read and check a locality's narrative for one period; raise NarrativeError listing every problem.

    `known(fid)` says whether a computed fact exists; without it only references that look like
    narrative ids (no computed prefix) are checked against narrative_facts.csv.
    """
    def rel(p: Path) -> str:
        return p.relative_to(root).as_posix() if root else p.as_posix()

    if not folder.is_dir():
        return Narrative({}, {})
    problems: list[Problem] = []
    facts: dict[str, tuple[Any, str, str]] = {}
    facts_path = folder / FACTS_FILE
    if facts_path.exists():
        facts, problems = read_facts(facts_path, rel(facts_path))
    sections: dict[str, Section] = {}
    for path in sorted(folder.glob("*.md")):
        name = rel(path)
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        try:
            meta, body, body_line = _split_front_matter(text, name)
        except NarrativeError as exc:
            problems.append(Problem(name, 1, str(exc).split(": ", 1)[1]))
            continue
        section = str(meta.get("section", ""))
        if section not in SECTIONS:
            problems.append(Problem(name, 2, f"section {section!r} is not one of {', '.join(SECTIONS)}"))
            continue
        if section in sections:
            problems.append(Problem(name, 2, f"section {section!r} is also written in {sections[section].file}"))
            continue
        for figure in literal_figures(str(meta.get("title", ""))):  # the title is shown too
            problems.append(Problem(name, 2, f"figure {figure!r} typed into the title"))
        check = known or (lambda fid: fid in facts or not _looks_narrative(fid, facts))
        problems += check_body(body, name, body_line, check)
        sections[section] = Section(section, str(meta.get("title", "")), body.strip("\n"), name, body_line, meta)
    if problems:
        raise NarrativeError(f"{len(problems)} problem(s) in the narrative:\n" + "\n".join(map(str, problems)))
    return Narrative(sections, facts)




def _looks_narrative(fid: str, facts: dict[str, Any]) -> bool:
    return not fid.startswith(COMPUTED_PREFIXES)


# ---------------------------------------------------------------- Markdown → HTML with facts

def to_html(body: str, fact_html: Callable[[str], str], heading_offset: int = 1) -> str:
    """The section body as HTML: Markdown (headings, paragraphs, lists, emphasis), each fact reference
    replaced by the fact's element. Raw HTML in the Markdown is escaped, not passed through."""
    from markdown_it import MarkdownIt

    placeholders: dict[str, str] = {}

    def hold(m: re.Match[str]) -> str:
        key = f"\ue000{len(placeholders)}\ue001"  # private-use marks: Markdown leaves them alone
        placeholders[key] = fact_html(m.group(1))
        return key

    md = MarkdownIt("commonmark", {"html": False})
    rendered = md.render(FACT_REF.sub(hold, body))
    # item labels (1．) stand in their own element: the review's number audit knows them as labels
    rendered = re.sub(r"<p>(\d{1,2}[．.、])(?!\d)", r"<p><span class='item-no'>\1</span>", rendered)
    for key, value in placeholders.items():
        rendered = rendered.replace(key, value)
    if heading_offset:
        rendered = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + heading_offset)}>",
                          rendered)
    return rendered

