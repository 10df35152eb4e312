"""Precision: well-made documents written from the rules get no error and no warning.

tests/fixtures/clean/ holds our own documents written to the rules: a project 自评表 in the
national layout (R7) whose rows, execution and total add up and whose one docked row gives its
reason; a Gansu-layout department report (R10 F-B, R17) whose table, narrative and projects
agree; a Hebei-layout 绩效目标表 (R12, R13) with quantified, directed, unit-bearing targets,
amount ceilings for costs, satisfaction ≥ 90 % and cumulative spending plans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.model.findings import Severity
from jixiao.services.evaluate import Checked, check_paths

CLEAN = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "clean").glob("*.txt"))


@pytest.mark.parametrize("path", CLEAN, ids=[p.stem for p in CLEAN])
def test_clean_document_has_no_error_or_warning(path: Path) -> None:
    (result,) = check_paths([path])
    assert isinstance(result, Checked), result
    assert not result.run.crashes
    loud = [f for f in result.run.findings if f.severity is not Severity.INFO]
    assert loud == [], "\n".join(f"{f.code}: {f.message}" for f in loud)


def test_there_are_clean_documents_of_each_kind() -> None:
    kinds = set()
    for path in CLEAN:
        (result,) = check_paths([path])
        assert isinstance(result, Checked)
        kinds.add(result.evaluation.doc_type)
    assert {k.value for k in kinds if k} >= {
        "project_self_eval_table", "dept_self_eval_report", "target_table"
    }  # fmt: skip
