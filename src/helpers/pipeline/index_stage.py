"""The `index` stage: reports/index.html from params.yaml's localities and their outputs
(the page itself is helpers.report.index).

    python -m helpers.pipeline index          # write reports/index.html
    python -m helpers.pipeline index --print  # also list the reviews on the console
"""

from __future__ import annotations

from helpers.pipeline import config, paths
from helpers.report import index


def entries() -> list[index.Entry]:
    return [index.Entry(loc, paths.processed_dir(loc.id), paths.summary_file(loc.id), paths.report_dir(loc.id, loc.as_of))
            for loc in config.all_localities()]


def write() -> str:
    out = paths.write_atomic(paths.REPORTS_DIR / "index.html", index.page(entries(), paths.REPORTS_DIR))
    return paths.relative(out)


def main(list_reviews: bool = False) -> None:
    written = write()
    if list_reviews:
        for r in index.rows(entries()):
            where = paths.relative(r["review"]) if r["review"] else f"withdrawn: {r['failed'] or 'not rendered'}"
            print(f"  {r['entry'].loc.id:16s} {where}")
        print(f"Index of all reviews: {written}")
