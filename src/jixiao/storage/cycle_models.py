"""The tables of the year's cycle around a record (issue 8): findings kept per record with the
reviewer's verdicts, target reviews (rules.md R14), in-year monitoring (R5.7), rounds with due
dates, evidence attached to indicator rows, the bureau's indicator library and re-scores (复核).

Amounts are kept as decimal strings in JSON (stack.md pitfall 4: SQLite keeps DecimalField as
REAL); the few decimal columns here exist to sort and filter, never to compute with.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

TIERS = [("优", "优"), ("良", "良"), ("中", "中"), ("差", "差")]


class RecordFinding(models.Model):
    """A finding of the record's last save (the checks' output, interface.md §3). Replaced on
    every save; ``fid`` is the finding's stable id, so verdicts survive re-runs. The year and the
    unit are copied from the record so dashboards count findings without a join."""

    record = models.ForeignKey(
        "Record", verbose_name="记录", on_delete=models.CASCADE, related_name="findings"
    )
    fid = models.CharField("发现编号", max_length=64)
    code = models.CharField("代码", max_length=60)
    category = models.CharField("类别", max_length=30)
    severity = models.CharField("严重程度", max_length=10)
    message = models.TextField("说明")
    place = models.CharField("位置", max_length=200, blank=True)
    fiscal_year = models.PositiveIntegerField("年度", null=True, blank=True)
    unit = models.ForeignKey("Unit", verbose_name="单位", on_delete=models.CASCADE,
                             related_name="+")  # fmt: skip

    class Meta:
        verbose_name = "发现"
        verbose_name_plural = "发现"
        ordering: ClassVar = ["record", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["record", "fid"], name="finding_once_per_record")
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["fiscal_year", "category", "severity", "unit"], name="finding_year_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.place}"


class FindingVerdict(models.Model):
    """The reviewer's verdict on a finding: 已核实 or 误报, kept by the finding's stable id."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", "已核实"
        FALSE_POSITIVE = "false_positive", "误报"

    record = models.ForeignKey(
        "Record", verbose_name="记录", on_delete=models.CASCADE, related_name="verdicts"
    )
    fid = models.CharField("发现编号", max_length=64)
    code = models.CharField("代码", max_length=60)
    verdict = models.CharField("结论", max_length=20, choices=Verdict.choices)
    comment = models.TextField("说明", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", auto_now=True)

    class Meta:
        verbose_name = "发现核实"
        verbose_name_plural = "发现核实"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["record", "fid"], name="one_verdict_per_finding")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_verdict_display()}"


