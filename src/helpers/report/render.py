"""Render a review from paths: executed notebooks → review.html (Quarto or nbconvert), review.docx,
provenance.json, and each executed notebook as HTML (the link target of every number).

The review's content is the output of the labelled `sec-*` cells of the executed review notebook, in
notebook order. Quarto embeds those cells (`{{< embed … >}}`); nbconvert exports them; the Word file is made
from the same cell outputs. Either way every `data-fact` element of the page is then linked to the executed
notebook cell that recorded the fact, and the page is self-contained: no script, stylesheet, font or image
is fetched from anywhere.

This module only takes paths; `helpers.pipeline.render_stage` reads params.yaml, finds the notebooks and
withdraws the review when rendering fails (`python -m helpers.pipeline render <id>`).
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from helpers.report import facts, quarto

_LABEL = re.compile(r"^#\|\s*label:\s*(\S+)", re.M)
_FACT_SPAN = re.compile(r'<span class="fact" data-fact="([^"]+)">(.*?)</span>', re.S)
SECTION_PREFIX = "sec-"

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.75;color:#222}
h1{font-size:1.6em;text-align:center}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ccc}
h3{font-size:1.08em}.subtitle,.generated{text-align:center;color:#555}
table{border-collapse:collapse;margin:1em 0;font-size:.86em;width:100%}
th,td{border:1px solid #bbb;padding:.25em .4em;vertical-align:top}th{background:#f0f0f0}
figure{margin:1em 0;text-align:center}figure img{max-width:100%}figcaption{color:#555;font-size:.9em}
.fact a{color:inherit;text-decoration:none;border-bottom:1px dotted #36c}.fact a:hover{background:#eef4ff}
.j{font-weight:bold}.no-data{background:#fff6e0;padding:.6em}
.jp-OutputArea-output{overflow:visible}
"""

# Quarto's own theme (Bootstrap) lays out the page; these rules only keep the review's parts in its column.
QUARTO_CSS = """
main.content img{max-width:100%;height:auto}
main.content figure{margin:1em 0;text-align:center}
main.content figcaption{color:#555;font-size:.9em}
main.content h1{font-size:1.6em;text-align:center;margin:.5em 0 1em}
.subtitle,.generated{text-align:center;color:#555}
.cell-output-display{overflow-x:auto}
main.content table{border-collapse:collapse;margin:1em 0;font-size:.8em;width:100%}
main.content th,main.content td{border:1px solid #bbb;padding:.2em .35em;vertical-align:top}
main.content th{background:#f0f0f0}
.fact a{color:inherit;text-decoration:none;border-bottom:1px dotted #36c}.fact a:hover{background:#eef4ff}
.j{font-weight:bold}.no-data{background:#fff6e0;padding:.6em}
"""


class RenderError(RuntimeError):
    """The executed review notebook cannot be turned into a review (cells missing, empty)."""


@dataclass(frozen=True)
class Section:
    label: str  # the cell's `#| label:` (sec-…)
    html: str  # its HTML output, as the review shows it


def figure_data_uri(path: Path) -> str:
    """A PNG as a data URI, so the review carries its charts inside."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


_page_exporters = threading.local()


def notebook_html(nb_path: Path) -> Path:
    """The executed notebook as HTML next to it (link target of the facts), with no CDN scripts."""
    # One exporter per thread, as nbconvert's own command uses one for all its notebooks: a new exporter
    # compiles its nine Jinja templates again (0.1 s of each page).
    exporter = getattr(_page_exporters, "exporter", None)
    if exporter is None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name="lab", mathjax_url="", require_js_url="", embed_images=True)
        _page_exporters.exporter = exporter
    body, _ = exporter.from_filename(str(nb_path))
    body = re.sub(r"<script[^>]+src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", body)
    out = nb_path.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def _output_html(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("data", {}).get("text/html")
        if text:
            parts.append(text if isinstance(text, str) else "".join(text))
    return "".join(parts)


def _section_cells(nb_path: Path) -> list[tuple[dict, str]]:
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        m = _LABEL.search(source)
        if cell["cell_type"] == "code" and m and m.group(1).startswith(SECTION_PREFIX):
            found.append((cell, m.group(1)))
    if not found:
        raise RenderError(f"{nb_path}: no labelled review cells ('#| label: {SECTION_PREFIX}…') in the notebook")
    return found


def sections(nb_path: Path) -> list[Section]:
    """The review's content: the HTML output of each `sec-*` cell of the executed notebook, in order."""
    out = []
    for cell, label in _section_cells(nb_path):
        text = _output_html(cell)
        if not text.strip():
            raise RenderError(f"{nb_path}: review cell {label} shows nothing (no text/html output)")
        out.append(Section(label, text))
    return out


