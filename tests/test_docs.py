"""Docs that cannot drift (design.md §5.10): generated pages are current, names come from the
glossary, the architecture table mirrors the layer rules, and every JSON key of interface.md §2
is a field of the model.

Regenerate with ``make docs`` (scripts/gen_docs.py). Every checker here has a test showing it
fails on a broken input, so a green run means something.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import re
import typing
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cogapp import Cog  # type: ignore[import-untyped]  # no stubs

from jixiao.checks.registry import ALL_CHECKS
from jixiao.model import evaluation as ev
from jixiao.model.blocks import SourceInfo
from jixiao.model.evaluation import DocType, Evaluation, Indicator
from jixiao.model.jsonable import to_jsonable
from jixiao.model.location import Location
from jixiao.model.scorecard import Grade, GroupScore, LineStatus, RuleRef, ScoreCard, ScoreLine
from jixiao.rules.methods import Method
from jixiao.writers.checksdoc import findings_markdown
from jixiao.writers.rulesdoc import catalog_markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "jixiao"
INTERFACE = ROOT.parent / "shared" / "spec" / "interface.md"
REQUIRED_DOCS = (
    "docs/architecture.md",
    "docs/glossary.md",
    "docs/rules.md",
    "docs/cli.md",
    "docs/findings.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "README.md",
)

# The types whose every field the glossary names, each under a heading holding `TypeName`.
MODEL_TYPES: tuple[type, ...] = (
    Evaluation, ev.Fund, ev.Indicator, ev.ProjectLine, ev.Targets, ev.Section, ev.PlanEntry,
    ev.Part, ev.Breakdown, SourceInfo, Location,
)  # fmt: skip
SCORECARD_TYPES: tuple[type, ...] = (RuleRef, ScoreLine, GroupScore, ScoreCard, Grade)
ENUMS: tuple[type[StrEnum], ...] = (DocType, LineStatus, Method)

# interface.md §2: the type that holds the keys found under each container key.
CONTAINERS: dict[str, type] = {
    "": Evaluation, "source": SourceInfo, "targets": ev.Targets, "funds": ev.Fund,
    "indicators": ev.Indicator, "projects": ev.ProjectLine, "sections": ev.Section,
    "spending_plan": ev.PlanEntry, "breakdowns": ev.Breakdown, "parts": ev.Part,
    "location": Location,
}  # fmt: skip
FREE_FORM = {"grade_counts"}  # a dict: its keys are grade labels, not fields


# ---- generated pages ---------------------------------------------------------------------


def test_rules_md_is_the_catalog() -> None:
    path = DOCS / "rules.md"
    assert path.read_text(encoding="utf-8") == catalog_markdown() + "\n", (
        "docs/rules.md is stale: run `make docs`"
    )


def test_findings_md_is_the_check_registry() -> None:
    path = DOCS / "findings.md"
    text = path.read_text(encoding="utf-8")
    assert text == findings_markdown(ALL_CHECKS), "docs/findings.md is stale: run `make docs`"
    for spec in ALL_CHECKS:
        assert f"`{spec.code}`" in text


def _cog_check(path: Path) -> tuple[int, str]:
    """cog's exit status for ``--check`` (0 current, 5 stale) and what it printed."""
    out = io.StringIO()
    cog = Cog()
    cog.set_output(stdout=out, stderr=out)
    return int(cog.main(["cog", "--check", "--diff", str(path)])), out.getvalue()


def test_cli_md_is_current() -> None:
    status, output = _cog_check(DOCS / "cli.md")
    assert status == 0, f"docs/cli.md is stale: run `make docs`\n{output}"


def test_cli_md_covers_every_command() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for command in ("jixiao", "jixiao score", "jixiao extract", "jixiao rules",
                    "jixiao rules list", "jixiao rules show"):  # fmt: skip
        assert f"Usage: {command} [OPTIONS]" in text, command
    assert text.count("```text") >= 6


