"""The method appendix as data: `method.yaml` (every rule and threshold with its Chinese name).

The report layer renders it; a threshold appears in a text as {key}, to be replaced by the recorded fact
`param.<key>` (never by a typed number). `sections()` flattens the file into rows for a template.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).parent / "method.yaml"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@functools.cache
def load() -> dict[str, Any]:
    """method.yaml, parsed once."""
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def sections() -> list[dict[str, Any]]:
    """Every entry with a Chinese text, in file order: {section, id, name_zh, text_zh, params}."""
    out: list[dict[str, Any]] = []
    for section, body in load().items():
        if isinstance(body, list):
            entries = [(e.get("id", ""), e) for e in body]
        elif isinstance(body, dict) and "text_zh" in body:
            entries = [(section, body)]
        elif isinstance(body, dict):
            entries = [(k, v) for k, v in body.items() if isinstance(v, dict) and "text_zh" in v]
        else:
            continue
        for key, e in entries:
            out.append({"section": section, "id": key, "name_zh": e.get("name_zh", ""), "text_zh": e["text_zh"],
                        "params": list(e.get("params", PLACEHOLDER.findall(e["text_zh"])))})
    return out


__all__ = ["PATH", "PLACEHOLDER", "load", "sections"]
