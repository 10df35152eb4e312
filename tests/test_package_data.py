"""Every data file under src/jixiao ships in the wheel: each is matched by a package-data glob
(a file left out works in the editable checkout and is missing from an installed package)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "jixiao"


def _regex(glob: str) -> re.Pattern[str]:
    """A setuptools package-data glob: ``**/`` any folders, ``*`` within one name."""
    out = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(out)


def test_every_data_file_is_declared_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["jixiao"]
    data = [
        p.relative_to(PACKAGE)
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert data, "no data files found: wrong folder?"
    patterns = [_regex(g) for g in globs]
    missing = [p.as_posix() for p in data if not any(r.fullmatch(p.as_posix()) for r in patterns)]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
