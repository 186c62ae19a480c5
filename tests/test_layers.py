"""Architecture: ``core`` is pure numerics and never imports models, io, report, cli or pandas."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "perfqual" / "core"
FORBIDDEN = ("perfqual.models", "perfqual.io", "perfqual.report", "perfqual.cli", "pandas",
             "perfqual.qa", "perfqual.finance", "perfqual.aggregate", "perfqual.store")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_imports_nothing_above_it():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.relative_to(CORE)} imports {name}")
    assert offenders == []
