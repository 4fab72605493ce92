"""Reading params.yaml: the localities and each stage's settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from helpers.pipeline import paths
from helpers.plan.model import Locality

_PERIOD = re.compile(r"^\d{4}(H1)?$")


def load_params(path: Path | None = None) -> dict[str, Any]:
    with open(path or paths.PARAMS_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def locality(locality_id: str, params: dict[str, Any] | None = None) -> Locality:
    params = params or load_params()
    paths.check_locality_id(locality_id)
    try:
        entry = params["localities"][locality_id]
    except KeyError:
        known = ", ".join(sorted(params.get("localities", {})))
        raise KeyError(f"locality {locality_id!r} is not declared in params.yaml (known: {known})") from None
    as_of = str(entry["as_of"])
    if not _PERIOD.match(as_of):
        raise ValueError(f"params.yaml: localities.{locality_id}.as_of {as_of!r} is not YYYY or YYYYH1")
    return Locality(
        id=locality_id,
        name=entry["name"],
        plan=entry["plan"],
        plan_start=int(entry["plan_start"]),
        plan_end=int(entry["plan_end"]),
        as_of=as_of,
        categories=tuple(entry["categories"]),
        synthetic=bool(entry.get("synthetic", False)),
        kind=entry.get("kind", "five_year"),
        level=entry.get("level", ""),
    )


def all_localities(params: dict[str, Any] | None = None) -> list[Locality]:
    params = params or load_params()
    return [locality(k, params) for k in params["localities"]]
