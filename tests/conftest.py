"""Shared test set-up: the seeds folder, golden updates, and the YAML case collectors.

Scoring cases (``tests/scoring/cases/<ruleset>/*.yaml``) are data: a minimal evaluation, the
rule set (optionally with named variants), the expected points, total and grade, and a ``why``
with the hand computation. Policy staff can add one without writing Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.model.jsonable import evaluation_from_jsonable
from jixiao.model.scorecard import ScoreLine
from jixiao.rules import catalog
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring.engine import score
from jixiao.scoring.explain import completion_pct

CASES = Path(__file__).parent / "scoring" / "cases"
CHECK_CASES = Path(__file__).parent / "checks" / "cases"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden expectation files instead of comparing (review the diff)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# ---- scoring cases ------------------------------------------------------------------------


def ruleset_with_variants(base: str, variants: dict[str, str]) -> RuleSet:
    """The shipped set ``base`` with named variants chosen, through a bureau file (the same
    path a bureau's own YAML takes)."""
    if not variants:
        return catalog.get(base)
    sections: dict[str, dict[str, Any]] = {}
    for path, variant in variants.items():
        file_key, param = path.split(".")
        sections.setdefault(file_key, {})[param] = {
            "values": {"2019-01-01": {"variant": variant,
                                      "source": {"title": "测试用例", "confidence": "low"}}}
        }  # fmt: skip
    doc = {
        "ruleset": {"name": "case-variant-2019", "extends": base, "title": "测试用例",
                    "effective": "2019-01-01", "standing": "bureau", "confidence": "low"},
        **sections,
    }  # fmt: skip
    text = yaml.safe_dump(doc, allow_unicode=True).replace("'2019-01-01'", "2019-01-01")
    return catalog.from_text(text, "<case>")


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _check_line(line: ScoreLine, want: dict[str, Any], i: int) -> None:
    for key in ("points", "weight"):
        if key in want:
            got = getattr(line, key)
            assert got == _dec(want[key]), f"line {i} ({line.name}) {key}: {got} != {want[key]}"
    if "method" in want:
        assert line.method == want["method"], f"line {i} method {line.method}"
    if "rule" in want:
        assert line.rule is not None and line.rule.cite() == want["rule"], f"line {i} rule"
    if "status" in want:
        assert line.status.value == want["status"], f"line {i} status {line.status}"
    if "met" in want:
        assert line.met_target is want["met"], f"line {i} met {line.met_target}"
    if "completion" in want:
        rate = completion_pct(line)
        shown = None if rate is None else rate.quantize(Decimal("0.01"))
        assert shown == _dec(want["completion"]), f"line {i} 完成率 {shown}"


class ScoringCase(pytest.Item):
    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        case = self.case
        assert case.get("why"), "every scoring case explains its expected numbers in `why`"
        rs = ruleset_with_variants(case["ruleset"], case.get("variants") or {})
        card = score(evaluation_from_jsonable(case["document"]), rs)
        expect = case["expect"]
        for i, want in enumerate(expect.get("lines", [])):
            _check_line(card.lines[want.get("line", i)], want, i)
        if "total" in expect:
            assert card.total == _dec(expect["total"]), f"total {card.total} != {expect['total']}"
        if "grade" in expect:
            label = None if card.grade is None else card.grade.label
            assert label == expect["grade"], f"grade {label} != {expect['grade']}"
        for g_index, want in (expect.get("groups") or {}).items():
            group = card.groups[int(g_index)]
            assert group.total == _dec(want["total"]), f"group {g_index} total {group.total}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, AssertionError):
            return f"{self.name}: {str(excinfo.value).splitlines()[0]}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scoring case: {self.name}"


class ScoringCaseFile(pytest.File):
    def collect(self) -> Iterator[ScoringCase]:
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            case.setdefault("ruleset", data.get("ruleset"))
            yield ScoringCase.from_parent(self, name=case["name"], case=case)


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and CASES in file_path.parents:
        return ScoringCaseFile.from_parent(parent, path=file_path)
    if file_path.suffix == ".yaml" and CHECK_CASES in file_path.parents:
        return CheckCaseFile.from_parent(parent, path=file_path)
    return None


# ---- check cases: one file per code, a document that must raise it and one that must not -----


def _findings(doc: dict[str, Any], ruleset: str, code: str) -> list[Any]:
    from jixiao.checks.engine import run_checks  # noqa: PLC0415
    from jixiao.checks.registry import BY_CODE  # noqa: PLC0415

    spec = BY_CODE.get(code)
    assert spec is not None, f"case file names an unknown check code {code}"
    run = run_checks(evaluation_from_jsonable(doc), catalog.get(ruleset), [spec], path="case")
    assert not run.crashes, run.crashes[0].traceback
    return [f for f in run.findings if f.code == code]


def _matches(finding: Any, want: dict[str, Any]) -> bool:
    where = finding.location.items() if finding.location else {}
    if any(where.get(k) != v for k, v in (want.get("location") or {}).items()):
        return False
    if any(finding.evidence.get(k) != str(v) for k, v in (want.get("evidence") or {}).items()):
        return False
    return want.get("message_contains", "") in finding.message


class CheckCase(pytest.Item):
    def __init__(self, *, code: str, ruleset: str, doc: dict[str, Any],
                 expect: list[dict[str, Any]] | None, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.code, self.ruleset, self.doc, self.expect = code, ruleset, doc, expect

    def runtest(self) -> None:
        found = _findings(self.doc, self.ruleset, self.code)
        if self.expect is None:  # a clean document: the code must stay silent
            assert not found, f"{self.code} fired on the clean document: {found[0].message}"
            return
        assert found, f"{self.code} did not fire"
        for want in self.expect:
            assert any(_matches(f, want) for f in found), (
                f"no {self.code} finding matches {want}; found "
                + "; ".join(
                    f"{f.location.items() if f.location else {}} {f.evidence}" for f in found
                )
            )
            if "count" in want:
                assert len(found) == want["count"], (
                    f"{len(found)} findings, expected {want['count']}"
                )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, AssertionError):
            return f"{self.name}: {str(excinfo.value).splitlines()[0]}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"check case: {self.name}"


class CheckCaseFile(pytest.File):
    def collect(self) -> Iterator[CheckCase]:
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        code, ruleset = data["code"], data.get("ruleset", "national-2020")
        assert self.path.stem == code, f"{self.path.name} must be named after its code"
        assert data.get("why"), f"{code}: a case explains why the document raises the code"
        hits = [(data["hit"], data["expect"])] + [(h["document"], h["expect"])
                                                  for h in data.get("also_hit", [])]  # fmt: skip
        cleans = [{**data["hit"], **data["clean"]}, *data.get("also_clean", [])]
        for i, (doc, expect) in enumerate(hits):
            yield CheckCase.from_parent(self, name=f"{code} hit {i}", code=code, ruleset=ruleset,
                                        doc=doc, expect=expect)  # fmt: skip
        for i, doc in enumerate(cleans):
            yield CheckCase.from_parent(self, name=f"{code} clean {i}", code=code,
                                        ruleset=ruleset, doc=doc, expect=None)  # fmt: skip
