"""`jixiao`: read, re-score and check 绩效 documents (自评表, 自评报告, 绩效目标表)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jixiao import __version__
from jixiao.cli import output
from jixiao.cli.backup import app as backup_app
from jixiao.cli.batch import app as batch_app
from jixiao.cli.web import app as web_app
from jixiao.model.blocks import Unreadable
from jixiao.services.demo import demo_paths
from jixiao.services.evaluate import check_catalog, check_paths, score_paths
from jixiao.services.extract import extract_path
from jixiao.services.report import report_path
from jixiao.services.rulesets import (
    RulesError,
    RuleSet,
    UnknownRuleSetError,
    list_rulesets,
    load_rules_option,
    show_ruleset,
)
from jixiao.writers.jsondoc import evaluation_doc
from jixiao.writers.text import checks_table, rulesets_table

app = typer.Typer(
    name="jixiao",
    help="预算绩效管理：读取、复算、检查绩效自评表/自评报告/绩效目标表 (budget performance)",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(help="规则集：列出与查看 (rule sets)", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(batch_app)  # `batch` and `analyze`, top-level commands (cli/batch.py)
app.add_typer(web_app)  # `serve`, `demo`, `manage` (cli/web.py)
app.add_typer(backup_app)  # `backup`, `restore` (cli/backup.py)


class TextOrJson(StrEnum):
    TEXT = "text"
    JSON = "json"


class FindingsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"


class MinSeverity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class ReportKind(StrEnum):
    XLSX = "xlsx"
    DOCX = "docx"
    PDF = "pdf"
    REVIEW = "review"


class JsonOrLines(StrEnum):
    JSON = "json"
    JSONL = "jsonl"


FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="自评表、自评报告或绩效目标表文件：PDF、Word（docx/doc/wps）、Excel（xlsx/xls/et）、"
        "HTML、OFD、txt，或 jixiao 导出的 JSON",
        show_default=False,
    ),
]
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        help="规则集名称（如 national-2020）或本局规则集 YAML 文件；不给则按文中地区和年度推断",
    ),
]


def _version(value: bool) -> None:
    if value:
        output.out.print(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本")
    ] = False,
) -> None:
    """预算绩效管理 jixiao。"""


def _rules(option: str | None) -> RuleSet | None:
    if option is None:
        return None
    try:
        return load_rules_option(option)
    except (RulesError, UnknownRuleSetError) as exc:
        output.err.print(f"[red]规则集错误[/red] {exc}")
        raise typer.Exit(output.EXIT_UNREADABLE) from None


def _files(files: list[Path] | None, demo: bool) -> list[Path]:
    paths = list(files or [])
    if demo:
        paths.extend(demo_paths())
    if not paths:
        output.err.print("请给出至少一个文件（或 --demo 使用随包示例）")
        raise typer.Exit(output.EXIT_UNREADABLE)
    return paths


@app.command(help="复算得分：逐行给出规则、输入和得分，并与文件所填总分、等级对照 (score)")
def score(
    files: FilesArg = None,
    rules: RulesOpt = None,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", help="输出格式：text 表格，json 机器可读")
    ] = TextOrJson.TEXT,
    demo: Annotated[bool, typer.Option("--demo", help="复算随包附带的示例文档")] = False,
) -> None:
    results = score_paths(_files(files, demo), _rules(rules))
    docs = []
    for item in results:
        if isinstance(item, Unreadable):
            output.print_unreadable(item)
        elif output_format is TextOrJson.JSON:
            docs.append(output.scored_json(item))
        else:
            output.print_scored(item)
    if output_format is TextOrJson.JSON:
        output.write_stdout(output.render_docs(docs, many=len(results) > 1, lines=False))
    bad = any(isinstance(r, Unreadable) for r in results)
    raise typer.Exit(output.EXIT_UNREADABLE if bad else output.EXIT_OK)


@app.command(help="检查自评表、自评报告、绩效目标表：逐项列出问题、位置与依据 (check)")
def check(
    files: FilesArg = None,
    rules: RulesOpt = None,
    output_format: Annotated[
        FindingsFormat,
        typer.Option("--format", help="text 按级别分组；json 一个数组；jsonl 每行一个问题"),
    ] = FindingsFormat.TEXT,
    min_severity: Annotated[
        MinSeverity, typer.Option("--min-severity", help="只列出该级别及以上的问题")
    ] = MinSeverity.INFO,
    list_checks: Annotated[bool, typer.Option("--list", help="列出全部检查项目")] = False,
    explain: Annotated[
        str | None,
        typer.Option("--explain", help="说明一个检查项目做什么、依据什么", metavar="CODE"),
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="检查随包附带的示例文档")] = False,
) -> None:
    if list_checks:
        output.out.print(checks_table(check_catalog()))
        raise typer.Exit(output.EXIT_OK)
    if explain is not None:
        raise typer.Exit(output.print_explanation(explain))
    results = check_paths(_files(files, demo), _rules(rules))
    raise typer.Exit(output.print_checked(results, output_format.value, min_severity.value))


@app.command(
    help="生成正式表格与报告：自评表/绩效目标表（xlsx）、自评报告（docx、pdf）、审核意见（review）(report)"
)
def report(
    file: Annotated[
        Path, typer.Argument(help="自评表、自评报告或绩效目标表文件，或 jixiao 导出的 JSON")
    ],
    to: Annotated[
        ReportKind, typer.Option("--to", help="xlsx 表格；docx/pdf 自评报告；review 审核意见")
    ],
    out_path: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件（默认与输入同目录）")
    ] = None,
    rules: RulesOpt = None,
    template: Annotated[
        Path | None, typer.Option("--template", help="本局的 xlsx 或 docx 模板")
    ] = None,
    charts: Annotated[
        Path | None, typer.Option("--charts", help="另将图表存为 PNG 和 SVG 到此目录")
    ] = None,
) -> None:
    result = report_path(file, to.value, out_path, _rules(rules), template, charts)
    raise typer.Exit(output.print_reported(result))


@app.command(help="读取文件，输出结构化的评价文档（interface.md 第2节）(extract)")
def extract(
    files: FilesArg = None,
    output_format: Annotated[
        JsonOrLines,
        typer.Option("--format", help="json：单个文件一个对象、多个文件一个数组；jsonl：每行一个"),
    ] = JsonOrLines.JSON,
    out_path: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入文件而非标准输出")
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="读取随包附带的示例文档")] = False,
) -> None:
    paths = _files(files, demo)
    docs = []
    bad = False
    for path in paths:
        item = extract_path(path)
        if isinstance(item, Unreadable):
            output.print_unreadable(item)
            bad = True
        else:
            docs.append(evaluation_doc(item.evaluation))
    text = output.render_docs(docs, many=len(paths) > 1, lines=output_format is JsonOrLines.JSONL)
    if out_path is None:
        output.write_stdout(text)
    else:
        out_path.write_text(text, encoding="utf-8")
    raise typer.Exit(output.EXIT_UNREADABLE if bad else output.EXIT_OK)


@rules_app.command("list", help="列出随包的规则集及其文号、日期、地区")
def rules_list() -> None:
    output.out.print(rulesets_table(list_rulesets()))


@rules_app.command("show", help="显示一个规则集的全部参数、取值、日期和来源")
def rules_show(
    name: Annotated[str, typer.Argument(help="规则集名称，或本局规则集 YAML 文件")],
) -> None:
    try:
        text = show_ruleset(name)
    except (RulesError, UnknownRuleSetError) as exc:
        output.err.print(f"[red]规则集错误[/red] {exc}")
        raise typer.Exit(output.EXIT_UNREADABLE) from None
    output.write_stdout(text + "\n")


def main() -> None:
    app()
