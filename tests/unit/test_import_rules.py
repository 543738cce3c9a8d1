"""Import rules between the emulator's packages, checked on the source with ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import telephony_emulator

PACKAGE = Path(telephony_emulator.__file__).parent


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports (absolute names; relative imports resolved), by line."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def test_core_does_not_import_storage() -> None:
    """The core declares repository protocols (core/repositories.py); storage implements them."""
    offending = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for line, module in imported_modules(path)
        if module == "telephony_emulator.storage"
        or module.startswith("telephony_emulator.storage.")
    ]
    assert offending == []
