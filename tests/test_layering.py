"""
The layering rules of ADR 0002, checked on the source: callers reach the domain only through ``api``.

The pure rules (``rules.py``), the domain errors and the packaged assets are open to every caller;
models, services and statement rendering are not.
"""
import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOMAIN_INTERNALS = ("ce_plugin.services", "ce_plugin.statements", "ce_plugin.models", "ce_plugin.pdf",
                    "ce_plugin.serializers", "ce_plugin.reports")
CALLERS = ["ce_plugin/tasks.py", "ce_plugin/handlers.py", "ce_plugin/filters.py", "ce_plugin/views", "ce_xblock"]


def imported_modules(path):
    """Every module ``path`` imports, absolute (``from ce_plugin import x`` counts as ``ce_plugin.x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("caller", CALLERS)
def test_callers_reach_the_domain_only_through_the_api(caller):
    files = sorted((REPO / caller).rglob("*.py")) if (REPO / caller).is_dir() else [REPO / caller]
    offending = {f"{path.relative_to(REPO)}: {name}" for path in files for name in imported_modules(path)
                 if name.startswith(DOMAIN_INTERNALS)}
    assert not offending, sorted(offending)
