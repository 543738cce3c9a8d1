"""Import rules between the emulator's packages, checked on the source with ``ast``."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import telephony_emulator

PACKAGE = Path(telephony_emulator.__file__).parent


def imported_modules(path: Path, package_root: Path = PACKAGE) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports (absolute names; relative imports resolved), by line."""
    package = ".".join(path.relative_to(package_root.parent).with_suffix("").parts[:-1])
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


def violations(
    packages: tuple[str, ...], forbidden: str, package_root: Path = PACKAGE
) -> list[str]:
    """Each import of ``forbidden`` (or a module under it) from the given packages or modules."""
    found = []
    for name in packages:
        root = package_root / name
        paths = sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]
        for path in paths:
            for line, module in imported_modules(path, package_root):
                if module == forbidden or module.startswith(forbidden + "."):
                    found.append(f"{path.relative_to(package_root)}:{line}: {module}")
    return found


def test_core_storage_webhooks_and_bxml_never_import_a_surface() -> None:
    offending = violations(("core", "storage", "webhooks", "bxml"), "telephony_emulator.apis")
    assert offending == []


def test_shared_modules_import_no_surface() -> None:
    """The app keys, the surface registry, the lifecycle and the composition root stay neutral."""
    shared = ("keys", "surfaces", "lifecycle", "core_services", "state", "errors", "ids")
    assert violations(shared, "telephony_emulator.apis") == []


def test_storage_never_imports_bxml_or_webhook_delivery() -> None:
    assert violations(("storage",), "telephony_emulator.bxml") == []
    assert violations(("storage",), "telephony_emulator.webhooks") == []


#: Vendor and vendor-format names; none may name a core module or anything the core imports.
VENDOR_WORDS = ("ringcentral", "ringout", "bandwidth", "catapult", "bxml", "fax")


def test_no_vendor_name_in_core_modules_or_their_imports() -> None:
    core = PACKAGE / "core"
    offending = [
        str(path.relative_to(PACKAGE))
        for path in sorted(core.rglob("*.py"))
        if any(word in path.stem.lower() for word in VENDOR_WORDS)
    ]
    offending += [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in sorted(core.rglob("*.py"))
        for line, module in imported_modules(path)
        if any(word in module.lower() for word in VENDOR_WORDS)
    ]
    assert offending == []


def test_the_rules_see_a_forbidden_import(tmp_path: Path) -> None:
    """The walker finds absolute, from- and relative imports (so the rules above can fail)."""
    package_root = tmp_path / "telephony_emulator"
    (package_root / "core").mkdir(parents=True)
    (package_root / "core" / "probe.py").write_text(
        "import telephony_emulator.apis.control\n"
        "from telephony_emulator.storage import db\n"
        "from ..apis import bandwidth_v2\n"
    )
    probe = package_root / "core" / "probe.py"
    assert [module for _, module in imported_modules(probe, package_root)] == [
        "telephony_emulator.apis.control",
        "telephony_emulator.storage",
        "telephony_emulator.storage.db",
        "telephony_emulator.apis",
        "telephony_emulator.apis.bandwidth_v2",
    ]
    assert violations(("core",), "telephony_emulator.apis", package_root) == [
        "core/probe.py:1: telephony_emulator.apis.control",
        "core/probe.py:3: telephony_emulator.apis",
        "core/probe.py:3: telephony_emulator.apis.bandwidth_v2",
    ]


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


def payload_keys(path: Path) -> Iterator[tuple[int, str]]:
    """String keys of dict literals and ``x["key"] = ...`` stores that look like a vendor
    payload field (camelCase, such as ``eventType`` or ``terminatingDigit``)."""
    camel = re.compile(r"[a-z]+[A-Z]\w*")
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        keys: list[ast.expr | None] = []
        if isinstance(node, ast.Dict):
            keys = list(node.keys)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            keys = [node.slice]
        for key in keys:
            if (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and camel.fullmatch(key.value)
            ):
                yield key.lineno, key.value


def test_no_payload_is_built_in_core_or_bxml() -> None:
    """Payloads are the surfaces' (apis/<surface>/callbacks.py); core and bxml hand over typed
    events and requests. The BXML parser reads camelCase attributes, which is not a payload."""
    found = []
    for package in ("core", "bxml"):
        for path in sorted((PACKAGE / package).rglob("*.py")):
            if path.name == "parser.py":
                continue
            found += [
                f"{path.relative_to(PACKAGE)}:{line}: {key}" for line, key in payload_keys(path)
            ]
    assert found == []


#: Packages under apis/ that are shared parts, not surfaces.
SHARED_API_PACKAGES = {"common", "ringcentral_common"}
#: Every surface has these (schemas, service, render, callbacks and keys only when it has
#: such a part, always under that name).
REQUIRED_PARTS = ("__init__.py", "routes.py", "errors.py")
#: The surfaces that send webhooks build their payloads in callbacks.py.
SENDS_WEBHOOKS = ("bandwidth_v2", "bandwidth_messaging_v2", "bandwidth_v1")


def test_every_surface_package_has_the_same_shape() -> None:
    apis = PACKAGE / "apis"
    surfaces = sorted(
        path for path in apis.iterdir() if path.is_dir() and path.name not in SHARED_API_PACKAGES
    )
    assert {path.name for path in surfaces} >= {"control", *SENDS_WEBHOOKS}
    for surface in surfaces:
        files = {path.name for path in surface.glob("*.py")}
        missing = [part for part in REQUIRED_PARTS if part not in files]
        assert missing == [], surface.name
        setup = ast.parse((surface / "__init__.py").read_text())
        assert any(
            isinstance(node, ast.FunctionDef) and node.name == "setup" for node in setup.body
        ), f"{surface.name}/__init__.py has no setup(app, core)"
        # No second name for a part: e.g. a payloads.py beside (or instead of) callbacks.py.
        assert not files & {"payloads.py", "webhooks.py", "models.py", "handlers.py"}, surface.name
    for name in SENDS_WEBHOOKS:
        assert (apis / name / "callbacks.py").is_file(), name
