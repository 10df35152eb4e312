"""The report's PDF: LibreOffice headless converts the .docx we wrote, so the PDF is exactly the
Word report (one layout to maintain) and its fonts are embedded.

- ``soffice`` runs with ``FONTCONFIG_FILE`` pointing at ``fonts.conf`` next to this module,
  which maps the official faces the templates name (仿宋_GB2312, 黑体, 方正小标宋简体 …) to
  Noto Serif / Sans CJK SC. Without it every face collapses to one sans (stack.md pitfall 1).
- Profiles, the time limit that kills the whole process group, and the check that a file was
  really written are :mod:`jixiao.office.libreoffice`'s (one profile per running conversion,
  so parallel conversions in threads or processes do not collide).
- Many reports convert in one call (:func:`to_pdf_many`): LibreOffice's start-up (~0.8 s) is
  paid once. benchmarks/report.py, 100 demo reports of 16 pages on average: 0.24–0.28 s a
  report batched, 1.1–1.3 s with one call each.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from jixiao.office import libreoffice
from jixiao.office.libreoffice import OfficeError
from jixiao.writers.base import WriteError, Written

FONTS_CONF: Final = Path(__file__).with_name("fonts.conf")
NO_LIBREOFFICE: Final = (
    "未安装 LibreOffice，无法生成 PDF；请安装 libreoffice-writer-nogui，或改为输出 docx"
)
NOT_CONVERTED: Final = "LibreOffice 未能将报告转换为 PDF（docx 文件可能已损坏）"
SUFFIX: Final = ".pdf"
# writer_pdf_Export defaults embed (subsets of) every font used; nothing to add.
_TARGET: Final = "pdf:writer_pdf_Export"
# Forced import filter: without it LibreOffice reads bytes that are not a .docx as plain text
# and writes a PDF of garbage; with it such a file is not converted (None / WriteError).
_DOCX_FILTER: Final = "MS Word 2007 XML"


def _timed_out(timeout: float, count: int) -> str:
    what = "报告" if count == 1 else f"{count} 份报告"
    return f"生成 PDF 超时：LibreOffice 转换{what}超过 {timeout:g} 秒，已终止"


def _convert(docxs: Sequence[bytes], timeout: float) -> list[bytes | None]:
    """All files in one ``soffice`` call; ``None`` where nothing was written."""
    try:
        libreoffice.soffice()
    except OfficeError:
        raise WriteError(NO_LIBREOFFICE) from None
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        src_dir, out_dir = Path(tmp) / "in", Path(tmp) / "out"
        src_dir.mkdir()
        out_dir.mkdir()
        paths = []
        for i, data in enumerate(docxs):
            path = src_dir / f"report-{i:05d}.docx"
            path.write_bytes(data)
            paths.append(path)
        env = {"FONTCONFIG_FILE": str(FONTS_CONF)}
        try:
            outs = libreoffice.convert_files(paths, _TARGET, out_dir, timeout, _DOCX_FILTER, env)
        except OfficeError as exc:
            if exc.reason == libreoffice.NOT_INSTALLED:  # removed between the two look-ups
                raise WriteError(NO_LIBREOFFICE) from None
            raise WriteError(_timed_out(timeout, len(paths))) from None
        return [None if out is None else out.read_bytes() for out in outs]


def to_pdf(docx: bytes, timeout: float = 120) -> Written:
    """One report's .docx bytes → its PDF.

    Raises :class:`WriteError` when LibreOffice is not installed, when the conversion takes
    longer than ``timeout`` seconds (LibreOffice is killed), or when it writes nothing.
    """
    (pdf,) = _convert([docx], timeout)
    if pdf is None:
        raise WriteError(NOT_CONVERTED)
    return Written(pdf, SUFFIX)


def to_pdf_many(docxs: Sequence[bytes], timeout: float = 600) -> list[Written | None]:
    """Many reports in one LibreOffice call, in order; ``None`` for a file LibreOffice did
    not write. ``timeout`` is for the whole call: if it passes, nothing is returned and
    :class:`WriteError` names it. LibreOffice missing: :class:`WriteError` too."""
    if not docxs:
        return []
    return [None if pdf is None else Written(pdf, SUFFIX) for pdf in _convert(docxs, timeout)]
