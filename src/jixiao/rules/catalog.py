"""The shipped rule sets (``rules/data``) and bureau-supplied ones, validated and linked.

Shipped data is read once through ``importlib.resources`` and cached. A bureau's own file is
passed in as text by the caller (the core reads no user files).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from pydantic import BaseModel

from jixiao.rules.loader import RulesError, YamlDoc, parse_yaml, validate
from jixiao.rules.ruleset import ParamData, RuleSet
from jixiao.rules.schema import ENDABLE, FILES, BureauFile, Index, Param, RuleSetMeta


def _resource(*parts: str) -> Traversable:
    node = resources.files("jixiao.rules").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def _read(*parts: str) -> str:
    return _resource(*parts).read_text(encoding="utf-8")


def _exists(*parts: str) -> bool:
    return _resource(*parts).is_file()


def _entries(section: BaseModel) -> Iterator[tuple[str, Param[Any]]]:
    """(key, parameter) of a file section: its fields, or a mapping's items (checks.yaml)."""
    root = getattr(section, "root", None)
    if isinstance(root, dict):
        yield from root.items()
        return
    for key in type(section).model_fields:
        param = getattr(section, key)
        if param is not None:
            yield key, param


def _params(
    section: BaseModel, doc: YamlDoc, file_key: str, at: tuple[str, ...]
) -> tuple[dict[str, ParamData], dict[str, int]]:
    """The parameters of one file section, keyed by path (``scoring.reverse_scoring``), and the
    line of each; ``at`` is where the section sits in the YAML document."""
    out: dict[str, ParamData] = {}
    lines_of: dict[str, int] = {}
    for key, param in _entries(section):
        base = (*at, key)
        lines = {
            day.isoformat(): doc.lines.get((*base, "values", day.isoformat()), 0)
            for day in param.values
        }
        lines.update(
            {f"variant:{v}": doc.lines.get((*base, "variants", v), 0) for v in param.variants}
        )
        out[f"{file_key}.{key}"] = ParamData(param, doc.file, lines)
        lines_of[f"{file_key}.{key}"] = doc.line_of(base) or 0
    return out, lines_of


def _check_links(rs: RuleSet, lines_of: dict[str, int]) -> None:
    """Every variant named by a value exists along the chain; new parameters carry an id."""
    for path, pd in rs.params.items():
        file = pd.file
        has_id = any(p.params.get(path) and p.params[path].param.id for p in rs.chain())
        if not has_id:
            raise RulesError(file, lines_of.get(path), path, "新参数须给出规则编号 id")
        for day, entry in pd.param.values.items():
            if entry.variant is None and entry.value is None and path not in ENDABLE:
                raise RulesError(
                    file, pd.lines.get(day.isoformat()), f"{path}.values.{day}",
                    "此规则是计分所必需的，不能取空值（null）",
                )  # fmt: skip
            issued = entry.source.issued
            if issued is not None and issued > day:
                raise RulesError(
                    file, pd.lines.get(day.isoformat()), f"{path}.values.{day}",
                    f"取值自 {day} 起生效，却早于其来源的发布日期 {issued}",
                )  # fmt: skip
            if entry.variant is None:
                continue
            known = any(
                p.params.get(path) and entry.variant in p.params[path].param.variants
                for p in rs.chain()
            )
            if not known:
                raise RulesError(
                    file, pd.lines.get(day.isoformat()), f"{path}.values.{day}",
                    f"没有名为 {entry.variant} 的可选方案（variants）",
                )  # fmt: skip


@cache
def index() -> tuple[RuleSetMeta, ...]:
    doc = parse_yaml(_read("index.yaml"), "rules/data/index.yaml")
    return validate(Index, doc).rulesets


def names() -> tuple[str, ...]:
    return tuple(m.name for m in index())


@cache
def get(name: str) -> RuleSet:
    """A shipped rule set by name (``KeyError`` for an unknown name)."""
    meta = next((m for m in index() if m.name == name), None)
    if meta is None:
        raise KeyError(name)
    parent = get(meta.extends) if meta.extends else None
    params: dict[str, ParamData] = {}
    lines_of: dict[str, int] = {}
    for file_key, model in FILES.items():
        if not _exists(name, f"{file_key}.yaml"):
            continue
        label = f"rules/data/{name}/{file_key}.yaml"
        doc = parse_yaml(_read(name, f"{file_key}.yaml"), label)
        found, lines = _params(validate(model, doc, (file_key,)), doc, file_key, ())
        params.update(found)
        lines_of.update(lines)
    rs = RuleSet(meta, params, parent, origin=f"rules/data/{name}")
    _check_links(rs, lines_of)
    return rs


def from_text(text: str, file: str) -> RuleSet:
    """A bureau's own rule-set file (one YAML, sections under the file names), validated.

    Raises :class:`RulesError` with file, line and key for anything wrong in it.
    """
    doc = parse_yaml(text, file)
    bureau = validate(BureauFile, doc)
    meta = bureau.ruleset
    if meta.name in names():
        line = doc.line_of(("ruleset", "name"))
        raise RulesError(file, line, "ruleset.name", f"与随包规则集 {meta.name} 重名，请另取名称")
    if meta.extends is None:
        line = doc.line_of(("ruleset",))
        raise RulesError(file, line, "ruleset.extends", "须写明继承的规则集（如 national-2020）")
    try:
        parent = get(meta.extends)
    except KeyError:
        line = doc.line_of(("ruleset", "extends"))
        known = "、".join(names())
        raise RulesError(
            file, line, "ruleset.extends", f"没有名为 {meta.extends} 的规则集（可选：{known}）"
        ) from None
    params: dict[str, ParamData] = {}
    lines_of: dict[str, int] = {}
    for file_key in FILES:
        section = getattr(bureau, file_key)
        if section is not None:
            found, lines = _params(section, doc, file_key, (file_key,))
            params.update(found)
            lines_of.update(lines)
    rs = RuleSet(meta, params, parent, origin=file)
    _check_links(rs, lines_of)
    return rs


def lint(rs: RuleSet) -> list[str]:
    """Values that only repeat what the parent already says (allowed, but noise)."""
    out: list[str] = []
    if rs.parent is None:
        return out
    for path, pd in rs.params.items():
        for day, entry in pd.param.values.items():
            inherited = rs.parent.lookup(path, day.year)
            if inherited is not None and entry.variant is None and inherited.value == entry.value:
                out.append(f"{pd.file}：{path} 在 {day} 的取值与 {rs.parent.name} 相同，可删去")
    return out
