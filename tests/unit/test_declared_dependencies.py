"""Every service declares the packages it imports, directly or through what it declares: the
container image installs each workspace member's own dependencies and nothing of the dev group,
so a package that arrives only through another service's declaration (or the tests') is a
process that starts here and fails in the image."""

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("recruitment", "reporting", "deployment", "grants", "gateway")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(pyproject: Path) -> set[str]:
    requirements = tomllib.loads(pyproject.read_text())["project"].get("dependencies", [])
    return {_normalised(_requirement_name(r)) for r in requirements}


def _requirement_name(requirement: str) -> str:
    match = _NAME.match(requirement.strip())
    assert match is not None, requirement
    return match.group(0)


def _installed_with(names: set[str]) -> set[str]:
    """The distributions these bring in, following their own requirements (extras aside)."""
    found, pending = set(names), list(names)
    while pending:
        try:
            requirements = metadata.requires(pending.pop()) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requirements:
            if "extra ==" in requirement:
                continue
            name = _normalised(_requirement_name(requirement))
            if name not in found:
                found.add(name)
                pending.append(name)
    return found


def _imported_top_levels(source_root: Path) -> set[str]:
    modules: set[str] = set()
    for path in source_root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_declares_what_it_imports(service: str) -> None:
    shared = _declared(ROOT / "shared" / "pyproject.toml")
    own = _declared(ROOT / "services" / service / "pyproject.toml")
    available = _installed_with(own | shared)
    distributions = metadata.packages_distributions()
    undeclared = {}
    for module in _imported_top_levels(ROOT / "services" / service / "src"):
        if module in sys.stdlib_module_names or module in {service, "diaspora_shared"}:
            continue
        providers = {_normalised(name) for name in distributions.get(module, [])}
        if not providers & available:
            undeclared[module] = sorted(providers) or ["not installed"]
    assert undeclared == {}
