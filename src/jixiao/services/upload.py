"""An uploaded file: accepted by its content (never by its name), then extracted into records.

The file's own name is kept only as text for messages; the bytes are read under a generated
name whose suffix comes from what the content is, so no user text reaches a file path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Final

from jixiao.model.blocks import Source, Unreadable
from jixiao.model.evaluation import Evaluation
from jixiao.readers.registry import READERS
from jixiao.services.assess import split_projects
from jixiao.services.extract import extract_source

# sniffed reader → the suffix the file is read under
SUFFIX: Final = {
    "pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "ofd": ".ofd", "office": ".doc",
    "html": ".html", "txt": ".txt", "json": ".json",
}  # fmt: skip
MB: Final = 1024 * 1024


@dataclass(frozen=True)
class Accepted:
    file_format: str  # a key of SUFFIX


@dataclass(frozen=True)
class Parsed:
    """The records a file holds (one per project) and what the reader could not read."""

    evaluations: list[Evaluation]
    warnings: tuple[str, ...]


def _is_evaluation_json(data: bytes) -> bool:
    head = data[:4096].lstrip()
    if not head.startswith(b"{"):
        return False
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(doc, dict) and str(doc.get("schema", "")).startswith("jixiao.evaluation/")


def accept(name: str, data: bytes, limit: int) -> Accepted | Unreadable:
    """Is this upload something we read? By size and by content."""
    if not data:
        return Unreadable(name, f"{name}：文件为空")
    if len(data) > limit:
        return Unreadable(
            name, f"{name}：文件过大（{len(data) / MB:.1f} MB，上限 {limit / MB:.0f} MB）"
        )
    if _is_evaluation_json(data):
        return Accepted("json")
    sniffed = next((r.name for r in READERS if r.sniff(data)), None)
    if sniffed is None:
        return Unreadable(
            name, f"{name}：无法识别的文件内容（支持 PDF、Word、Excel、OFD、HTML、文本）"
        )
    return Accepted(sniffed)


def parse_upload(name: str, data: bytes, accepted: Accepted) -> Parsed | Unreadable:
    """Extract an accepted upload into one evaluation per project."""
    internal = f"upload{SUFFIX[accepted.file_format]}"
    extracted = extract_source(Source(internal, data))
    if isinstance(extracted, Unreadable):
        return Unreadable(name, extracted.reason.replace(internal, name))
    ev = extracted.evaluation
    if ev.source is not None:  # the user's name, as text only (the file was read as `internal`)
        ev = replace(ev, source=replace(ev.source, path=name))
    if not ev.indicators and not ev.funds and ev.stated_total_score is None:
        return Unreadable(name, f"{name}：未读到自评表或目标表的内容（指标、资金或总分）")
    return Parsed(split_projects(ev), ev.warnings)