class TargetReview(models.Model):
    """The bureau's review of a target table (rules.md R14): four criteria rated with comments,
    an overall 优/良/中/差 and the consequence."""

    record = models.ForeignKey(
        "Record", verbose_name="绩效目标", on_delete=models.CASCADE, related_name="target_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    record_version = models.PositiveIntegerField("审核的版本")
    completeness = models.CharField("完整性", max_length=2, choices=TIERS)
    relevance = models.CharField("相关性", max_length=2, choices=TIERS)
    appropriateness = models.CharField("适当性", max_length=2, choices=TIERS)
    feasibility = models.CharField("可行性", max_length=2, choices=TIERS)
    comments = models.JSONField("各项意见", default=dict)  # criterion → comment
    grade = models.CharField("审核结果", max_length=2, choices=TIERS)
    comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "目标审核"
        verbose_name_plural = "目标审核"
        ordering: ClassVar = ["record", "at", "id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.grade}"


class Monitoring(models.Model):
    """In-year monitoring of an approved target table (运行监控, rules.md R5.7): spending by
    month and progress notes, as decimal strings; the light of the latest month beside them so
    the bureau can list who is behind."""

    class Light(models.TextChoices):
        RED = "red", "红色预警"
        YELLOW = "yellow", "黄色预警"
        GREEN = "green", "正常"

    record = models.OneToOneField(
        "Record", primary_key=True, on_delete=models.CASCADE, related_name="monitoring",
        verbose_name="绩效目标",
    )  # fmt: skip
    months = models.JSONField("各月支出（万元）", default=dict)  # {"1": "12.50", …} per month
    # [{"indicator", "progress", "cause", "measure"}]
    notes = models.JSONField("目标进度", default=list)
    latest_month = models.PositiveSmallIntegerField("最近填报月份", null=True, blank=True)
    light = models.CharField("时间进度预警", max_length=10, choices=Light.choices, blank=True)
    plan_light = models.CharField("支出计划预警", max_length=10, choices=Light.choices, blank=True)
    progress_value = models.DecimalField(
        "执行进度÷时间进度×100", max_digits=9, decimal_places=2, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "运行监控"
        verbose_name_plural = "运行监控"
        indexes: ClassVar = [models.Index(fields=["light"], name="monitoring_light")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.latest_month}月"


class Round(models.Model):
    """A round the bureau opens for its units, with a due date (2025年度目标申报, 2025年度自评)."""

    class Kind(models.TextChoices):
        TARGETS = "targets", "绩效目标申报"
        MONITORING = "monitoring", "运行监控"
        SELF_EVAL = "self_eval", "绩效自评"

    bureau = models.ForeignKey("Unit", verbose_name="财政局", on_delete=models.CASCADE)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    fiscal_year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    month = models.PositiveSmallIntegerField("监控月份", null=True, blank=True)
    opens_on = models.DateField("开始日期")
    due_on = models.DateField("截止日期")
    closed = models.BooleanField("已关闭", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "填报轮次"
        verbose_name_plural = "填报轮次"
        ordering: ClassVar = ["-fiscal_year", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """A 佐证材料 file attached to one indicator row of a record (the row's key is its levels,
    so the attachment stays with the row when other rows are added or removed)."""

    record = models.ForeignKey(
        "Record", verbose_name="记录", on_delete=models.CASCADE, related_name="evidence"
    )
    row_key = models.CharField("指标", max_length=400)
    upload = models.ForeignKey("Upload", verbose_name="文件", on_delete=models.PROTECT)
    note = models.CharField("说明", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering: ClassVar = ["record", "row_key", "id"]
        indexes: ClassVar = [models.Index(fields=["record", "row_key"], name="evidence_row")]

    def __str__(self) -> str:
        return f"{self.row_key}: {self.upload}"


class IndicatorEntry(models.Model):
    """An indicator of a bureau's library (指标库): picked when targets are set, imported and
    exported as xlsx, grown from approved targets."""

    bureau = models.ForeignKey("Unit", verbose_name="财政局", on_delete=models.CASCADE)
    field = models.CharField("行业/领域", max_length=100, blank=True)
    level1 = models.CharField("一级指标", max_length=100)
    level2 = models.CharField("二级指标", max_length=100)
    level3 = models.CharField("三级指标", max_length=200)
    direction = models.CharField("指标性质", max_length=10, blank=True)  # ≥ ≤ = 定性
    value = models.CharField("参考指标值", max_length=200, blank=True)
    unit = models.CharField("度量单位", max_length=50, blank=True)
    basis = models.CharField("指标值确定依据", max_length=300, blank=True)
    description = models.TextField("指标解释", blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    uses = models.PositiveIntegerField("采用次数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "指标库指标"
        verbose_name_plural = "指标库"
        ordering: ClassVar = ["bureau", "level1", "level2", "level3"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["bureau", "level1", "level2", "level3", "unit"], name="library_entry_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level1}/{self.level2}/{self.level3}"


class ReScore(models.Model):
    """The bureau's re-score of a sampled evaluation (复核): its own points per row, the total,
    and the blend with the self-score the rule set prescribes (rules.md §6 #15)."""

    record = models.ForeignKey(
        "Record", verbose_name="记录", on_delete=models.CASCADE, related_name="rescores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复核人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    record_version = models.PositiveIntegerField("复核的版本")
    # [{"key", "name", "weight", "self", "review", "note"}]
    rows = models.JSONField("逐项复核分", default=list)
    self_total = models.CharField("自评分", max_length=20, blank=True)
    review_total = models.CharField("复核分", max_length=20)
    final_total = models.CharField("最终得分", max_length=20)
    blend = models.CharField("加权方式", max_length=100, blank=True)
    comment = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = "复核"
        verbose_name_plural = "复核"
        ordering: ClassVar = ["record", "at", "id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.final_total}"
