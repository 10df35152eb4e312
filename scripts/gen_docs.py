"""Regenerate the generated docs: docs/rules.md from the rule data, docs/cli.md by cog.

    .venv/bin/python scripts/gen_docs.py        (or `make docs`)

tests/test_docs.py fails when either file is stale, so run this after changing a rule-set file
or a command's help, and commit the result with the change.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jixiao.services.evaluate import check_catalog
from jixiao.writers.checksdoc import findings_markdown
from jixiao.writers.rulesdoc import catalog_markdown

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
CLI_MD = ROOT / "docs" / "cli.md"
FINDINGS_MD = ROOT / "docs" / "findings.md"


def rules_text() -> str:
    """What docs/rules.md holds: the catalog (as `jixiao rules show` prints it) and a newline."""
    return catalog_markdown() + "\n"


def findings_text() -> str:
    """What docs/findings.md holds: the check catalog from the registry."""
    return findings_markdown(check_catalog())


def write(path: Path, text: str) -> bool:
    """Rewrite a generated page; whether it changed."""
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def run_cog() -> None:
    """Run cog in place on docs/cli.md with this interpreter (the venv's, where jixiao is)."""
    subprocess.run([sys.executable, "-m", "cogapp", "-r", str(CLI_MD)], check=True, cwd=ROOT)


def main() -> int:
    for path, text in ((RULES_MD, rules_text()), (FINDINGS_MD, findings_text())):
        changed = write(path, text)
        sys.stdout.write(f"{path.relative_to(ROOT)} {'rewritten' if changed else 'unchanged'}\n")
    run_cog()
    return 0


if __name__ == "__main__":
    sys.exit(main())
