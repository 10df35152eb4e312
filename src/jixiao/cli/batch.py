"""`jixiao batch` and `jixiao analyze` (interface.md §1), as commands of :data:`app`.

cli/app.py mounts them; ``python -m jixiao.cli.batch`` runs this app alone. Exit codes:
batch 0 every file read, 2 some unreadable (listed) or the run could not start, 130
interrupted (run the same command again to finish); analyze 0, 2 when there is no batch.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from jixiao.cli import output
from jixiao.services.analyze import BatchNotFoundError, analyze_batch
from jixiao.services.batch import BatchConfig, BatchSummary, run_batch
from jixiao.services.batch_engine import EngineError, MissingExtraError
from jixiao.services.batch_rows import Row
from jixiao.services.batch_task import TaskOptions
from jixiao.services.rulesets import RulesError, UnknownRuleSetError, load_rules_option
from jixiao.writers.tabular import ParquetUnavailableError

EXIT_INTERRUPTED = 130
OUT_HELP = (
    "结果文件：OUT.jsonl（边处理边写入）、OUT.csv 或 OUT.parquet（结束时由 OUT.jsonl 生成）；"
    "问题清单写入 OUT.jsonl.findings.jsonl"
)
SCHEDULER_HELP = "Dask 调度器地址，如 tcp://10.0.0.5:8786（需 pip install 'jixiao[distributed]'）"
LISTED = 50  # unreadable files printed at the end; the journal has them all

app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)


class _Display:
    """A rich progress bar: files done of todo, files/s, time left, errors so far."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        self.errors = 0

    def started(self, todo: int, skipped: int) -> None:
        if skipped:
            output.err.print(f"已完成 {skipped} 份（上次运行），跳过")
        self.task = self.progress.add_task("处理", total=todo, errors=0)

    def finished_one(self, row: Row) -> None:
        self.errors += row["error"] is not None
        if self.task is not None:
            self.progress.update(self.task, advance=1, errors=self.errors)


class _Rate(ProgressColumn):
    """Files per second (rich's own speed columns count bytes)."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} 份/秒")


@contextmanager
def _stop_on_sigint() -> Iterator[threading.Event]:
    """Ctrl-C sets the event: the batch stops between two documents, nothing half-written."""
    stop = threading.Event()

    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(),
        TextColumn("{task.fields[errors]} 份无法读取"), TimeElapsedColumn(),
        TextColumn("剩余"), TimeRemainingColumn(), console=output.err, transient=False,
    )  # fmt: skip


def _report(summary: BatchSummary) -> int:
    for pattern in summary.no_match:
        output.err.print(f"[yellow]没有匹配的文件[/yellow] {escape(pattern)}")
    for _path, reason in summary.unreadable[:LISTED]:
        output.err.print(f"[red]无法读取[/red] {escape(reason)}")
    if len(summary.unreadable) > LISTED:
        rest = len(summary.unreadable) - LISTED
        output.err.print(f"……另有 {rest} 份，见 {summary.files.rows}", markup=False)
    if summary.interrupted:
        output.err.print(f"已中断：本次完成 {summary.processed} 份，重新运行同一命令即可继续")
        return EXIT_INTERRUPTED
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    output.err.print(
        f"完成：{summary.inputs} 份文件，本次处理 {summary.processed} 份（{rate:.1f} 份/秒），"
        f"跳过已完成 {summary.skipped} 份；结果 {summary.files.rows}"
        + "".join(f"、{p}" for p in summary.exported),
        markup=False,
    )
    if summary.unreadable_before:
        output.err.print(f"另有 {summary.unreadable_before} 份在此前的运行中已记为无法读取")
    return output.EXIT_UNREADABLE if summary.any_unreadable else output.EXIT_OK


def _check_rules(rules: str | None) -> None:
    if rules is None:
        return
    try:
        load_rules_option(rules)
    except (RulesError, UnknownRuleSetError) as exc:
        output.err.print(f"[red]规则集错误[/red] {escape(str(exc))}")
        raise typer.Exit(output.EXIT_UNREADABLE) from None


@app.command(
    help="批量读取、复算、检查大量绩效文件（自评表、自评报告、绩效目标表），可中断后续跑；"
    "默认本机多进程，--scheduler 时在 Dask 集群上运行 (batch)"
)
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(help="文件夹、通配符（如 'docs/**/*.pdf'）或文件", show_default=False),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="结果文件 OUT.jsonl（边处理边写入）、OUT.csv 或 "
            "OUT.parquet（结束时由 OUT.jsonl 生成）；问题清单写入 OUT.jsonl.findings.jsonl",
        ),
    ],
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="本机工作进程数（默认：CPU 核数）")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask 调度器地址，如 tcp://10.0.0.5:8786（需 pip install 'jixiao[distributed]'）",
            metavar="ADDRESS",
        ),
    ] = None,
    rules: Annotated[
        str | None, typer.Option("--rules", help="规则集名称或本局规则集 YAML；不给则逐份推断")
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="单个文件读取的时限（秒）")
    ] = 60.0,
) -> None:
    _check_rules(rules)
    options = TaskOptions(ruleset=rules, timeout=timeout)
    config = BatchConfig(workers=workers, scheduler=scheduler, options=options)
    with _stop_on_sigint() as stop, _progress() as progress:
        try:
            summary = run_batch(inputs, out, config, _Display(progress), stop)
        except (MissingExtraError, ParquetUnavailableError, EngineError, ValueError) as exc:
            output.err.print(str(exc), markup=False)
            raise typer.Exit(output.EXIT_UNREADABLE) from None
    raise typer.Exit(_report(summary))


@app.command(
    help="跨文件分析批量结果：评分虚高、照抄文字、目标偏低或多年不变、同类异常值、"
    "审核优先清单，并出图 (analyze)"
)
def analyze(
    result: Annotated[Path, typer.Argument(help="jixiao batch 的结果 OUT.jsonl")],
    report: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="报告文件夹（默认：OUT-analysis，与结果同目录）"),
    ] = None,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="是否出图")] = True,
) -> None:
    try:
        done = analyze_batch(result, report, charts)
    except BatchNotFoundError as exc:
        output.err.print(str(exc), markup=False)
        raise typer.Exit(output.EXIT_UNREADABLE) from None
    a = done.analysis
    output.out.print(
        f"分析 {a.documents} 份文件：跨文件问题 {len(a.findings)} 个，"
        f"评分虚高标记 {len(a.flags)} 个；报告 {done.folder / 'report.md'}",
        markup=False,
    )
    for code, n in sorted(a.cross_codes.items()):
        output.out.print(f"  {code}  {n}")
    raise typer.Exit(output.EXIT_OK)


if __name__ == "__main__":
    app()
