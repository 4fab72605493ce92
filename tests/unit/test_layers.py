"""The package's layers: imports go downwards only (report -> engine -> plan; pipeline wires them; tools on top)."""

import ast
from pathlib import Path

import helpers

PACKAGE = Path(helpers.__file__).parent
# What each layer may import besides itself.
ALLOWED = {
    "plan": set(),
    "engine": {"plan"},
    "report": {"engine", "plan"},
    "pipeline": {"report", "engine", "plan"},
    "tools": {"pipeline", "report", "engine", "plan"},
}


# Upward imports left from the flat package; this list only shrinks.
KNOWN: set[str] = set()


def imported_layers(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers."):
            found.add((node.module.split(".")[1], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("helpers."):
                    found.add((alias.name.split(".")[1], node.lineno))
    return found


def test_every_module_sits_in_a_layer() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], f"modules outside the layers: {loose}"


def test_imports_go_downwards_only() -> None:
    wrong = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for target, line in sorted(imported_layers(path)):
                if target != layer and target not in allowed and str(path.relative_to(PACKAGE)) not in KNOWN:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports helpers.{target}")
    assert wrong == [], "upward imports:\n" + "\n".join(wrong)
