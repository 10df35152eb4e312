"""佐证材料 (/evaluations/<pk>/evidence/, /evidence/<id>/download/): the unit's filler attaches
files to indicator rows while the record is a draft or returned; files are accepted by content
(PDF, JPEG, PNG, .docx, .xlsx); its bureau's reviewers see and download them; other units get
404. record_a has eight rows stating 10 of 10 (full marks) and one stating 9 of 10.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.model.workflow import Action
from jixiao.storage import records
from jixiao.storage.models import AuditEntry, Evidence, Record
from tests.web.conftest import PASSWORD, World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ROW0 = "产出指标/数量指标/特困人员救助供养人数"
ROW1 = "产出指标/质量指标/救助供养资金发放准确率"


def docx_bytes() -> bytes:
    out = BytesIO()
    d = docx.Document()
    d.add_paragraph("发放花名册")
    d.save(out)
    return out.getvalue()


def upload(c: Client, record: Record, key: str, name: str, data: bytes, note: str = "") -> Any:
    form = {"row_key": key, "file": SimpleUploadedFile(name, data), "note": note}
    response = c.post(f"/evaluations/{record.pk}/evidence/", form)
    return response


def missing(page: str) -> int:
    return page.count('data-testid="missing"')


def test_the_page_flags_full_marks_without_files(world: World) -> None:
    page = world.client("filler_a").get(f"/evaluations/{world.record_a.pk}/evidence/")
    html = page.content.decode()
    assert page.status_code == 200
    assert missing(html) == 8 and "满分但无佐证材料" in html
    assert html.count('class="evidence-upload"') == 9  # one form per row
    assert f'data-key="{ROW0}"' in html


def test_upload_attach_and_download(world: World) -> None:
    r = world.record_a
    c = world.client("filler_a")
    response = upload(c, r, ROW0, "花名册.pdf", PDF, "2024年12月花名册")
    assert response.status_code == 302
    kept = Evidence.objects.get(record=r)
    assert (
        kept.row_key == ROW0 and kept.upload.file_format == "pdf" and kept.upload.size == len(PDF)
    )
    assert kept.uploaded_by == world.users["filler_a"] and kept.note == "2024年12月花名册"
    entry = AuditEntry.objects.get(record=r, action="evidence")
    assert entry.after == {"row": ROW0, "file": "花名册.pdf", "size": len(PDF)}
    html = c.get(f"/evaluations/{r.pk}/evidence/").content.decode()
    assert missing(html) == 7  # cleared for its row only
    assert f'href="/evidence/{kept.pk}/download/">花名册.pdf<' in html and "filler_a" in html
    got = c.get(f"/evidence/{kept.pk}/download/")
    assert got.status_code == 200 and got.content == PDF
    assert got["Content-Type"] == "application/pdf" and got["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in got["Content-Disposition"]
    # images and Office files too
    assert upload(c, r, ROW1, "照片.png", PNG).status_code == 302
    assert upload(c, r, ROW1, "说明.docx", docx_bytes()).status_code == 302
    kinds = sorted(Evidence.objects.values_list("upload__file_format", flat=True))
    assert kinds == ["docx", "pdf", "png"]


def test_reviewers_see_and_download_after_submission(world: World) -> None:
    r = world.record_a
    upload(world.client("filler_a"), r, ROW0, "花名册.pdf", PDF)
    kept = Evidence.objects.get()
    assert world.client("reviewer_a").get(f"/evidence/{kept.pk}/download/").status_code == 404
    r.refresh_from_db()
    records.apply_action(world.users["filler_a"], r, Action.SUBMIT, "", r.version)
    for who in ("reviewer_a", "auditor_a", "admin"):
        c = world.client(who)
        assert c.get(f"/evidence/{kept.pk}/download/").content == PDF, who
        page = c.get(f"/evaluations/{r.pk}/evidence/").content.decode()
        assert "花名册.pdf" in page and 'class="evidence-upload"' not in page, who
    # the review page counts the row as evidenced: 8 − 1 = 7 rows still without files
    review = world.client("reviewer_a").get(f"/review/{r.pk}/").content.decode()
    assert review.count('data-testid="missing-evidence"') == 7


def test_other_units_get_404(world: World) -> None:
    upload(world.client("filler_a"), world.record_a, ROW0, "花名册.pdf", PDF)
    kept = Evidence.objects.get()
    for who in ("filler_b", "reviewer_b", "branch_a", "nobody"):
        c = world.client(who)
        assert c.get(f"/evidence/{kept.pk}/download/").status_code == 404, who
        assert c.get(f"/evaluations/{world.record_a.pk}/evidence/").status_code == 404, who
    assert world.client("filler_a").get("/evidence/999999/download/").status_code == 404
    anonymous = Client().get(f"/evidence/{kept.pk}/download/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("说明.txt", "这是文本".encode(), "不支持的文件类型"),
        ("伪装.pdf", b"<html><script>alert(1)</script></html>", "不支持的文件类型"),
        ("空.pdf", b"", "文件为空"),
    ],
)
def test_bad_files_are_refused(world: World, name: str, data: bytes, words: str) -> None:
    response = upload(world.client("filler_a"), world.record_a, ROW0, name, data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Evidence.objects.exists()


def test_too_large_is_refused(world: World, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    response = upload(world.client("filler_a"), world.record_a, ROW0, "大.pdf", PDF + b"0" * 2000)
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert not Evidence.objects.exists()


def test_unknown_row_is_refused(world: World) -> None:
    response = upload(world.client("filler_a"), world.record_a, "不存在/的/指标", "a.pdf", PDF)
    assert response.status_code == 400
    assert "该指标行已不存在" in response.content.decode()


def test_only_the_unit_while_editable(world: World) -> None:
    r = world.record_a
    assert upload(world.client("reviewer_a"), r, ROW0, "a.pdf", PDF).status_code == 404
    r.refresh_from_db()
    records.apply_action(world.users["filler_a"], r, Action.SUBMIT, "", r.version)
    refused = upload(world.client("filler_a"), r, ROW0, "a.pdf", PDF)
    assert refused.status_code == 403
    assert "已提交" in refused.content.decode()
    assert upload(world.client("reviewer_a"), r, ROW0, "a.pdf", PDF).status_code == 403
    assert not Evidence.objects.exists()


def test_csrf_and_escaping(world: World) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="filler_a", password=PASSWORD)
    assert upload(strict, world.record_a, ROW0, "a.pdf", PDF).status_code == 403
    c = world.client("filler_a")
    upload(c, world.record_a, ROW0, "<script>x</script>.pdf", PDF, "<script>alert(1)</script>")
    html = c.get(f"/evaluations/{world.record_a.pk}/evidence/").content.decode()
    assert "<script>x</script>" not in html and "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_the_file_stays_with_its_row_when_rows_move(world: World) -> None:
    r = world.record_a
    c = world.client("filler_a")
    upload(c, r, ROW1, "准确率.pdf", PDF)
    # the unit deletes the first row: the 准确率 row moves up, its file with it
    c.post(f"/evaluations/{r.pk}/", {"version": "1", "ind-count": "9", "ind-0-delete": "1"})
    assert len(Record.objects.get(pk=r.pk).document["indicators"]) == 8
    html = c.get(f"/evaluations/{r.pk}/evidence/").content.decode()
    row = re.search(r'<tr id="ev-0" data-key="([^"]*)">(.*?)</tr>', html, re.S)
    assert row is not None and row.group(1) == ROW1 and "准确率.pdf" in row.group(2)
    assert missing(html) == 6  # eight rows left, seven at full marks, one of them evidenced
