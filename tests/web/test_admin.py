"""The admin (zh-hans): units and people, and a bureau's own rule set — refused with file and
line when bad, applied to its units' records when chosen for a year."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.storage.models import RuleSetChoice, RuleSetFile
from tests.web.conftest import World

INVALID = Path(__file__).resolve().parents[1] / "rules" / "invalid"

# A bureau's rule set where 优秀 needs 98 points. record_a recomputes to 97.92
# (89 − 10 + 9.68 + 9.24), which is 优秀 under the national bands (≥90) but 较差 here.
STRICT = """\
ruleset: {name: jia-2024, extends: national-2020, title: 甲市评分办法, effective: 2024-01-01, standing: bureau, confidence: low}
grades:
  grade_bands:
    values:
      2024-01-01:
        value: [{min: 98, grade: 优秀}, {min: 0, grade: 较差}]
        source: {title: 甲市财政局文件, confidence: low}
"""  # noqa: E501


def _add_rules(world: World, name: str, data: bytes) -> tuple[int, str]:
    c = world.client("admin")
    upload = SimpleUploadedFile(name, data)
    response = c.post(
        "/admin/jixiao_storage/rulesetfile/add/",
        {"bureau": world.bureau_a.pk, "name": "jia-2024", "text": "", "upload": upload},
    )
    return response.status_code, response.content.decode()


def test_admin_is_in_chinese(world: World) -> None:
    page = world.client("admin").get("/admin/").content.decode()
    assert "系统管理" in page and "绩效数据" in page and "单位" in page
    assert world.client("filler_a").get("/admin/").status_code == 302  # not staff


def test_a_bad_rule_set_is_refused_with_file_and_line(world: World) -> None:
    bad = INVALID / "bad_date.yaml"  # its first line says where the error is
    expected_line = re.search(r"line (\d+)", bad.read_text(encoding="utf-8").splitlines()[0])
    assert expected_line is not None
    status, page = _add_rules(world, "bad_date.yaml", bad.read_bytes())
    assert status == 200  # the form again, with the error
    assert f"规则集文件 bad_date.yaml 第{expected_line.group(1)}行" in page
    assert not RuleSetFile.objects.exists()


def test_a_non_utf8_rule_set_is_refused(world: World) -> None:
    _, page = _add_rules(world, "gbk.yaml", STRICT.encode("gbk"))
    assert "gbk.yaml" in page and "UTF-8" in page
    assert not RuleSetFile.objects.exists()


def test_a_chosen_rule_set_scores_the_bureaus_records(world: World) -> None:
    status, _ = _add_rules(world, "jia.yaml", STRICT.encode("utf-8"))
    assert status == 302
    own = RuleSetFile.objects.get()
    c = world.client("admin")
    response = c.post(
        "/admin/jixiao_storage/rulesetchoice/add/",
        {"bureau": world.bureau_a.pk, "year_from": 2024, "shipped": "", "own": own.pk},
    )
    assert response.status_code == 302
    assert RuleSetChoice.objects.count() == 1
    page = world.client("filler_a").get(f"/evaluations/{world.record_a.pk}/").content.decode()
    assert 'data-testid="total">97.92<' in page and 'data-testid="grade">较差<' in page
    assert "jia-2024" in page
    # the other bureau's record keeps the inferred rule set: 97.92 is 优秀 under hebei-2019
    other = world.client("filler_b").get(f"/evaluations/{world.record_b.pk}/").content.decode()
    assert 'data-testid="grade">优秀<' in other


def test_a_choice_needs_exactly_one_rule_set(world: World) -> None:
    response = world.client("admin").post(
        "/admin/jixiao_storage/rulesetchoice/add/",
        {"bureau": world.bureau_a.pk, "year_from": 2024, "shipped": "", "own": ""},
    )
    assert "二选一" in response.content.decode()
    assert not RuleSetChoice.objects.exists()


def test_a_user_is_created_with_unit_and_role_on_one_page(world: World) -> None:
    c = world.client("admin")
    response = c.post(
        "/admin/auth/user/add/",
        {"username": "new_filler", "password1": "Zx9-long-pass-word", "password2":
         "Zx9-long-pass-word", "usable_password": "true",
         "membership-TOTAL_FORMS": "1", "membership-INITIAL_FORMS": "0",
         "membership-MIN_NUM_FORMS": "0", "membership-MAX_NUM_FORMS": "1",
         "membership-0-unit": world.dept_b.pk, "membership-0-role": "filler"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    user = get_user_model().objects.get(username="new_filler")
    assert user.membership.unit == world.dept_b and user.membership.role == "filler"


def test_the_cycle_in_the_admin_rounds_editable_reviews_read_only(world: World) -> None:
    from datetime import date  # noqa: PLC0415

    from jixiao.storage.models import RecordFinding, Round  # noqa: PLC0415

    c = world.client("admin")
    page = c.get("/admin/").content.decode()
    for label in ("填报轮次", "指标库", "目标审核", "运行监控", "佐证材料", "复核", "发现"):
        assert label in page, label
    rnd = Round.objects.create(bureau=world.bureau_a, kind="targets", fiscal_year=2025,
                               title="2025年度目标申报", opens_on=date(2025, 3, 1),
                               due_on=date(2025, 3, 31))  # fmt: skip
    assert c.get(f"/admin/jixiao_storage/round/{rnd.pk}/change/").status_code == 200
    finding = RecordFinding.objects.filter(record=world.record_a).first()
    assert finding is not None
    url = f"/admin/jixiao_storage/recordfinding/{finding.pk}/change/"
    form = c.get(url).content.decode()
    assert 'name="code"' not in form  # shown, not editable
    assert c.post(f"/admin/jixiao_storage/recordfinding/{finding.pk}/delete/",
                  {"post": "yes"}).status_code == 403  # fmt: skip
    assert RecordFinding.objects.filter(pk=finding.pk).exists()
