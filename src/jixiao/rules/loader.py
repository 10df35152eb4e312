"""Strict YAML for rule sets: no duplicate keys, ISO dates, numbers as ``Decimal``, and every
error naming the file, the line and the key, in Chinese.

PyYAML composes the node tree (which knows every line); we build the Python values ourselves,
so a number never passes through ``float`` and ``off`` stays the text "off" (YAML 1.1 would
make it ``False``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

Path = tuple[str, ...]

_INT: Final = "tag:yaml.org,2002:int"
_FLOAT: Final = "tag:yaml.org,2002:float"
_BOOL: Final = "tag:yaml.org,2002:bool"
_NULL: Final = "tag:yaml.org,2002:null"
_TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"
_STR: Final = "tag:yaml.org,2002:str"
_ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MESSAGES: Final[dict[str, str]] = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的键（拼写错误，或放错了文件？）",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "is_instance_of": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "string_pattern_mismatch": "格式不对",
}


@dataclass(frozen=True)
class RulesError(Exception):
    """A rule-set file that cannot be used. ``str()`` is the Chinese message for the user."""

    file: str
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"规则集文件 {self.file}"
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.key:
            where += f"，键 {self.key}"
        return f"{where}：{self.message}"


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are only true/false (never yes/no/on/off)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|false)$"), list("tf"))


@dataclass(frozen=True)
class YamlDoc:
    """Plain values plus the line of every key path (1-based)."""

    data: Any
    lines: dict[Path, int]
    file: str

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for n in range(len(path), -1, -1):
            line = self.lines.get(path[:n])
            if line is not None:
                return line
        return None


def _scalar(node: yaml.ScalarNode, file: str) -> Any:
    tag, text = node.tag, node.value
    line = node.start_mark.line + 1
    if tag in (_INT, _FLOAT):
        try:
            value = Decimal(text.replace("_", ""))
        except InvalidOperation:
            raise RulesError(file, line, None, f"数字写法不认识：{text}") from None
        if not value.is_finite():
            raise RulesError(file, line, None, f"数字必须有限：{text}")
        return value
    if tag == _BOOL:
        return text == "true"
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP:
        if not _ISO_DATE.match(text):
            raise RulesError(file, line, None, f"日期只写 YYYY-MM-DD：{text}")
        return date.fromisoformat(text)
    if tag == _STR or tag.startswith("tag:yaml.org,2002:"):
        return text
    raise RulesError(file, line, None, f"不支持的 YAML 标签 {tag}")


def _key_text(key: Any) -> str:
    return key.isoformat() if isinstance(key, date | datetime) else str(key)


def _build(node: yaml.Node, path: Path, doc: YamlDoc) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, doc.file)
    if isinstance(node, yaml.SequenceNode):
        return [_build(n, (*path, str(i)), doc) for i, n in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, doc) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, list | dict):
                raise RulesError(doc.file, key_node.start_mark.line + 1, None, "键必须是文本或日期")
            if key in out:
                line = key_node.start_mark.line + 1
                first = doc.lines.get((*path, _key_text(key)))
                raise RulesError(
                    doc.file, line, ".".join((*path, _key_text(key))),
                    f"键重复（第{first}行已有同名键）",
                )  # fmt: skip
            sub = (*path, _key_text(key))
            doc.lines[sub] = key_node.start_mark.line + 1
            out[key] = _build(value_node, sub, doc)
        return out
    raise RulesError(doc.file, node.start_mark.line + 1, None, "不支持的 YAML 结构")


def parse_yaml(text: str, file: str) -> YamlDoc:
    """Parse one YAML document strictly, keeping the line of every key."""
    doc = YamlDoc(None, {}, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # an unclosed bracket fails at the end of the file; its opening line says more
        mark = exc.context_mark or exc.problem_mark
        line = None if mark is None else mark.line + 1
        raise RulesError(file, line, None, f"YAML 语法错误：{exc.problem}") from None
    except yaml.YAMLError as exc:
        raise RulesError(file, None, None, f"YAML 语法错误：{exc}") from None
    if node is None:
        return YamlDoc({}, {(): 1}, file)
    return YamlDoc(_build(node, (), doc), doc.lines, file)


_DATE_REPR: Final = re.compile(r"datetime\.date\((\d+), (\d+), (\d+)\)")


def _loc_part(part: Any) -> str:
    text = _key_text(part)
    m = _DATE_REPR.fullmatch(text)  # pydantic writes non-text dict keys by their repr
    return date(int(m[1]), int(m[2]), int(m[3])).isoformat() if m else text


def _loc_text(loc: tuple[int | str, ...]) -> Path:
    return tuple(_loc_part(p) for p in loc)


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"取值不在允许范围内：{err.get('input')!r}（可选 {expected}）"
    text = _MESSAGES.get(kind, str(err["msg"]))
    if kind not in ("missing", "extra_forbidden") and "input" in err:
        text += f"，实为 {err['input']!r}"
    return text


def _drop_model_tags(path: Path) -> Path:
    """pydantic puts the tag of a generic or a union in the location; the file has none."""
    return tuple(p for p in path if not (p.startswith(("Param[", "DatedValue[")) or "[" in p))


def validate(model: type[M], doc: YamlDoc, prefix: Path = ()) -> M:
    """Validate parsed YAML against ``model``; the first error becomes a :class:`RulesError`."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        path = _drop_model_tags(_loc_text(err["loc"]))
        key = ".".join((*prefix, *path)) or None
        raise RulesError(doc.file, doc.line_of(path), key, _message(err)) from None
