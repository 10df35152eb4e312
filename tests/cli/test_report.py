"""``jixiao report`` as users run it: each kind of output written and read back by our own
readers, the file beside the input by default, charts on request, and every failure a Chinese
message with exit code 2 that leaves an existing file untouched."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.model.evaluation import DocType
from jixiao.services.demo import demo_paths
from jixiao.services.extract import Extracted, extract_path

runner = CliRunner()
DEMO = {p.name: p for p in demo_paths()}
QINGCHENG = DEMO["qingcheng-2024-dept-self-eval.txt"]
MINZHENG = DEMO["minzheng-2024-project-self-eval.txt"]
HUAILAI = DEMO["huailai-2024-targets.txt"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _read(path: Path) -> Extracted:
    got = extract_path(path)
    assert isinstance(got, Extracted), got
    return got


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_xlsx_form_reads_back_with_the_documents_figures(tmp_path: Path) -> None:
    out = tmp_path / "庆城.xlsx"
    code, stdout, _ = run("report", str(QINGCHENG), "--to", "xlsx", "-o", str(out))
    assert code == 0, stdout
    assert "gansu-2024" in stdout and str(out) in stdout.replace("\n", "")
    ev = _read(out).evaluation
    # the form states what the document states: 86.82 / 良 (the recomputation is the checks')
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_TABLE
    assert ev.stated_total_score == Decimal("86.82") and ev.stated_grade == "良"


def test_docx_report_reads_back_as_the_same_department_report(tmp_path: Path) -> None:
    out = tmp_path / "庆城.docx"
    code, _, _ = run("report", str(QINGCHENG), "--to", "docx", "-o", str(out))
    assert code == 0
    ev = _read(out).evaluation
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_REPORT
    assert ev.stated_total_score == Decimal("86.82") and ev.stated_grade == "良"
    # the 评价结论 gives the recomputation beside it: rows 84.26 + execution 10 = 94.26 (优)
    assert "94.26" in _docx_text(out)


def test_review_lists_the_findings_and_advises_return(tmp_path: Path) -> None:
    out = tmp_path / "审核意见.docx"
    code, _, _ = run("report", str(QINGCHENG), "--to", "review", "-o", str(out))
    assert code == 0
    text = _docx_text(out)
    # 94.26 recomputed is 优, the document says 86.82 良: an error-level finding, so 退回
    assert "GRADE_NE_COMPUTED" in text
    assert "建议退回修改" in text


def test_the_output_goes_beside_the_input_by_default(tmp_path: Path) -> None:
    source = tmp_path / "民政.txt"
    shutil.copy(MINZHENG, source)
    code, _, _ = run("report", str(source), "--to", "xlsx")
    assert code == 0
    assert (tmp_path / "民政-自评表.xlsx").is_file()
    target = tmp_path / "怀来.txt"
    shutil.copy(HUAILAI, target)
    assert run("report", str(target), "--to", "xlsx")[0] == 0
    assert (tmp_path / "怀来-绩效目标表.xlsx").is_file()


def test_pdf_report_has_the_text_in_embedded_chinese_fonts(tmp_path: Path) -> None:
    out = tmp_path / "民政.pdf"
    code, _, err = run("report", str(MINZHENG), "--to", "pdf", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "项目支出绩效自评表" in text and "特困人员" in text
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSerifCJK" in fonts


def test_charts_are_saved_as_png_and_svg(tmp_path: Path) -> None:
    charts = tmp_path / "图表"
    code, stdout, _ = run(
        "report", str(QINGCHENG), "--to", "docx", "-o", str(tmp_path / "r.docx"),
        "--charts", str(charts),
    )  # fmt: skip
    assert code == 0
    names = sorted(p.name for p in charts.iterdir())
    stem = QINGCHENG.stem
    assert f"{stem}-score_by_block.png" in names and f"{stem}-score_by_block.svg" in names
    assert all((charts / n).stat().st_size > 1000 for n in names)
    assert "图表" in stdout


def test_a_target_table_has_no_report_but_a_form(tmp_path: Path) -> None:
    code, _, err = run("report", str(HUAILAI), "--to", "docx", "-o", str(tmp_path / "x.docx"))
    assert code == 2
    assert "绩效目标表只有表格形式" in err and "--to xlsx" in err
    assert not (tmp_path / "x.docx").exists()


def test_unreadable_input_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "没有这个文件.docx"
    code, out, err = run("report", str(missing), "--to", "docx")
    assert code == 2
    assert "没有这个文件.docx" in err
    assert "Traceback" not in out + err


def test_a_bad_template_leaves_the_existing_file_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    out.write_bytes(b"earlier report")
    template = tmp_path / "模板.docx"
    template.write_bytes(b"not a zip")
    code, _, err = run("report", str(QINGCHENG), "--to", "docx", "-o", str(out),
                       "--template", str(template))  # fmt: skip
    assert code == 2
    assert "未生成" in err
    assert out.read_bytes() == b"earlier report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_that_cannot_be_made_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "报告"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    code, out, err = run("report", str(QINGCHENG), "--to", "xlsx", "-o", str(blocker / "x.xlsx"))
    assert code == 2
    assert "无法写入" in err and "原有文件未改动" in err
    assert "Traceback" not in out + err
