"""plan layer: the raw-data contract, the text grammar, the indicator model and their vocabularies.

The plan layer knows no project layout: its readers and writers take folders. For callers that still
pass a locality id, the pipeline layer registers `locate` (helpers/pipeline/__init__.py), which turns
("raw" | "processed" | "root", locality) into a folder; new code passes folders.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

locate: Callable[[str, str], Path] | None = None
