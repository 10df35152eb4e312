"""A rule set's checks.yaml is checked against the registry: a code no check has, a key the check
does not declare, or a value of the wrong kind is refused with file, line and key, and the shipped
Hebei setting (R12.4: the form has a 资金支出计划 row) takes effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.checks.engine import settings_for
from jixiao.checks.registry import BY_CODE
from jixiao.checks.settings import validate_settings
from jixiao.rules import catalog
from jixiao.rules.loader import RulesError
from jixiao.services.rulesets import load_rules_option

HEAD = (
    "ruleset: {name: bureau-2024, extends: national-2020, title: 本局, effective: 2024-01-01,"
    " standing: bureau, confidence: low}\nchecks:\n"
)


def _file(tmp_path: Path, code: str, value: str) -> Path:
    path = tmp_path / "bureau.yaml"
    path.write_text(
        HEAD + f"  {code}:\n    id: R5.3\n    values:\n      2024-01-01:\n"
        f"        value: {value}\n        source: {{title: 本局, confidence: low}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("name", catalog.names())
def test_every_shipped_rule_set_has_valid_check_settings(name: str) -> None:
    validate_settings(catalog.get(name))


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("EXEC_LOW_UNEXPLAINED_X", "{enabled: false}", "没有代码为 EXEC_LOW_UNEXPLAINED_X 的检查"),
        ("EXEC_LOW_UNEXPLAINED", "{threshold: 85}", "没有参数 threshold（可设：enabled、explain_below_pct）"),  # noqa: E501
        ("EXEC_LOW_UNEXPLAINED", "{explain_below_pct: 八十五}", "explain_below_pct 应为数"),
        ("SPEND_PLAN_MISSING", "{form_has_plan: 1}", "form_has_plan 应为开关"),
    ],
)  # fmt: skip
def test_a_wrong_setting_names_file_line_and_key(
    tmp_path: Path, code: str, value: str, expected: str
) -> None:
    path = _file(tmp_path, code, value)
    with pytest.raises(RulesError) as err:
        load_rules_option(str(path))
    text = str(err.value)
    # line 6 is the dated entry: ruleset, checks:, code, id, values, 2024-01-01
    assert f"规则集文件 {path} 第6行" in text, text
    assert f"checks.{code}.values.2024-01-01" in text
    assert expected in text


def test_a_valid_setting_moves_the_threshold(tmp_path: Path) -> None:
    rs = load_rules_option(str(_file(tmp_path, "EXEC_LOW_UNEXPLAINED", "{explain_below_pct: 85}")))
    settings = settings_for(BY_CODE["EXEC_LOW_UNEXPLAINED"], rs, 2024)
    assert settings["explain_below_pct"] == 85  # was the decorator's 90
    assert settings["enabled"] is True


def test_hebei_forms_have_a_spending_plan_row() -> None:
    """R12.4: seed 004's tables all carry 资金支出计划（%）: Hebei requires it, national not."""
    spec = BY_CODE["SPEND_PLAN_MISSING"]
    assert settings_for(spec, catalog.get("hebei-2019"), 2024)["form_has_plan"] is True
    assert settings_for(spec, catalog.get("national-2020"), 2024)["form_has_plan"] is False
