"""build/code.json: the code a locality's run executes (the four pipeline notebooks, the expectation suites,
the helpers package) as one md5 per file, without the files DVC ignores (.dvcignore).

Each review@<id> stage depends on this one small file instead of on those folders and notebooks. DVC hashes
every dependency of every stage on every `dvc repro`, and with src/helpers and expectations among the
dependencies of each locality's stage it walked both once per locality: at 100 localities a no-op
`dvc repro` took 2.0 s, and 1.6 s with the manifest. The `code` stage writes the manifest; DVC runs it again
when any of that code changes, and a changed manifest runs every locality again, as a changed folder did.
The manifest holds no time or path of this machine, so the same code gives the same file anywhere (the
run-cache of another machine recognises it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers.pipeline import paths

# What the stage of each locality runs; dvc.yaml's `code` stage lists the same (a test compares them).
SOURCES = ("notebooks/01_clean.ipynb", "notebooks/02_validate.ipynb", "notebooks/03_evaluate.ipynb",
           "notebooks/04_review.ipynb", "expectations", "src/helpers")


def _ignored(root: Path):
    """.dvcignore's rules (gitignore syntax), read with pathspec, the library DVC itself reads them with."""
    import pathspec

    file = root / ".dvcignore"
    lines = file.read_text(encoding="utf-8").splitlines() if file.is_file() else []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def manifest(root: Path | None = None) -> dict[str, str]:
    """Relative path -> md5 of every file of SOURCES, sorted by path."""
    root = root or paths.PROJ_ROOT
    ignored = _ignored(root)
    files: list[Path] = []
    for source in SOURCES:
        path = root / source
        if not path.exists():
            raise FileNotFoundError(f"{source}: part of the code each locality runs, and missing")
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    out = {}
    for file in files:
        rel = file.relative_to(root).as_posix()
        if not ignored.match_file(rel):
            out[rel] = hashlib.md5(file.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def write() -> Path:
    """Write build/code.json; an unchanged manifest is not rewritten."""
    target = paths.CODE_MANIFEST
    text = json.dumps(manifest(), indent=1) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        paths.write_atomic(target, text)
    return target
