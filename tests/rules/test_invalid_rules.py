"""One bad rule-set file per loader error: the message names the file, the line and the key."""

from pathlib import Path

import pytest

from jixiao.rules import catalog
from jixiao.rules.loader import RulesError

INVALID = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))


def _expectation(path: Path) -> tuple[int | None, str | None, str]:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# expect: "), f"{path.name} lacks its '# expect:' header"
    line, key, words = (part.strip() for part in header.removeprefix("# expect: ").split("|"))
    return int(line.removeprefix("line ")), (None if key == "-" else key), words


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_bad_file_is_refused_with_place(path: Path) -> None:
    line, key, words = _expectation(path)
    with pytest.raises(RulesError) as caught:
        catalog.from_text(path.read_text(encoding="utf-8"), path.name)
    err = caught.value
    assert err.file == path.name
    assert err.line == line, str(err)
    assert err.key == key, str(err)
    assert words in err.message, str(err)
    text = str(err)
    assert text.startswith(f"规则集文件 {path.name} 第{line}行")  # Chinese, file and line first


def test_there_is_a_case_per_error() -> None:
    assert len(INVALID) >= 15
