"""The batch files on restart: a cut last line, side lines of a document with no row."""

from __future__ import annotations

import json
from pathlib import Path

from jixiao.services.batch_rows import ROW_FIELDS, error_row
from jixiao.services.batch_store import Appender, BatchFiles, recover


def _result(path: str, sha: str, findings: int) -> dict[str, object]:
    row = error_row(path, sha, "x")
    row["error"] = None
    found = [{"path": path, "sha256": sha, "id": f"{i}", "code": "C"} for i in range(findings)]
    return {"row": row, "findings": found, "evaluation": {"path": path, "sha256": sha}}


def test_recover_keeps_exactly_the_committed_documents(tmp_path: Path) -> None:
    files = BatchFiles.for_output(tmp_path / "out.jsonl")
    appender = Appender(files)
    appender.append(_result("/a", "1", 2))  # type: ignore[arg-type]
    appender.append(_result("/b", "2", 1))  # type: ignore[arg-type]
    appender.close()
    with files.findings.open("ab") as f:  # /c's findings went out, then the crash: no row
        f.write(json.dumps({"path": "/c", "sha256": "3", "id": "0"}).encode() + b"\n")
    with files.evaluations.open("ab") as f:
        f.write(b'{"path": "/c", "sha')
    with files.rows.open("ab") as f:
        f.write(b'{"path": "/c", "sha256": "3", "form')
    done = recover(files)
    assert sorted(done.versions) == ["/a", "/b"] and len(done) == 2
    assert done.truncated == 1 and done.dropped == 1
    assert files.rows.read_bytes().count(b"\n") == 2 and files.rows.read_bytes().endswith(b"\n")
    assert [json.loads(x)["path"] for x in files.findings.read_text().splitlines()] == [
        "/a"
    ] * 2 + ["/b"]
    assert [json.loads(x)["path"] for x in files.evaluations.read_text().splitlines()] == [
        "/a",
        "/b",
    ]
    assert recover(files).truncated == 0  # repaired once, clean after


def test_output_names_and_the_row_schema() -> None:
    assert BatchFiles.for_output(Path("r.csv")).rows == Path("r.jsonl")
    assert BatchFiles.for_output(Path("r.jsonl")).findings == Path("r.jsonl.findings.jsonl")
    row = error_row("/x.pdf", None, "/x.pdf：文件为空\n")
    assert list(row) == list(ROW_FIELDS) and row["format"] == "pdf" and "\n" not in row["error"]
