"""What a rule-set file may hold: every key, its type, its metadata. Validated with pydantic.

A parameter is a node with an ``id`` (the rule findings cite), a ``label``, dated ``values``
and optional named ``variants`` (the alternatives rules.md lists, each with its source).
A dated value gives either a ``value`` or the name of a ``variant``; ``value: null`` ends a rule.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Final, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# YAML numbers arrive as Decimal (the loader builds them from their text); a quoted "10" is text.
Num = Annotated[Decimal, Field(strict=True)]
Share = Annotated[Decimal, Field(strict=True, ge=0, le=1)]
Flag = Annotated[bool, Field(strict=True)]  # true/false only: "yes" is text, not a boolean

DOC_NUMBER: Final = re.compile(r"^[\u4e00-\u9fa5A-Za-z]+〔(19|20)\d{2}〕\d+号$")
RULE_ID: Final = re.compile(r"^R\d{1,2}(\.\d{1,2})?$")


class Method(StrEnum):
    """The closed set of scoring methods; ``scoring/methods.py`` has one function for each."""

    RATIO = "ratio"  # a/t × w, capped at w (正向, and 等于 treated as ≥)
    REVERSE_LINEAR = "reverse_linear"  # w × clip((k − a/t)/(k − 1), 0, 1), k = zero_at
    REVERSE_RATIO = "reverse_ratio"  # w × t/a when a > t
    TIERS = "tiers"  # 定性: 达成 / 部分达成 / 未达成 share bands
    BANDS = "bands"  # thresholds → points (e.g. 执行率 ≥ 90 % → full)
    DEDUCT_PER_POINT = "deduct_per_point"  # full minus p per percentage point past a threshold
    SHARE_IN_BAND = "share_in_band"  # w × (rows with a/t in [lo, hi]) / rows (Sichuan ±30 % rule)
    SYMMETRIC = "symmetric"  # 等于: w × max(0, 1 − |a − t| / t)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a value comes from. ``doc`` is a 文号 (财预〔2020〕10号); ``title`` names a document
    without one; ``ref`` is the source id of rules.md §0 (S1 … S18, SEED)."""

    doc: str | None = None
    title: str | None = None
    ref: str | None = None
    url: str | None = None
    issued: date | None = None
    confidence: Literal["high", "medium", "low"]
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Source:
        if self.doc is None and self.title is None:
            raise ValueError("来源须写文号 doc 或文件名称 title")
        if self.doc is not None and not DOC_NUMBER.match(self.doc):
            raise ValueError(f"文号格式不对：{self.doc}（应如 财预〔2020〕10号，用六角括号〔〕）")
        return self


V = TypeVar("V")


class DatedValue(Strict, Generic[V]):
    value: V | None = None
    variant: str | None = None
    source: Source

    @model_validator(mode="after")
    def _one_of(self) -> DatedValue[V]:
        given = {"value", "variant"} & self.model_fields_set
        if len(given) != 1:
            raise ValueError("每个日期须且只须给出 value 或 variant 之一")
        return self


class Variant(Strict, Generic[V]):
    label: str
    value: V
    source: Source


