"""The bureau's indicator library (/library/ and storage/library.py): seeded once, read by
everyone under the bureau, changed by its reviewers, imported and exported as xlsx, grown from
approved target tables; another bureau's entries are not found."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.library import LibraryEntry, starting_entries
from jixiao.services.library_xlsx import HEADERS, from_xlsx
from jixiao.storage import library
from jixiao.storage.models import IndicatorEntry, Record, Unit
from jixiao.web import flows
from jixiao.web.target_editing import blank_target
from tests.web.conftest import World

NEW = {"field": "自然资源", "level1": "产出指标", "level2": "数量指标", "level3": "界桩埋设数量",
       "direction": "≥", "value": "120", "unit": "个", "basis": "计划标准",
       "description": "年度内埋设并登记的界桩个数", "source": "本局"}  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(bureau: Unit) -> int:
    return IndicatorEntry.objects.filter(bureau=bureau).count()


def _xlsx(rows: list[list[object]], sheet: str = "指标库") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("指标.xlsx", out.getvalue(), content_type=XLSX)


def _entry(bureau: Unit, level3: str) -> IndicatorEntry:
    return IndicatorEntry.objects.get(bureau=bureau, level3=level3)


def test_the_library_is_seeded_once_when_first_opened(world: World) -> None:
    shipped = len(starting_entries())
    assert _count(world.bureau_a) == 0
    page = world.client("filler_a").get("/library/")
    assert page.status_code == 200
    assert _count(world.bureau_a) == shipped and _count(world.bureau_b) == 0
    html = page.content.decode()
    assert "甲市财政局" in html and "工资总成本" in html and f"共 {shipped} 条" in html
    assert world.client("reviewer_a").get("/library/").status_code == 200
    assert _count(world.bureau_a) == shipped  # opened again: nothing added
    assert library.seed_library(world.bureau_a) == 0
    # a library the bureau emptied is not refilled behind its back … until it is empty again
    IndicatorEntry.objects.filter(bureau=world.bureau_a).exclude(level3="工资总成本").delete()
    assert library.seed_library(world.bureau_a) == 0 and _count(world.bureau_a) == 1


def test_everyone_under_the_bureau_reads_and_filters(world: World) -> None:
    for who in ("filler_a", "branch_a", "auditor_a", "reviewer_a"):
        assert world.client(who).get("/library/").status_code == 200, who
    html = (
        world.client("filler_a")
        .get("/library/", {"level1": "满意度指标", "q": "职工"})
        .content.decode()
    )
    assert html.count('data-testid="library-entry"') == 1 and "职工满意度" in html
    assert 'id="library-new"' not in html and 'id="library-import"' not in html
    assert 'id="library-export"' in html
    assert world.client("nobody").get("/library/").status_code == 404
    assert Client().get("/library/")["Location"].startswith("/login/")


def test_a_reviewer_adds_edits_and_deletes(world: World) -> None:
    reviewer = world.client("reviewer_a")
    reviewer.get("/library/")
    before = _count(world.bureau_a)
    assert reviewer.post("/library/new/", NEW).status_code == 302
    entry = _entry(world.bureau_a, "界桩埋设数量")
    assert (entry.direction, entry.value, entry.unit, entry.source) == ("≥", "120", "个", "本局")
    # the same levels and unit again: refused, with the reason
    again = reviewer.post("/library/new/", NEW)
    assert again.status_code == 400
    assert "指标库中已有“产出指标/数量指标/界桩埋设数量（个）”" in again.content.decode()
    changed = NEW | {"value": "≥150个", "direction": "正向"}
    assert reviewer.post(f"/library/{entry.pk}/edit/", changed).status_code == 302
    entry.refresh_from_db()
    assert (entry.direction, entry.value) == ("≥", "150")  # written whole, kept as its number
    missing = reviewer.post(f"/library/{entry.pk}/edit/", NEW | {"level3": ""})
    assert missing.status_code == 400 and "缺少三级指标" in missing.content.decode()
    assert reviewer.post(f"/library/{entry.pk}/delete/").status_code == 302
    assert _count(world.bureau_a) == before


def test_a_filler_and_an_auditor_cannot_change_the_library(world: World) -> None:
    world.client("filler_a").get("/library/")
    entry = _entry(world.bureau_a, "工资总成本")
    before = _count(world.bureau_a)
    for who in ("filler_a", "auditor_a"):
        c = world.client(who)
        assert c.get("/library/new/").status_code == 403, who
        assert c.post("/library/new/", NEW).status_code == 403, who
        assert c.post(f"/library/{entry.pk}/edit/", NEW).status_code == 403, who
        assert c.post(f"/library/{entry.pk}/delete/").status_code == 403, who
        assert c.get("/library/import/").status_code == 403, who
    with pytest.raises(library.LibraryError, match="审核人或管理员"):
        library.save_entry(world.users["filler_a"], world.bureau_a, LibraryEntry("a", "b", "c"))
    entry.refresh_from_db()
    assert entry.value == "2600" and _count(world.bureau_a) == before


def test_another_bureaus_entries_are_not_found(world: World) -> None:
    world.client("reviewer_a").get("/library/")
    world.client("reviewer_b").get("/library/")
    mine = _entry(world.bureau_a, "工资总成本")
    other = world.client("reviewer_b")
    assert other.get(f"/library/{mine.pk}/edit/").status_code == 404
    assert other.post(f"/library/{mine.pk}/edit/", NEW).status_code == 404
    assert other.post(f"/library/{mine.pk}/delete/").status_code == 404
    world.client("reviewer_a").post("/library/new/", NEW)
    found = world.client("filler_b").get("/library/search/", {"q": "埋设"}).content.decode()
    assert "界桩埋设数量" not in found and "指标库中没有“埋设”" in found
    # asking for another bureau by parameter changes nothing for a non-administrator
    html = other.get("/library/", {"bureau": world.bureau_a.pk, "q": "界桩"}).content.decode()
    assert "乙县财政局" in html and "界桩埋设数量" not in html
    mine.refresh_from_db()
    assert mine.level3 == "工资总成本"


def test_an_administrator_picks_the_bureau(world: World) -> None:
    admin = world.client("admin")
    html = admin.get("/library/", {"bureau": world.bureau_b.pk}).content.decode()
    assert 'id="library-bureau">乙县财政局' in html and 'id="bureau-choice"' in html
    assert _count(world.bureau_b) == len(starting_entries())
    assert admin.post("/library/new/", NEW | {"bureau": world.bureau_b.pk}).status_code == 302
    assert IndicatorEntry.objects.filter(bureau=world.bureau_b, level3="界桩埋设数量").exists()
    assert not IndicatorEntry.objects.filter(bureau=world.bureau_a, level3="界桩埋设数量").exists()


def test_export_then_import_merges_and_reports(world: World) -> None:
    reviewer = world.client("reviewer_a")
    response = reviewer.get("/library/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment;" in response["Content-Disposition"]
    exported = from_xlsx("library.xlsx", response.content)
    assert exported.errors == () and len(exported.entries) == len(starting_entries())
    # the exported workbook, edited: one value changed, one row added
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book["指标库"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[3].value == "工资总成本")
    row[5].value = "2500"
    ws.append([NEW[k] for k in ("field", "level1", "level2", "level3", "direction", "value",
                                "unit", "basis", "description", "source")])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("改.xlsx", out.getvalue(), content_type=XLSX)
    result = reviewer.post("/library/import/", {"file": upload})
    assert result.status_code == 200
    html = result.content.decode()
    shipped = len(starting_entries())
    assert '<b data-testid="added">1</b>' in html and '<b data-testid="updated">1</b>' in html
    assert f'<b data-testid="unchanged">{shipped - 1}</b>' in html
    assert "产出指标/成本指标/工资总成本（万元）：参考指标值" in html
    assert _entry(world.bureau_a, "工资总成本").value == "2500"
    assert _count(world.bureau_a) == shipped + 1


def test_a_bad_workbook_names_sheet_and_row_and_saves_nothing(world: World) -> None:
    reviewer = world.client("reviewer_a")
    reviewer.get("/library/")
    before = list(
        IndicatorEntry.objects.filter(bureau=world.bureau_a).values_list("level3", "value")
    )
    rows = [
        list(HEADERS),
        ["自然资源", "产出指标", "成本指标", "工资总成本", "≤", "1", "万元", "", "", ""],
        ["自然资源", "产出指标", "数量指标", "", "≥", "3", "个", "", "", ""],
    ]
    response = reviewer.post("/library/import/", {"file": _xlsx(rows, "新指标")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件有误，未导入任何指标" in html
    assert "指标.xlsx 工作表“新指标” 第3行：缺少三级指标" in html
    after = list(
        IndicatorEntry.objects.filter(bureau=world.bureau_a).values_list("level3", "value")
    )
    assert after == before  # 工资总成本 still 2600: the good row was not taken either
    junk = SimpleUploadedFile("坏.xlsx", b"not a workbook", content_type=XLSX)
    response = reviewer.post("/library/import/", {"file": junk})
    assert response.status_code == 400 and "坏.xlsx：" in response.content.decode()
    assert reviewer.post("/library/import/", {}).status_code == 400


def test_markup_in_an_entry_comes_back_escaped(world: World) -> None:
    reviewer = world.client("reviewer_a")
    evil = NEW | {"level3": "<script>alert(1)</script>", "description": "<img src=x onerror=y>"}
    assert reviewer.post("/library/new/", evil).status_code == 302
    for page in (reviewer.get("/library/", {"q": "script"}),
                 reviewer.get("/library/search/", {"q": "script"})):  # fmt: skip
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_posts_without_the_csrf_token_are_refused(world: World) -> None:
    world.client("reviewer_a").get("/library/")
    entry = _entry(world.bureau_a, "工资总成本")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["reviewer_a"])
    before = _count(world.bureau_a)
    assert strict.post("/library/new/", NEW).status_code == 403
    assert strict.post(f"/library/{entry.pk}/delete/").status_code == 403
    assert strict.post("/library/import/", {}).status_code == 403
    assert _count(world.bureau_a) == before


def _approved_target(world: World) -> Record:
    """A target table of 甲市民政局 with three rows, one of them (服务对象满意度 ≥90 %) already in
    the shipped library, approved."""
    ev = blank_target(False, 2025, "界桩维护项目", "甲市民政局", "河北省",
                      {"budget": None, "fiscal": None, "other": None}, None)  # fmt: skip
    from dataclasses import replace  # noqa: PLC0415

    from jixiao.model.evaluation import Indicator  # noqa: PLC0415

    rows = (
        Indicator(level1="产出指标", level2="数量指标", level3="界桩维护数量", target="≥300个",
                  basis="计划标准", description="年度内维护的界桩个数"),
        Indicator(level1="产出指标", level2="数量指标", level3="界桩维护数量", target="≥300个"),
        Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="服务对象满意度",
                  target="≥92%"),
        Indicator(level1="产出指标", level2="质量指标", level3=None, target="=100%"),
    )  # fmt: skip
    record = flows.create_from_evaluation(
        world.users["filler_a"], world.dept_a, replace(ev, indicators=rows)
    )
    Record.objects.filter(pk=record.pk).update(status="approved")
    return Record.objects.get(pk=record.pk)


def test_an_approved_target_grows_its_bureaus_library(world: World) -> None:
    record = _approved_target(world)
    # first contact with the library: the shipped entries come first (80), then the rows
    added = library.grow_from_target(record)
    # 界桩维护数量 (twice in the table: one entry) is new; 服务对象满意度 (%) is there already;
    # the row without a third level is left out: 1 added
    assert added == 1
    new = _entry(world.bureau_a, "界桩维护数量")
    assert (new.direction, new.value, new.unit, new.uses) == ("≥", "300", "个", 1)
    assert new.source == "已批复目标：界桩维护项目 2025"
    assert new.description == "年度内维护的界桩个数"
    assert _entry(world.bureau_a, "服务对象满意度").uses == 1
    assert _count(world.bureau_a) == len(starting_entries()) + 1
    # approved again (another year's table with the same rows): uses count up, nothing added
    assert library.grow_from_target(record) == 0
    assert _entry(world.bureau_a, "界桩维护数量").uses == 2
    assert _count(world.bureau_b) == 0
    assert library.grow_from_target(world.record_a) == 0  # a self-evaluation: not a target


def test_the_picker_lists_entries_most_used_first(world: World) -> None:
    grown = _approved_target(world)
    library.grow_from_target(grown)
    library.grow_from_target(grown)
    html = world.client("filler_a").get("/library/search/", {"q": "数量"}).content.decode()
    assert html.index("界桩维护数量") < html.index("职工人数")
    assert "hx-get" not in html  # no table to add to
    other = world.client("filler_b").get("/library/search/", {"target": grown.pk})
    assert other.status_code == 404
