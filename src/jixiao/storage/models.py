"""The tables. The canonical record of an evaluation is its JSON document (decimal strings);
the numeric columns beside it exist to filter and sort, never to compute with (stack.md
pitfall 4: SQLite keeps DecimalField as REAL)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from jixiao.model.workflow import ROLE_LABELS, STATUS_LABELS, Role, Status


class Unit(models.Model):
    """A finance bureau, a department under it, or a branch unit under a department."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", "财政局"
        DEPARTMENT = "department", "部门"
        BRANCH = "branch", "下属单位"

    name = models.CharField("单位名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    region = models.CharField("地区", max_length=100, blank=True)
    code = models.CharField("单位编码", max_length=50, blank=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Which unit a user belongs to, in which role. One per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
        related_name="membership",
    )  # fmt: skip
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    role = models.CharField(
        "角色", max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {ROLE_LABELS[Role(self.role)]}"


class RuleSetFile(models.Model):
    """A bureau's own rule set (YAML extending a shipped one), validated on upload."""

    bureau = models.ForeignKey(Unit, verbose_name="财政局", on_delete=models.PROTECT)
    name = models.CharField("规则集名称", max_length=100)
    text = models.TextField("YAML 内容")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "自定义规则集"
        verbose_name_plural = "自定义规则集"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["bureau", "name"], name="ruleset_name_per_bureau")
        ]

    def __str__(self) -> str:
        return self.name


class RuleSetChoice(models.Model):
    """The rule set a bureau applies from a fiscal year on: a shipped one by name, or its own."""

    bureau = models.ForeignKey(Unit, verbose_name="财政局", on_delete=models.CASCADE)
    year_from = models.PositiveIntegerField("起始年度")
    shipped = models.CharField("内置规则集", max_length=100, blank=True)
    own = models.ForeignKey(
        RuleSetFile, verbose_name="自定义规则集", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = "规则集选择"
        verbose_name_plural = "规则集选择"
        ordering: ClassVar = ["bureau", "-year_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["bureau", "year_from"], name="one_choice_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.bureau} {self.year_from}年起：{self.own or self.shipped}"


class Upload(models.Model):
    """An uploaded file, kept outside the web root under a generated name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    original_name = models.CharField("原文件名", max_length=255)
    stored_name = models.CharField("存储名", max_length=80, unique=True)
    file_format = models.CharField("格式", max_length=20)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "上传文件"
        verbose_name_plural = "上传文件"

    def __str__(self) -> str:
        return self.original_name


class Record(models.Model):
    """One evaluation (a project's, or a department's as a whole)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    fiscal_year = models.PositiveIntegerField("年度", null=True, blank=True)
    doc_type = models.CharField("类型", max_length=40, blank=True)
    title = models.CharField("名称", max_length=300)
    status = models.CharField(
        "状态", max_length=20, default=Status.DRAFT.value,
        choices=[(s.value, STATUS_LABELS[s]) for s in Status],
    )  # fmt: skip
    score = models.DecimalField("复算总分", max_digits=7, decimal_places=2, null=True, blank=True)
    stated_score = models.DecimalField(
        "自评总分", max_digits=7, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField("复算等级", max_length=10, blank=True)
    stated_grade = models.CharField("自评等级", max_length=10, blank=True)
    execution_rate = models.DecimalField(
        "预算执行率%", max_digits=9, decimal_places=2, null=True, blank=True
    )
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    ruleset = models.CharField("规则集", max_length=100, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    upload = models.ForeignKey(
        Upload, verbose_name="来源文件", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    target = models.ForeignKey(
        "self", verbose_name="绩效目标", null=True, blank=True, on_delete=models.PROTECT,
        related_name="carried",
    )  # fmt: skip  # the approved target table a self-evaluation carries forward (R1.4)
    risk = models.DecimalField("风险分", max_digits=8, decimal_places=2, default=0)
    flags = models.CharField("风险模式", max_length=200, blank=True)  # codes, comma-separated
    sampled = models.BooleanField("抽中复核", default=False)

    class Meta:
        verbose_name = "绩效自评"
        verbose_name_plural = "绩效自评"
        ordering: ClassVar = ["-updated_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["unit", "fiscal_year"], name="record_unit_year"),
            models.Index(fields=["status", "fiscal_year"], name="record_status_year"),
            models.Index(fields=["fiscal_year", "grade"], name="record_year_grade"),
            models.Index(fields=["score"], name="record_score"),
            models.Index(fields=["-updated_at", "-id"], name="record_recent"),
            models.Index(fields=["unit", "status"], name="record_unit_status"),
            models.Index(
                fields=["status", "-fiscal_year", "-published_at", "-id"], name="record_public"
            ),
            models.Index(fields=["status", "-risk", "-id"], name="record_queue"),
            # covers the dashboards' GROUP BY (year, grade, unit) with the scope's filters and
            # sums: SQLite reads the index alone, in group order (no table, no temp b-tree)
            models.Index(
                fields=[
                    "fiscal_year",
                    "grade",
                    "unit",
                    "status",
                    "doc_type",
                    "score",
                    "execution_rate",
                ],
                name="record_dashboard",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> Status:
        return Status(self.status)

    @property
    def document(self) -> dict[str, Any]:
        """The evaluation document (kept in its own table, so lists scan narrow rows)."""
        doc: dict[str, Any] = self.doc.document
        return doc


class RecordDocument(models.Model):
    """A record's evaluation document (interface.md §2, decimal strings): the canonical data.
    Apart from the record's row so that lists and counts over 100 000 records stay fast."""

    record = models.OneToOneField(
        Record, primary_key=True, on_delete=models.CASCADE, related_name="doc",
        verbose_name="记录",
    )  # fmt: skip
    document = models.JSONField("评价文档")

    class Meta:
        verbose_name = "评价文档"
        verbose_name_plural = "评价文档"

    def __str__(self) -> str:
        return f"{self.record_id}"


class AuditEntry(models.Model):
    """Who did what to a record, when, with the values before and after."""

    record = models.ForeignKey(
        Record, verbose_name="记录", on_delete=models.CASCADE, related_name="audit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=30)
    version = models.PositiveIntegerField("版本")
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ApiToken(models.Model):
    """A token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE
    )
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"


class LoginFailure(models.Model):
    """A failed login, counted per user name and per address to throttle guessing."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "登录失败"
        verbose_name_plural = "登录失败"


from jixiao.storage.cycle_models import (  # noqa: E402  - the cycle's tables, one app
    Evidence,
    FindingVerdict,
    IndicatorEntry,
    Monitoring,
    RecordFinding,
    ReScore,
    Round,
    TargetReview,
)

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Evidence",
    "FindingVerdict",
    "IndicatorEntry",
    "LoginFailure",
    "Membership",
    "Monitoring",
    "ReScore",
    "Record",
    "RecordDocument",
    "RecordFinding",
    "Round",
    "RuleSetChoice",
    "RuleSetFile",
    "TargetReview",
    "Unit",
    "Upload",
]