def body_nbconvert(nb_path: Path) -> str:
    """The review cells exported by nbconvert (basic template: the outputs only, no prompts or code)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(nb_path, as_version=4)
    labels = {label for _, label in _section_cells(nb_path)}
    nb.cells = [c for c in nb.cells if c.cell_type == "code" and (m := _LABEL.search(c.source)) and m.group(1) in labels]
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def content_notebook(nb_path: Path, out: Path) -> list[str]:
    """A notebook holding only the review cells, for Quarto to embed; returns their labels.

    Each cell's HTML output becomes a Markdown output holding a raw HTML block: Quarto passes it through
    unchanged, and does not treat the page as one with HTML widgets (for `text/html` outputs it adds
    jquery and require.js from a CDN, which would make the page depend on the network)."""
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    cells, labels = [], []
    for cell, label in _section_cells(nb_path):
        text = _output_html(cell)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
        cells.append({
            "cell_type": "code", "id": cell.get("id", label), "metadata": {}, "execution_count": None,
            "source": f"#| label: {label}\n", "outputs": [{
                "output_type": "display_data", "metadata": {},
                "data": {"text/markdown": f"{fence}{{=html}}\n{text}\n{fence}\n"}}]})
        labels.append(label)
    nb["cells"] = cells
    out.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return labels


def qmd_text(title: str, labels: list[str], notebook: str = "content.ipynb") -> str:
    """The .qmd Quarto renders: no `title` (the review's first cell is its title), HTML options that keep
    the page self-contained (resources embedded, no MathJax, no notebook preview links). `engine: markdown`:
    the page has no code of its own to run, and Quarto then does not start Python to look for Jupyter."""
    embeds = "\n\n".join(f"{{{{< embed {notebook}#{label} >}}}}" for label in labels)
    return (f"---\npagetitle: {json.dumps(title, ensure_ascii=False)}\nlang: zh-CN\nengine: markdown\nformat:\n  html:\n"
            f"    embed-resources: true\n    html-math-method: plain\n    notebook-links: false\n"
            f"    notebook-view: false\n    anchor-sections: false\n    css: review.css\n"
            f"---\n\n{embeds}\n")


def page_quarto(nb_path: Path, title: str, source: str = "") -> str:
    """Quarto renders a .qmd that embeds the review cells into its own self-contained page (in a
    temporary folder, so Quarto's working files never land in reports/). Quarto names the embedded
    notebook in each cell (`data-notebook`); that becomes `source`, the executed notebook's path as the
    review's folder sees it, so the page does not carry a temporary path and renders the same each time."""
    with tempfile.TemporaryDirectory(prefix="review-quarto-") as tmp:
        work = Path(tmp)
        labels = content_notebook(nb_path, work / "content.ipynb")
        (work / "review.css").write_text(QUARTO_CSS, encoding="utf-8")
        qmd = work / "review.qmd"
        qmd.write_text(qmd_text(title, labels), encoding="utf-8")
        text = quarto.render(qmd, "review.html").read_text(encoding="utf-8")
    return re.sub(r'data-notebook="[^"]*"', f'data-notebook="{html.escape(source)}"', text)


def link_facts(body: str, found: dict[str, facts.Fact], review_dir: Path, root: Path) -> str:
    """Wrap each fact's text in a link to its notebook cell, with the source shown on hover.
    `root` is the project folder the facts' notebook paths are relative to."""

    def link(m: re.Match[str]) -> str:
        fid = html.unescape(m.group(1))
        if fid not in found:
            raise facts.FactError(f"the review prints fact {fid!r}, which no executed notebook recorded")
        f = found[fid]
        target = (root / f.notebook).with_suffix(".html")
        href = Path(os.path.relpath(target, review_dir)).as_posix() + f"#cell-id={f.cell_id}"
        tip = facts.tooltip(f)  # the sentence that explains the number and its source, in Chinese
        return (f'<span class="fact" data-fact="{m.group(1)}"><a href="{html.escape(href)}" '
                f'title="{html.escape(tip)}">{m.group(2)}</a></span>')

    return _FACT_SPAN.sub(link, body)


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _write(path: Path, text: str) -> None:
    """Write next to the target, then rename: a reader never sees half a review."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def render_review(notebooks: list[Path], folder: Path, title: str, renderer: str, root: Path,
                  output: Path | None = None, notebook_pages: bool = True) -> Path:
    """Render the review of one period into `folder`; the last notebook is the review notebook.

    renderer is 'quarto' or 'nbconvert'. The review is review.html, review.docx (from the same cells) and
    provenance.json; with `output`, only that HTML file is written (a second rendering beside the review,
    e.g. with the other renderer to compare them). notebook_pages=False: the caller has already written
    each executed notebook's page (notebook_html), e.g. while the next notebook ran."""
    folder.mkdir(parents=True, exist_ok=True)
    review_nb = notebooks[-1]
    content = sections(review_nb)  # fails early, before anything is written, when cells are missing
    # The Word file is made by pandoc, another process: it runs on the other core while this one renders
    # the page. (Imported here: the index page takes this module's stylesheet and needs no Word.)
    from helpers.report import docx

    with ThreadPoolExecutor(max_workers=1) as word:
        word_file = (word.submit(docx.write_docx, [s.html for s in content], folder / "review.docx")
                     if output is None else None)
        if notebook_pages:
            for nb in notebooks:
                notebook_html(nb)
        found = facts.collect(notebooks, root)
        review = output or folder / "review.html"
        if renderer == "quarto":
            document = page_quarto(review_nb, title, Path(os.path.relpath(review_nb, review.parent)).as_posix())
        elif renderer == "nbconvert":
            document = page(title, body_nbconvert(review_nb))
        else:
            raise ValueError(f"renderer must be quarto or nbconvert, not {renderer!r}")
        _write(review, link_facts(document, found, review.parent, root))
        if word_file is not None:
            word_file.result()
            facts.write_provenance(found, folder / "provenance.json")
    return review
