"""Cross-format tests, and the builders they use (importable as ``tests.formats``).

The builders live in :mod:`tests.formats.build`; this package re-exports them so that other
tests write ``from tests.formats import build_docx``. (A module ``tests/formats.py`` beside this
folder would be shadowed by it under pytest's importlib mode, hence a package.)
"""

from tests.formats.build import (
    HEADER_WORDS,
    SOFFICE,
    Item,
    Span,
    TextTable,
    blocks_of,
    build_docx,
    build_html,
    build_pdf,
    build_xlsx,
    html_text,
    items_of,
    merges,
    table_part,
)

__all__ = [
    "HEADER_WORDS",
    "SOFFICE",
    "Item",
    "Span",
    "TextTable",
    "blocks_of",
    "build_docx",
    "build_html",
    "build_pdf",
    "build_xlsx",
    "html_text",
    "items_of",
    "merges",
    "table_part",
]
