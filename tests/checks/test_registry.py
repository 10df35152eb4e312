"""The check registry: every code has a case file, codes are unique and well formed, and every
check is declared with what the catalog and --explain need."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.checks.registry import ALL_CHECKS, BY_CODE
from jixiao.model.findings import Category, Severity

CASES = Path(__file__).parent / "cases"


def test_every_code_has_exactly_one_case_file() -> None:
    files = {p.stem for p in CASES.glob("*.yaml")}
    codes = {s.code for s in ALL_CHECKS}
    assert codes - files == set(), f"checks without a case file: {sorted(codes - files)}"
    assert files - codes == set(), f"case files naming no check: {sorted(files - codes)}"


def test_specs_are_complete() -> None:
    assert len(BY_CODE) == len(ALL_CHECKS)
    for spec in ALL_CHECKS:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]+", spec.code)
        assert isinstance(spec.category, Category) and isinstance(spec.severity, Severity)
        assert spec.title and re.search(r"[\u4e00-\u9fff]", spec.title), spec.code
        assert spec.why and re.search(r"[\u4e00-\u9fff]", spec.why), spec.code
        assert spec.rule == "arithmetic" or re.fullmatch(r"R\d{1,2}(\.\d{1,2})?", spec.rule)
