"""The genres' vocabulary: header synonyms, form labels and heading words, as data.

The YAML files under ``genres/vocab/`` are read once through ``importlib.resources`` and
cached; every word is compacted (:func:`jixiao.genres.cells.key`) when loaded, so the parsers
compare compacted text with compacted text. A new wording is a YAML line, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from jixiao.genres.cells import key


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("jixiao.genres").joinpath("vocab", f"{name}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):  # a shipped file: a programmer error, caught by the tests
        raise TypeError(f"genres/vocab/{name}.yaml must hold a mapping")
    return data


def _words(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise TypeError(f"a word list is expected, got {values!r}")
    return tuple(key(str(v)) for v in values)


def _field_words(section: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {name: _words(words) for name, words in section.items()}


@cache
def columns(block: str) -> dict[str, tuple[str, ...]]:
    """Header words per field of ``block`` ("indicator" or "fund")."""
    return _field_words(_load("columns")[block])


@cache
def form_labels() -> dict[str, tuple[str, ...]]:
    return _field_words(_load("labels")["form_labels"])


@cache
def group_labels() -> dict[str, str]:
    return {key(k): str(v) for k, v in _load("labels")["group_labels"].items()}


@cache
def label_words(name: str) -> tuple[str, ...]:
    """A plain word list of ``labels.yaml`` (``total_row``, ``fund_total``, ``grades`` …)."""
    return _words(_load("labels")[name])


@cache
def raw_words(name: str) -> tuple[str, ...]:
    """A word list of ``labels.yaml`` as written (for regular expressions)."""
    values = _load("labels")[name]
    return tuple(str(v) for v in values)


@cache
def heading_words(name: str) -> tuple[str, ...]:
    return _words(_load("headings")[name])


@cache
def heading_fields(name: str) -> dict[str, tuple[str, ...]]:
    return _field_words(_load("headings")[name])


@dataclass(frozen=True, slots=True)
class Level2Rule:
    """A second-level category and the first level(s) it belongs to."""

    keywords: tuple[str, ...]
    level1: str
    also: tuple[str, ...] = ()

    @property
    def level1s(self) -> tuple[str, ...]:
        return (self.level1, *self.also)


@cache
def level2_rules() -> tuple[Level2Rule, ...]:
    rules = []
    for item in _load("labels")["level2_to_level1"]:
        rules.append(
            Level2Rule(_words(item["keywords"]), str(item["level1"]), _words(item.get("also", [])))
        )
    return tuple(rules)


@cache
def raw_heading(name: str) -> tuple[str, ...]:
    """A word list of ``headings.yaml`` as written (for regular expressions)."""
    return tuple(str(v) for v in _load("headings")[name])


@cache
def sentence_words(name: str) -> tuple[str, ...]:
    """A word list of ``sentences.yaml`` as written (for regular expressions)."""
    return tuple(str(v) for v in _load("sentences")[name])


@cache
def fund_columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(column, words) pairs of ``sentences.yaml``, in the file's order."""
    items = _load("sentences")["fund_columns"].items()
    return tuple((str(col), tuple(str(w) for w in words)) for col, words in items)