class Param(Strict, Generic[V]):
    id: str | None = None  # rules.md id (R3, R5.2); required where the parameter is defined
    label: str | None = None
    values: dict[date, DatedValue[V]] = Field(default_factory=dict)
    variants: dict[str, Variant[V]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Param[V]:
        if self.id is not None and not RULE_ID.match(self.id):
            raise ValueError(f"规则编号格式不对：{self.id}（应如 R3 或 R5.2）")
        return self


# ---- value types -------------------------------------------------------------------------


class Band(Strict):
    min: Num
    grade: str


def _check_bands(bands: tuple[Band, ...]) -> tuple[Band, ...]:
    mins = [b.min for b in bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        raise ValueError("等级下限须由高到低排列且互不相同")
    if not bands or mins[-1] != 0:
        raise ValueError("最低一档的下限须为 0，使每个得分都有等级")
    return bands


GradeBands = Annotated[tuple[Band, ...], AfterValidator(_check_bands)]


class PointBand(Strict):
    """A threshold of the ``bands`` method: ``x ≥ min`` (or ``x ≤ max``) earns ``points``."""

    min: Num | None = None
    max: Num | None = None
    points: Num

    @model_validator(mode="after")
    def _one_bound(self) -> PointBand:
        if (self.min is None) == (self.max is None):
            raise ValueError("每一档须且只须给出 min 或 max 之一")
        return self


class MethodSpec(Strict):
    """A method with its numbers. Which numbers a method needs is checked here."""

    method: Method
    zero_at: Num | None = None  # reverse_linear: a/t at which points reach 0 (k)
    bands: tuple[PointBand, ...] | None = None  # bands
    threshold: Num | None = None  # deduct_per_point: where deduction starts (percent)
    side: Literal["below", "above"] | None = None  # deduct_per_point: which side is docked
    per_point: Num | None = None  # points per percentage point
    per_point_share: Share | None = None  # … or a share of the weight per point
    lo: Num | None = None  # share_in_band: lower ratio bound (inclusive)
    hi: Num | None = None  # share_in_band: upper ratio bound (inclusive)
    cap_pct: Num | None = None  # ratio on percentages: cap (execution: 100)

    @model_validator(mode="after")
    def _needs(self) -> MethodSpec:
        need = _METHOD_NEEDS.get(self.method, ())
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"计分方法 {self.method.value} 缺少参数：{'、'.join(missing)}")
        if self.method is Method.DEDUCT_PER_POINT and (self.per_point is None) == (
            self.per_point_share is None
        ):
            raise ValueError("deduct_per_point 须且只须给出 per_point 或 per_point_share 之一")
        return self


_METHOD_NEEDS: Final[dict[Method, tuple[str, ...]]] = {
    Method.REVERSE_LINEAR: ("zero_at",),
    Method.BANDS: ("bands",),
    Method.DEDUCT_PER_POINT: ("threshold", "side"),
    Method.SHARE_IN_BAND: ("lo", "hi"),
}


class ZeroTarget(Strict):
    """≤ 0 targets (结转结余变动率 ≤ 0 %): the ratio formulas would divide by zero."""

    on_exceed: Literal["zero", "deduct_per_point"]
    per_point: Num | None = None


class OverAchievement(Strict):
    mode: Literal["off", "require_reason", "deduct", "share_in_band"]
    ratio: Num | None = None  # θ: a ≥ θ·t triggers
    reason_keywords: tuple[str, ...] = ()  # deduct only when the stated reason says so


class Tier(Strict):
    tier: int
    label: str
    min_share: Share
    max_share: Share
    max_inclusive: Flag


class QualitativeTiers(Strict):
    tiers: tuple[Tier, ...]
    accept_stated_in_tier: bool  # a stated score inside its tier stands (R4.2)
    proposed: Literal["top", "fraction", "midpoint"]
    fraction: Share | None = None


class DeviationReason(Strict):
    below_weight: Flag
    execution_below_pct: Num | None = None
    over_ratio: Num | None = None


class Rounding(Strict):
    places: int = Field(ge=0, le=6)
    mode: Literal["half_up", "half_even", "down", "up"]
    at: Literal["row", "end"]


class NotApplicable(Strict):
    mode: Literal["keep", "rescale"]
    markers: tuple[str, ...] = ()


class ExecutionScoring(Strict):
    spec: MethodSpec
    weight: Num
    denominator: Literal["total", "initial"]  # 全年预算数 (调整后) or 年初预算数
    zero_budget: Literal["unscored", "zero", "full"]
    scored_rows: Literal["total_only", "every_row"]


class FirstLevelWeights(Strict):
    output: Num  # 产出指标
    benefit: Num  # 效益指标
    satisfaction: Num  # 满意度指标
    execution: Num  # 预算执行率
    cost: Num | None = None  # 成本指标 as a first-level block (财预〔2021〕101号)
    satisfaction_absent: Literal["output", "benefit", "output_and_benefit"]


class WeightChecks(Strict):
    indicator_total: Num
    tolerance: Num
    positive: Flag


class FrameworkRow(Strict):
    name: str
    weight: Num | None = None
    spec: MethodSpec | None = None
    over: dict[str, str] | None = None  # share_in_band: which rows (e.g. {level2: 数量指标})


class FrameworkBlock(Strict):
    name: str
    weight: Num
    aliases: tuple[str, ...] = ()
    rows: tuple[FrameworkRow, ...] = ()
    partial: bool = False  # only some rows are known (the source is seen in part)

    @model_validator(mode="after")
    def _sums(self) -> FrameworkBlock:
        row_sum = sum((r.weight or Decimal(0) for r in self.rows), Decimal(0))
        if self.rows and not self.partial and row_sum != self.weight:
            raise ValueError(f"“{self.name}”各行分值之和 {row_sum} 不等于该块分值 {self.weight}")
        if row_sum > self.weight:
            raise ValueError(f"“{self.name}”各行分值之和 {row_sum} 超过该块分值 {self.weight}")
        return self


class Framework(Strict):
    label: str
    total: Num
    per_task: bool = False  # Hebei: the blocks repeat for every key task
    partial: Flag = False
    blocks: tuple[FrameworkBlock, ...]

    @model_validator(mode="after")
    def _sums(self) -> Framework:
        block_sum = sum((b.weight for b in self.blocks), Decimal(0))
        if block_sum != self.total:
            raise ValueError(f"框架各块分值之和 {block_sum} 不等于总分 {self.total}")
        return self


class ReviewBlend(Strict):
    self_share: Share
    review_share: Share

    @model_validator(mode="after")
    def _sum(self) -> ReviewBlend:
        if self.self_share + self.review_share != 1:
            raise ValueError("自评与复核的权重之和应为 1")
        return self


class TargetValidation(Strict):
    unit_required: Flag
    comparator_required: Flag
    percent_max_100: Flag
    forbidden_values: Flag
    cost_amount_ceiling: Flag
    execution_not_indicator: Flag
    spending_plan_cumulative: Flag
    satisfaction_max_pct: Num | None = None


class Monitoring(Strict):
    red_below: Num
    yellow_below: Num


class ReportOutline(Strict):
    project_report: str
    project_table: str
    department_report: str


# ---- files: each file of a rule-set directory, and the keys it may hold ---------------------


class GradesFile(Strict):
    grade_bands: Param[GradeBands] | None = None
    grade_labels: Param[tuple[str, ...]] | None = None


class WeightsFile(Strict):
    first_level_weights: Param[FirstLevelWeights] | None = None
    weight_checks: Param[WeightChecks] | None = None


class ScoringFile(Strict):
    positive_scoring: Param[MethodSpec] | None = None
    reverse_scoring: Param[MethodSpec] | None = None
    equal_scoring: Param[MethodSpec] | None = None
    zero_target: Param[ZeroTarget] | None = None
    missing_comparator: Param[Literal["equal", "unscored"]] | None = None
    over_achievement: Param[OverAchievement] | None = None
    qualitative_tiers: Param[QualitativeTiers] | None = None
    deviation_reason_required_when: Param[DeviationReason] | None = None
    rounding: Param[Rounding] | None = None
    not_applicable_handling: Param[NotApplicable] | None = None


class ExecutionFile(Strict):
    execution_scoring: Param[ExecutionScoring] | None = None


class FrameworksFile(Strict):
    department_framework: Param[Framework] | None = None
    project_evaluation_framework: Param[Framework] | None = None
    department_total_method: Param[Literal["single_table", "mean_of_groups"]] | None = None


class ReviewFile(Strict):
    review_blend: Param[ReviewBlend] | None = None


class TargetsFile(Strict):
    target_validation_rules: Param[TargetValidation] | None = None
    cost_first_level: Param[Flag] | None = None


class MonitoringFile(Strict):
    monitoring_thresholds: Param[Monitoring] | None = None


class ReportFile(Strict):
    report_outline: Param[ReportOutline] | None = None


FILES: Final[dict[str, type[Strict]]] = {
    "grades": GradesFile,
    "weights": WeightsFile,
    "scoring": ScoringFile,
    "execution": ExecutionFile,
    "frameworks": FrameworksFile,
    "review": ReviewFile,
    "targets": TargetsFile,
    "monitoring": MonitoringFile,
    "report": ReportFile,
}


# ---- the index of rule sets ----------------------------------------------------------------

NAME: Final = r"^[a-z]+(-[a-z]+)*-\d{4}$"


class Region(Strict):
    province: str | None = None
    city: str | None = None
    county: str | None = None


class RuleSetMeta(Strict):
    name: str = Field(pattern=NAME)
    extends: str | None = Field(default=None, pattern=NAME)
    title: str
    region: Region = Field(default_factory=Region)
    doc: str | None = None
    issued: date | None = None
    effective: date
    standing: Literal["official", "local", "reference", "practice", "bureau"]
    confidence: Literal["high", "medium", "low"]
    doc_types: tuple[str, ...] = ()  # empty: every doc type
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> RuleSetMeta:
        if self.doc is not None and not DOC_NUMBER.match(self.doc):
            raise ValueError(f"文号格式不对：{self.doc}")
        if self.issued is not None and self.issued > self.effective:
            raise ValueError("生效日期早于发布日期")
        return self


class Index(Strict):
    rulesets: tuple[RuleSetMeta, ...]


class BureauFile(Strict):
    """A bureau's own rule set: a header and any of the files' sections, under the file names."""

    ruleset: RuleSetMeta
    grades: GradesFile | None = None
    weights: WeightsFile | None = None
    scoring: ScoringFile | None = None
    execution: ExecutionFile | None = None
    frameworks: FrameworksFile | None = None
    review: ReviewFile | None = None
    targets: TargetsFile | None = None
    monitoring: MonitoringFile | None = None
    report: ReportFile | None = None
