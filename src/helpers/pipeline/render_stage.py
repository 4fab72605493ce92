"""Render a locality's review: the wiring around `helpers.report.render` (which only takes paths).

    python -m helpers.pipeline render yuecheng [--as-of 2023H1] [--renderer quarto|nbconvert] [--output FILE]

Reads params.yaml (period, `report.renderer`), finds the executed notebooks of the period, and renders
review.html (Quarto or nbconvert), review.docx and provenance.json. When rendering fails — Quarto missing
with `renderer: quarto`, too old, or failing; a review cell missing — the period's review is withdrawn
(FAILED.txt says why) and the command exits with status 1, so no stale review looks current.
`--output` writes only a second HTML rendering (e.g. with the other renderer, to compare); a failure
there withdraws nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.pipeline import config, paths
from helpers.pipeline.runner import FAILED_MARK, STAGES, executed_path, withdraw_review
from helpers.report import quarto, render, wording


def title(loc, as_of: str) -> str:
    """The page title (browser tab); the document's own heading comes from its first review cell."""
    return str(wording.environment().get_template("macros.j2").module.page_title(loc, wording.period_label(as_of)))


def run(locality: str, as_of: str | None = None, renderer: str | None = None, output: Path | None = None,
        notebook_pages: bool = True, reinstate: bool = True) -> Path:
    """Render the review. notebook_pages=False: the caller writes the executed notebooks' pages;
    reinstate=False: the caller reinstates the review when all its work is done."""
    loc = config.locality(locality)
    as_of = as_of or loc.as_of
    folder = paths.report_dir(locality, as_of)
    tag = f"[render@{locality}]"
    try:
        chosen = quarto.choose_renderer(renderer or config.load_params()["report"]["renderer"])
        used = quarto.describe() if chosen == "quarto" else chosen  # fails early on an unusable Quarto
        notebooks = [executed_path(stage, locality, as_of) for stage in STAGES]
        missing = [paths.relative(nb) for nb in notebooks if not nb.is_file()]
        if missing:
            raise render.RenderError(f"executed notebooks missing: {', '.join(missing)} (run the pipeline first)")
        review = render.render_review(notebooks, folder, title(loc, as_of), chosen, paths.PROJ_ROOT, output,
                                      notebook_pages)
    except Exception as err:  # any failure: say what, and withdraw the review it would have replaced
        message = f"{tag} FAILED rendering the review of {as_of}: {type(err).__name__}: {err}"
        if output is None:
            withdraw_review(locality, as_of, message)
            message += f"\nThe review is withdrawn: {paths.relative(folder / FAILED_MARK)}"
        print(message, file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    if output is None:
        if reinstate:
            (folder / FAILED_MARK).unlink(missing_ok=True)  # this period's review is current again
        print(f"{tag} {used}: {paths.relative(review)}, review.docx, provenance.json", flush=True)
    else:
        print(f"{tag} {used}: {review}", flush=True)
    return review


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m helpers.pipeline render", description=__doc__.splitlines()[0])
    parser.add_argument("locality")
    parser.add_argument("--as-of", help="reporting period (default: params.yaml)")
    parser.add_argument("--renderer", choices=("auto", "quarto", "nbconvert"),
                        help="overrides params.yaml report.renderer")
    parser.add_argument("--output", type=Path, help="write only this HTML file (a second rendering)")
    args = parser.parse_args(argv)
    run(args.locality, args.as_of, args.renderer, args.output.resolve() if args.output else None)


if __name__ == "__main__":
    main()
