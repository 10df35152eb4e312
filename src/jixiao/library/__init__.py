"""The indicator library (指标库) as data: an entry, the rules an entry must keep, and the
starting library shipped with the package (natural resources, from the seeds, and the R12
indicator tree).

Pure: the standard library, PyYAML and ``jixiao.model``; the shipped YAML is read once through
``importlib.resources``. Storage keeps a bureau's entries (``storage/library.py``); xlsx import and
export turn rows into entries (``services/library_xlsx.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml

from jixiao.model.indicator_value import Direction, parse_nature, parse_value

DIRECTIONS: Final = ("≥", "≤", "=", "定性")  # 指标性质 (R12.2)
BASES: Final = ("计划标准", "行业标准", "历史标准", "其他")  # 指标值确定依据 (R12.2)
DATA_FILE: Final = "natural_resources.yaml"
# the table's column widths (storage/cycle_models.py IndicatorEntry)
MAX_LENGTHS: Final = {
    "field": 100, "level1": 100, "level2": 100, "level3": 200, "direction": 10, "value": 200,
    "unit": 50, "basis": 300, "description": 4000, "source": 200,
}  # fmt: skip
LABELS: Final = {
    "field": "行业/领域", "level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
    "direction": "指标性质", "value": "参考指标值", "unit": "度量单位",
    "basis": "指标值确定依据", "description": "指标解释", "source": "来源",
}  # fmt: skip
REQUIRED: Final = ("level1", "level2", "level3")
_SYMBOL: Final = {
    Direction.GE: "≥", Direction.LE: "≤", Direction.EQ: "=", Direction.QUALITATIVE: "定性",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One indicator of a library. ``value`` is the reference value without its comparator or
    unit ("90"; a qualitative value as written: "健全"); ``direction`` one of DIRECTIONS or ""."""

    level1: str
    level2: str
    level3: str
    field: str = ""
    direction: str = ""
    value: str = ""
    unit: str = ""
    basis: str = ""
    description: str = ""
    source: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes an entry one entry in a bureau's library (the table's unique key)."""
        return (self.level1, self.level2, self.level3, self.unit)

    @property
    def target(self) -> str:
        """The 指标值 a target row starts from: "≥90%"; a qualitative value as it is.

        >>> LibraryEntry("满意度指标", "服务对象满意度指标", "服务对象满意度", direction="≥",
        ...              value="90", unit="%").target
        '≥90%'
        >>> LibraryEntry("部门管理", "财务管理", "资金使用规范性", direction="定性",
        ...              value="规范").target
        '规范'
        """
        if not self.value or self.direction in ("", "定性"):
            return self.value
        return f"{self.direction}{self.value}{self.unit}"

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def direction_of(text: str | None) -> str | None:
    """A 指标性质 as one of DIRECTIONS ("" for none), or None when it is not one of them.

    >>> direction_of("正向"), direction_of(">="), direction_of(""), direction_of("大于")
    ('≥', '≥', '', None)
    """
    text = (text or "").strip()
    if not text:
        return ""
    nature = parse_nature(text)
    return None if nature is None else _SYMBOL.get(nature)


def clean(entry: LibraryEntry) -> LibraryEntry:
    """Text trimmed, runs of white space made one, the direction written as a symbol (an
    unknown one is left as written, for :func:`problems` to name); a value written whole
    ("≥90%" with direction ≥ and unit %) keeps only its number.

    >>> clean(LibraryEntry(" 产出指标", "数量指标", "完成数量", direction="正向", value="≥ 3个",
    ...                    unit="个")).value
    '3'
    """
    values = {k: " ".join(v.split()) if k != "description" else v.strip()
              for k, v in entry.as_dict().items()}  # fmt: skip
    direction = direction_of(values["direction"])
    if direction is not None:
        values["direction"] = direction
    values["value"] = _bare_value(values["value"], values["direction"], values["unit"])
    return LibraryEntry(**values)


def _bare_value(value: str, direction: str, unit: str) -> str:
    """The number of a quantitative value without the entry's own comparator and unit."""
    if direction in ("", "定性"):
        return value
    parsed = parse_value(value)
    same_direction = parsed.comparator is None or _SYMBOL.get(parsed.comparator) == direction
    same_unit = parsed.unit is None or parsed.unit == (parse_value(f"1{unit}").unit or unit)
    if parsed.value is None or not (same_direction and same_unit):
        return value
    return format(parsed.value, "f")


def problems(entry: LibraryEntry) -> list[str]:
    """What is wrong with an entry, in Chinese (empty when it can be kept)."""
    out = [f"缺少{LABELS[k]}" for k in REQUIRED if not getattr(entry, k)]
    if direction_of(entry.direction) is None:
        out.append(f"指标性质“{entry.direction[:10]}”应为{'、'.join(DIRECTIONS)}之一或留空")
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(entry, name)) > limit:
            out.append(f"{LABELS[name]}超过{limit}字")
    return out


def _entry(level1: str, level2: str, item: Any, sources: dict[str, str]) -> LibraryEntry:
    if not isinstance(item, dict):
        raise TypeError(f"library/{DATA_FILE}: an entry must be a mapping, got {item!r}")
    values = {k: "" if v is None else str(v) for k, v in item.items()}
    unknown = set(values) - set(MAX_LENGTHS)
    if unknown:
        raise TypeError(f"library/{DATA_FILE}: unknown keys {sorted(unknown)} in {item!r}")
    values["source"] = sources.get(values.get("source", ""), values.get("source", ""))
    entry = clean(LibraryEntry(level1=level1, level2=level2, **values))
    wrong = problems(entry)
    if wrong:  # a shipped file: a programmer error, caught by the tests
        raise ValueError(f"library/{DATA_FILE}: {entry.level3}: {'；'.join(wrong)}")
    return entry


def parse_entries(text: str) -> tuple[LibraryEntry, ...]:
    """The entries of a library file: ``sources`` (short name → 来源), ``field`` (the default
    行业/领域) and ``entries`` nested as 一级 → 二级 → list of rows."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise TypeError(f"library/{DATA_FILE} must hold a mapping with 'entries'")
    sources = {str(k): str(v) for k, v in (data.get("sources") or {}).items()}
    field = str(data.get("field") or "")
    out: list[LibraryEntry] = []
    for level1, seconds in data["entries"].items():
        for level2, items in (seconds or {}).items():
            for item in items or []:
                entry = _entry(str(level1), str(level2), {"field": field, **item}, sources)
                out.append(entry)
    keys = [e.key for e in out]
    doubled = {k for k in keys if keys.count(k) > 1}
    if doubled:
        raise ValueError(f"library/{DATA_FILE}: entries given twice: {sorted(doubled)}")
    return tuple(out)


@cache
def starting_entries() -> tuple[LibraryEntry, ...]:
    """The library a bureau starts from (``natural_resources.yaml``)."""
    text = resources.files("jixiao.library").joinpath(DATA_FILE).read_text("utf-8")
    return parse_entries(text)


__all__ = [
    "BASES", "DIRECTIONS", "LABELS", "LibraryEntry", "clean", "direction_of", "parse_entries",
    "problems", "starting_entries",
]  # fmt: skip
