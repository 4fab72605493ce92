"""pipeline layer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def _locate(kind: str, locality: str) -> Path:
    """Where a locality's folders are, for plan functions still called with a locality id (helpers.plan)."""
    from helpers.pipeline import paths  # lazily: this package is imported by every stage

    if kind == "root":
        return paths.PROJ_ROOT
    return paths.raw_dir(locality) if kind == "raw" else paths.processed_dir(locality)


def _register() -> None:
    import helpers.plan

    helpers.plan.locate = _locate


_register()