def test_cog_check_catches_a_stale_page(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert "显示版本" in text
    stale.write_text(text.replace("显示版本", "显示旧版本", 1), encoding="utf-8")
    status, output = _cog_check(stale)
    assert status != 0
    assert "显示旧版本" in output  # the diff names the stale line


# ---- every doc file ----------------------------------------------------------------------


def doc_problems(path: Path) -> list[str]:
    """Why a doc file is not acceptable: missing, empty, or not UTF-8."""
    if not path.is_file():
        return [f"{path.name}: missing"]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{path.name}: not UTF-8 ({exc.reason} at byte {exc.start})"]
    return [] if text.strip() else [f"{path.name}: empty"]


def _doc_files() -> list[Path]:
    found = {ROOT / name for name in REQUIRED_DOCS} | set(DOCS.glob("*.md"))
    return sorted(found)


@pytest.mark.parametrize("path", _doc_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_is_non_empty_utf8(path: Path) -> None:
    assert doc_problems(path) == []


def test_doc_check_catches_empty_and_non_utf8(tmp_path: Path) -> None:
    empty, gbk, good = tmp_path / "empty.md", tmp_path / "gbk.md", tmp_path / "good.md"
    empty.write_text(" \n", encoding="utf-8")
    gbk.write_bytes("术语表".encode("gbk"))
    good.write_text("术语表\n", encoding="utf-8")
    assert doc_problems(empty) == ["empty.md: empty"]
    assert "not UTF-8" in doc_problems(gbk)[0]
    assert doc_problems(tmp_path / "absent.md") == ["absent.md: missing"]
    assert doc_problems(good) == []


# ---- glossary ----------------------------------------------------------------------------

_BACKTICKED = re.compile(r"`([^`]+)`")
_ROW = re.compile(r"^\|\s*([^|]*?)\s*\|")


def glossary_sections(text: str) -> dict[str, set[str]]:
    """Heading's first backticked name → the backticked identifiers in the first column of the
    table rows under it (up to the next heading)."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            names = _BACKTICKED.findall(line)
            current = sections.setdefault(names[0], set()) if names else None
        elif current is not None and (m := _ROW.match(line)):
            current.update(_BACKTICKED.findall(m.group(1)))
    return sections


def _names(tp: type) -> list[str]:
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return [m.value for m in tp]
    if dataclasses.is_dataclass(tp):
        names = [f.name for f in dataclasses.fields(tp)]
        if tp is Indicator:  # the derived JSON keys (direction, target_value …) too
            names += [k for k in to_jsonable(Indicator(target="≥1个")) if k not in names]
        return names
    return list(tp._fields)  # type: ignore[attr-defined]  # a NamedTuple


def missing_from_glossary(text: str, types: Iterable[type]) -> list[str]:
    """``Type.name`` for every field (or enum value) the glossary does not name."""
    sections = glossary_sections(text)
    return [
        f"{tp.__name__}.{name}"
        for tp in types
        for name in _names(tp)
        if name not in sections.get(tp.__name__, set())
    ]


def _glossary() -> str:
    return (DOCS / "glossary.md").read_text(encoding="utf-8")


def test_glossary_names_every_model_field() -> None:
    assert missing_from_glossary(_glossary(), MODEL_TYPES) == []


def test_glossary_names_every_score_card_field_and_enum_value() -> None:
    assert missing_from_glossary(_glossary(), SCORECARD_TYPES + ENUMS) == []


def test_glossary_rows_have_chinese_terms() -> None:
    for line in _glossary().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 2:
            assert re.search(r"[\u4e00-\u9fff]", cells[1]), f"no 中文 term: {line}"


def test_glossary_check_catches_a_missing_name() -> None:
    text = _glossary()
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("| `deviation_reason` |"))
    without = "\n".join(lines[:target] + lines[target + 1 :])
    assert missing_from_glossary(without, MODEL_TYPES) == ["Indicator.deviation_reason"]


def test_glossary_check_reads_fields_per_type() -> None:
    """A name listed under another type does not count (Fund.weight ≠ Indicator.weight)."""
    text = "## `Fund`\n| identifier | 中文 |\n|---|---|\n| `weight` | 分值 |\n## `Indicator`\n"
    missing = missing_from_glossary(text, (ev.Fund, ev.Indicator))
    assert "Fund.weight" not in missing
    assert "Indicator.weight" in missing


# ---- architecture --------------------------------------------------------------------------


def _layers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_docs_layers", ROOT / "tests" / "test_layers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def architecture_rows(text: str) -> dict[str, tuple[set[str], set[str] | str, set[str]]]:
    """folder → (jixiao packages, third party or "*", never) from the Folders table."""
    rows: dict[str, tuple[set[str], set[str] | str, set[str]]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not (m := re.fullmatch(r"`([a-z_]+)/`", cells[0])):
            continue
        allowed, _, never = cells[3].partition("never")
        outer: set[str] | str = "*" if allowed.strip().startswith("any") else set(
            _BACKTICKED.findall(allowed)
        )  # fmt: skip
        rows[m.group(1)] = (
            set(_BACKTICKED.findall(cells[2])),
            outer,
            set(_BACKTICKED.findall(never)),
        )
    return rows


def architecture_mismatches(
    text: str, allowed: dict[str, Any], never: dict[str, set[str]]
) -> list[str]:
    rows = architecture_rows(text)
    out: list[str] = []
    for package, (inner, outer) in allowed.items():
        if package not in rows:
            out.append(f"{package}/: no row")
            continue
        doc_inner, doc_outer, doc_never = rows[package]
        want = set(inner) - {package}
        if doc_inner != want:
            out.append(f"{package}/: jixiao imports {sorted(doc_inner)} != {sorted(want)}")
        if doc_outer != outer:
            out.append(f"{package}/: third party {doc_outer} != {outer}")
        if doc_never != never.get(package, set()):
            out.append(f"{package}/: never {doc_never} != {never.get(package, set())}")
    return out


def test_architecture_mirrors_the_layer_rules() -> None:
    layers = _layers()
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    assert architecture_mismatches(text, layers.ALLOWED, layers.NEVER) == []


def test_architecture_check_catches_a_wrong_row() -> None:
    layers = _layers()
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `scoring/` |"))
    wrong = text.replace(row, row.replace("| `model`, `rules` |", "| `model`, `rules`, `checks` |"))
    assert wrong != text
    assert architecture_mismatches(wrong, layers.ALLOWED, layers.NEVER) == [
        "scoring/: jixiao imports ['checks', 'model', 'rules'] != ['model', 'rules']"
    ]


def test_architecture_names_every_folder() -> None:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    folders = sorted(
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*")
        if p.is_dir() and "__pycache__" not in p.parts and not p.name.endswith(".egg-info")
    )
    assert folders, SRC
    assert [f for f in folders if f"`{f}/`" not in text and f.count("/") < 2] == []


# ---- interface.md §2 keys ------------------------------------------------------------------

_PATH_KEY = re.compile(r"([a-z_]+)(?:\[\])?\.([a-z_]+)")
_JSON_KEY = re.compile(r"(?:^|[{,\[])\s*\"([a-z_]+)\"")


def _json_keys(value: Any, container: str = "") -> Iterator[tuple[str, str]]:
    """(container, key) for every key of a JSON value; lists are looked through."""
    if isinstance(value, list):
        for item in value:
            yield from _json_keys(item, container)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield container, key
            if key not in FREE_FORM:
                yield from _json_keys(item, key)


def further_keys(paragraph: str) -> Iterator[tuple[str, str]]:
    """(container, key) from the prose of "Further keys …": `a[].b`, then `.c` for the same
    container; a bare `key` is top level; a JSON-like span gives the item keys of the last one."""
    container = ""
    for raw in _BACKTICKED.findall(paragraph):
        span = raw.strip()
        if m := _PATH_KEY.fullmatch(span):
            container = m.group(1)
            yield container, m.group(2)
        elif re.fullmatch(r"\.[a-z_]+", span):
            yield container, span[1:]
        elif re.fullmatch(r"[a-z_]+", span):
            container = span
            yield "", span
        else:
            for key in _JSON_KEY.findall(span):
                yield container, key


def interface_keys(text: str) -> set[tuple[str, str]]:
    """Every (container, key) of interface.md §2: the JSON example and "Further keys"."""
    section = text.split("## 2.", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```json\n(.*?)\n```", section, re.S)
    assert block is not None, "interface.md §2 has no ```json block"
    keys = set(_json_keys(json.loads(block.group(1))))
    further = [p for p in section.split("\n\n") if p.startswith("Further keys")]
    assert further, "interface.md §2 has no 'Further keys' paragraph"
    keys.update(further_keys(further[0]))
    return keys


def _allowed_keys(tp: type) -> set[str]:
    names = {f.name for f in dataclasses.fields(tp)}
    if tp is Indicator:
        names |= set(to_jsonable(Indicator(target="≥50个", actual="50")))
    return names


def keys_without_field(keys: Iterable[tuple[str, str]]) -> list[str]:
    out = []
    for container, key in sorted(keys):
        tp = CONTAINERS.get(container)
        where = f"{container}.{key}" if container else key
        if tp is None:
            out.append(f"{where}: no model type for '{container}'")
        elif key not in _allowed_keys(tp):
            out.append(f"{where}: not a field of {tp.__name__}")
    return out


@pytest.fixture(scope="module")
def interface_text() -> str:
    if not INTERFACE.is_file():
        pytest.skip(f"interface.md not found at {INTERFACE} (../shared is absent in a fresh clone)")
    return INTERFACE.read_text(encoding="utf-8")


def test_every_interface_key_is_a_field(interface_text: str) -> None:
    keys = interface_keys(interface_text)
    # the parse found what the page says (a parser that finds nothing would pass vacuously)
    assert {("", "schema"), ("source", "sha256"), ("indicators", "target_value"),
            ("indicators", "basis"), ("projects", "purpose"), ("spending_plan", "pct"),
            ("breakdowns", "closed"), ("", "title_year"), ("funds", "level")} <= keys  # fmt: skip
    assert keys_without_field(keys) == []


def test_grade_counts_is_a_dict() -> None:
    hint = typing.get_type_hints(Evaluation)["grade_counts"]
    assert dict in {typing.get_origin(a) for a in typing.get_args(hint)}


def test_key_check_catches_an_unknown_key() -> None:
    paragraph = (
        "Further keys: `title_year`; `indicators[].basis`, `.no_such_key`; `spending_plan` = "
        '`[{"period": "3月底", "pct": "25"}]`; `funds[].level`; `breakdowns` '
        '(`{"label", "whole", "parts": [...], "closed": true, "kind": "sum"}`).'
    )
    keys = set(further_keys(paragraph))
    assert ("spending_plan", "period") in keys and ("breakdowns", "closed") in keys
    assert ("breakdowns", "sum") not in keys  # a value, not a key
    assert keys_without_field(keys) == ["indicators.no_such_key: not a field of Indicator"]
    doc = {"schema": "x", "source": {"pages": 3, "sheets": 1}, "grade_counts": {"优秀": 1}}
    assert keys_without_field(_json_keys(doc)) == ["source.sheets: not a field of SourceInfo"]
