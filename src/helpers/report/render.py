"""Render a locality's review: executed notebooks → HTML, review.html (Quarto or nbconvert), review.docx,
provenance.json.

    python -m helpers.report.render yuecheng

The review's content is the output of the labelled `sec-*` cells of the executed 04_review notebook.
Quarto (when installed and chosen) embeds those cells; otherwise nbconvert exports them. Either way every
`data-fact` element is then linked to the executed notebook cell that recorded the fact, and the page is
self-contained: no script, stylesheet, font or image is fetched from anywhere.
"""

from __future__ import annotations

import argparse
import base64
import html
import re
from pathlib import Path

from helpers.pipeline import config, paths
from helpers.report import facts, quarto
from helpers.pipeline.runner import FAILED_MARK, STAGES, executed_path

REVIEW_CELLS = ("sec-title", "sec-progress", "sec-table-main", "sec-conclusion", "sec-proposals",
                "sec-quality", "sec-method", "sec-generated")
_LABEL = re.compile(r"^#\|\s*label:\s*(\S+)", re.M)
_FACT_SPAN = re.compile(r'<span class="fact" data-fact="([^"]+)">(.*?)</span>', re.S)

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


def figure_data_uri(path: Path) -> str:
    """A PNG as a data URI, so the review carries its charts inside."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def notebook_html(nb_path: Path) -> Path:
    """The executed notebook as HTML next to it (link target of the facts), with no CDN scripts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", mathjax_url="", require_js_url="", embed_images=True)
    body, _ = exporter.from_filename(str(nb_path))
    body = re.sub(r"<script[^>]+src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", body)
    out = nb_path.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def _review_notebook(nb_path: Path) -> "object":
    """The executed review notebook with only its labelled review cells, in REVIEW_CELLS order."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    by_label = {m.group(1): c for c in nb.cells if c.cell_type == "code" and (m := _LABEL.search(c.source))}
    missing = [label for label in REVIEW_CELLS if label not in by_label]
    if missing:
        raise RuntimeError(f"{nb_path}: review cells missing: {', '.join(missing)}")
    nb.cells = [by_label[label] for label in REVIEW_CELLS]
    return nb


def body_nbconvert(nb_path: Path) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(_review_notebook(nb_path))
    return body


def page_quarto(nb_path: Path, folder: Path, title: str) -> str:
    """Quarto renders a .qmd that embeds the review cells into its own self-contained page."""
    embeds = "\n\n".join(f"{{{{< embed {nb_path.relative_to(folder).as_posix()}#{label} >}}}}" for label in REVIEW_CELLS)
    qmd = folder / "review.qmd"
    qmd.write_text(
        f'---\ntitle: "{title}"\nlang: zh\nformat:\n  html:\n    embed-resources: true\n    notebook-links: false\n'
        f"---\n\n{embeds}\n", encoding="utf-8")
    rendered = quarto.render(qmd, "review.quarto.html")
    text = rendered.read_text(encoding="utf-8")
    rendered.unlink()
    return text


def link_facts(body: str, found: dict[str, facts.Fact], review_dir: Path) -> str:
    """Wrap each fact's text in a link to its notebook cell, with the source shown on hover."""

    def link(m: re.Match[str]) -> str:
        fid = html.unescape(m.group(1))
        if fid not in found:
            raise facts.FactError(f"the review prints fact {fid!r}, which no executed notebook recorded")
        f = found[fid]
        target = Path(f.notebook).with_suffix(".html")
        href = Path(paths.PROJ_ROOT / target).relative_to(review_dir).as_posix() + f"#cell-id={f.cell_id}"
        tip = facts.tooltip(f)  # the sentence that explains the number and its source, in Chinese
        return (f'<span class="fact" data-fact="{m.group(1)}"><a href="{html.escape(href)}" '
                f'title="{html.escape(tip)}">{m.group(2)}</a></span>')

    return _FACT_SPAN.sub(link, body)


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def render(locality: str, as_of: str | None = None) -> Path:
    loc = config.locality(locality)
    as_of = as_of or loc.as_of
    settings = config.load_params()["report"]
    folder = paths.report_dir(locality, as_of)
    notebooks = [executed_path(stage, locality, as_of) for stage in STAGES]
    for nb in notebooks:
        notebook_html(nb)
    found = facts.collect(notebooks)
    facts.write_provenance(found, folder / "provenance.json")
    renderer = quarto.choose_renderer(settings["renderer"])
    title = f"{loc.name}“{loc.plan}”规划评估报告（{as_of}）"
    if renderer == "quarto":
        document = page_quarto(notebooks[-1], folder, title)
    else:
        document = page(title, body_nbconvert(notebooks[-1]))
    review = folder / "review.html"
    review.write_text(link_facts(document, found, folder), encoding="utf-8")
    write_docx(review, folder / "review.docx")
    (folder / FAILED_MARK).unlink(missing_ok=True)  # this period's review is current again
    print(f"[render@{locality}] {renderer}: {paths.relative(review)}, review.docx, provenance.json "
          f"({len(found)} facts)", flush=True)
    return review


def write_docx(review_html: Path, out: Path) -> Path:
    """The same review as .docx through pandoc (the binary ships inside the pypandoc-binary wheel)."""
    import pypandoc

    pypandoc.convert_file(str(review_html), "docx", format="html", outputfile=str(out), extra_args=["--quiet"])
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Render a locality's review from its executed notebooks")
    parser.add_argument("locality")
    parser.add_argument("--as-of", help="reporting period (default: params.yaml)")
    args = parser.parse_args(argv)
    render(args.locality, args.as_of)


if __name__ == "__main__":
    main()
