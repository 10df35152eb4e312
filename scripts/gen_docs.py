"""Regenerate the generated docs: docs/rules.md from the rule data, docs/cli.md by cog.

    .venv/bin/python scripts/gen_docs.py        (or `make docs`)

tests/test_docs.py fails when either file is stale, so run this after changing a rule-set file
or a command's help, and commit the result with the change.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jixiao.writers.rulesdoc import catalog_markdown

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
CLI_MD = ROOT / "docs" / "cli.md"


def rules_text() -> str:
    """What docs/rules.md holds: the catalog (as `jixiao rules show` prints it) and a newline."""
    return catalog_markdown() + "\n"


def write_rules() -> bool:
    """Rewrite docs/rules.md; whether it changed."""
    text = rules_text()
    old = RULES_MD.read_text(encoding="utf-8") if RULES_MD.exists() else None
    if old == text:
        return False
    RULES_MD.write_text(text, encoding="utf-8", newline="\n")
    return True


def run_cog() -> None:
    """Run cog in place on docs/cli.md with this interpreter (the venv's, where jixiao is)."""
    subprocess.run([sys.executable, "-m", "cogapp", "-r", str(CLI_MD)], check=True, cwd=ROOT)


def main() -> int:
    changed = write_rules()
    sys.stdout.write(f"docs/rules.md {'rewritten' if changed else 'unchanged'}\n")
    run_cog()
    return 0


if __name__ == "__main__":
    sys.exit(main())
