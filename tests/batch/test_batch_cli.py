"""`jixiao batch` over a folder of good files in four formats and the readers' bad inputs:
one row per file, each bad file once with its Chinese reason, nothing good lost, exit code 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli.batch import app
from jixiao.services.batch_rows import CATEGORIES, ROW_FIELDS
from tests.batch.conftest import BAD, files_in

HAN = re.compile(r"[\u4e00-\u9fff]")


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_mixed_folder_gives_one_row_per_file_and_names_each_bad_file_once(
    mixed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["batch", str(mixed), "-o", str(out), "--workers", "2"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 2, result.output
    rows = _rows(out)
    assert sorted(r["path"] for r in rows) == files_in(mixed)  # every file once
    assert all(list(r) == list(ROW_FIELDS) for r in rows)
    by_name = {Path(str(r["path"])).name: r for r in rows}
    for name, says in BAD.items():
        reason = str(by_name[name]["error"])
        assert says in reason and HAN.search(reason) and "Traceback" not in reason, reason
        assert result.stderr.count(f"{name}：") == 1, result.stderr  # reported once
    good = [r for r in rows if Path(str(r["path"])).name not in BAD]
    assert all(r["error"] is None for r in good)
    assert {r["format"] for r in good} == {"txt", "docx", "xlsx", "html"}
    minzheng = {r["format"]: r for r in good if "minzheng" in str(r["path"])}
    for fmt in ("docx", "xlsx", "html"):  # the same document in every format, the same result
        for key in ("doc_type", "recomputed_total", "stated_total", "findings_total", *CATEGORIES):
            assert minzheng[fmt][key] == minzheng["txt"][key], (fmt, key)
    assert minzheng["txt"]["recomputed_total"] == "97.92"
    findings = [
        json.loads(x) for x in Path(f"{out}.findings.jsonl").read_text("utf-8").split("\n") if x
    ]
    assert len(findings) == sum(int(r["findings_total"]) for r in rows)  # type: ignore[call-overload]
    assert {f["sha256"] for f in findings} <= {r["sha256"] for r in good}
    extracts = Path(f"{out}.evaluations.jsonl").read_text("utf-8").splitlines()
    assert len(extracts) == len(good)


def test_a_second_run_skips_everything_and_keeps_the_exit_code(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    first = runner.invoke(
        app, ["batch", str(mixed / "坏文件"), str(mixed / "*.txt"), "-o", str(out)]
    )
    assert first.exit_code == 2
    second = runner.invoke(
        app, ["batch", str(mixed / "坏文件"), str(mixed / "*.txt"), "-o", str(out)]
    )
    assert second.exit_code == 2
    assert "跳过" in second.stderr and "此前的运行中已记为无法读取" in second.stderr
    assert len(_rows(out)) == len(BAD) + 6  # the six demo documents


def test_all_good_exits_0_and_a_pattern_matching_nothing_is_said(
    mixed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["batch", str(mixed / "*.html"), str(mixed / "*.none"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "没有匹配的文件" in result.stderr
    assert len(_rows(out)) == 2


def test_a_bad_output_name_and_a_bad_rule_set_are_one_line_each(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_out = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "x.xls")])
    assert bad_out.exit_code == 2 and "须为 .jsonl、.csv 或 .parquet" in bad_out.stderr
    bad_rules = runner.invoke(
        app, ["batch", str(tmp_path), "-o", str(tmp_path / "x.jsonl"), "--rules", "nowhere-1"]
    )
    assert bad_rules.exit_code == 2 and "规则集错误" in bad_rules.stderr
    assert "Traceback" not in bad_out.output + bad_rules.output
