"""The command line as users run it: output, exit codes, Chinese messages, no tracebacks."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.services.demo import demo_paths

runner = CliRunner()
DEMO = {p.name: p for p in demo_paths()}
QINGCHENG = DEMO["qingcheng-2024-dept-self-eval.txt"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_help_is_chinese() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "复算" in out and "score" in out and "规则集" in out


def test_score_text_shows_rows_rules_and_both_totals() -> None:
    code, out, _ = run("score", str(QINGCHENG))
    assert code == 0
    assert "gansu-2024" in out  # the rule set chosen from 庆城县 (Gansu), with its reason
    assert "庆城县" in out
    assert "national-2020 R4" in out and "national-2020 R5.2" in out
    # rows 8 + 11 + 56.25 + 9.01 = 84.26, + execution 10 = 94.26 (优) against the stated 86.82 (良)
    assert "复算 94.26（优）" in out
    assert "填报 86.82（良）" in out


def test_score_json_is_the_scorecard() -> None:
    code, out, _ = run("score", str(QINGCHENG), "--format", "json")
    assert code == 0
    doc = json.loads(out, parse_float=Decimal)
    assert doc["schema"] == "jixiao.scorecard/1"
    assert doc["ruleset"] == "gansu-2024"
    assert (doc["total"], doc["grade"]) == ("94.26", "优")
    assert (doc["stated_total"], doc["stated_grade"]) == ("86.82", "良")
    lines = doc["groups"][0]["lines"]
    assert len(lines) == 19  # 18 indicator rows + the execution line of 年度资金总额
    execution = lines[-1]
    assert execution["kind"] == "execution" and execution["points"] == "10.00"
    assert execution["completion_pct"] == "100.00"
    assert all(line["explanation"] for line in lines)


def test_rules_option_overrides_inference() -> None:
    # the same rows under the Hebei bands: 94.26 ≥ 85 → 优秀
    code, out, _ = run("score", str(QINGCHENG), "--rules", "hebei-2019", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["ruleset"], doc["grade"]) == ("hebei-2019", "优秀")
    assert "--rules" in doc["ruleset_reason"]


def test_several_files_give_an_array() -> None:
    code, out, _ = run("score", "--demo", "--format", "json")
    assert code == 0
    docs = json.loads(out)
    assert len(docs) == len(DEMO) == 6  # every demo document (demo_paths leaves the README out)


def test_bureau_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "my-bureau.yaml"
    rules.write_text(
        "ruleset: {name: qingcheng-bureau-2024, extends: gansu-2024, title: 本局规则,\n"
        "          effective: 2024-01-01, standing: bureau, confidence: medium}\n"
        "grades:\n  grade_bands:\n    values:\n      2024-01-01:\n"
        "        value: [{min: 95, grade: 优}, {min: 85, grade: 良}, {min: 60, grade: 中},"
        " {min: 0, grade: 差}]\n"
        "        source: {title: 本局评分办法, confidence: medium}\n",
        encoding="utf-8",
    )
    code, out, _ = run("score", str(QINGCHENG), "--rules", str(rules), "--format", "json")
    assert code == 0
    assert json.loads(out)["grade"] == "良"  # 94.26 < 95 under the bureau's own bands


def test_bad_rules_file_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "ruleset: {name: bad-2024, extends: national-2020, title: 坏, effective: 2024-01-01,"
        " standing: bureau, confidence: low}\nweights:\n  weight_checks:\n    values:\n"
        "      2024-01-01:\n"
        "        value: {indicator_total: abc, tolerance: 0.01, positive: true}\n"
        "        source: {title: 本局, confidence: low}\n",
        encoding="utf-8",
    )
    code, out, err = run("score", str(QINGCHENG), "--rules", str(rules))
    assert code == 2
    assert f"规则集文件 {rules} 第6行" in err
    assert "indicator_total" in err and "应为数字" in err
    assert "Traceback" not in out + err


def test_unknown_rules_name_is_a_usage_error() -> None:
    code, _, err = run("score", str(QINGCHENG), "--rules", "hubei-2021")
    assert code == 2
    assert "没有名为 hubei-2021 的规则集" in err


def test_unreadable_files_exit_2_and_the_others_go_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "table.xyz"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    bad_json = tmp_path / "doc.json"
    bad_json.write_text('{"indicators": [{"weight": "abc"}]}', encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run("score", str(empty), str(binary), str(bad_json), str(missing),
                         str(QINGCHENG))  # fmt: skip
    assert code == 2
    assert f"{empty}：文件为空" in err
    assert f"{binary}：不支持的文件类型 .xyz" in err
    assert "indicators[0].weight：应为数字" in err
    assert f"{missing}：文件不存在" in err
    assert "复算 94.26" in out  # the good file was still scored
    assert "Traceback" not in out + err


def test_document_without_a_table_scores_nothing_but_does_not_fail(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    code, out, _ = run("score", str(doc))
    assert code == 0
    assert "无法复算总分" in out


def test_extract_then_score_the_json(tmp_path: Path) -> None:
    out_file = tmp_path / "qingcheng.json"
    code, _, _ = run("extract", str(QINGCHENG), "-o", str(out_file))
    assert code == 0
    doc = json.loads(out_file.read_text(encoding="utf-8"))
    assert doc["schema"] == "jixiao.evaluation/1"
    assert doc["region"] == "甘肃省庆阳市庆城县"
    assert doc["budget_total_wan"] == "2830.898743"  # 28 308 987.43 元 → 万元, exactly
    code, out, _ = run("score", str(out_file), "--format", "json")
    assert code == 0
    assert json.loads(out)["total"] == "94.26"


def test_extract_jsonl(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(QINGCHENG), str(DEMO["huailai-2024-targets.txt"]),
                       "--format", "jsonl")  # fmt: skip
    assert code == 0
    lines = out.strip().splitlines()
    assert [json.loads(line)["doc_type"] for line in lines] == [
        "dept_self_eval_report", "target_table"
    ]  # fmt: skip


def test_rules_list_and_show() -> None:
    code, out, _ = run("rules", "list")
    assert code == 0
    for name in ("national-2020", "hebei-2019", "gansu-2024", "sichuan-dazhou-2020",
                 "sichuan-daying-2020", "财预〔2020〕10号"):  # fmt: skip
        assert name in out
    code, out, _ = run("rules", "show", "hebei-2019")
    assert code == 0
    assert "`grades.grade_bands` · R11" in out
    assert "≥85 优秀" in out and "石发〔2019〕8号" in out


@pytest.mark.parametrize("args", [("score",), ("extract",)])
def test_no_files_is_a_clear_error(args: tuple[str, ...]) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert "请给出至少一个文件" in err
