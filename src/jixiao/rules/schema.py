"""What a rule-set file may hold: every key, its type, its metadata. Validated with pydantic.

A parameter is a node with an ``id`` (the rule findings cite), a ``label``, dated ``values``
and optional named ``variants`` (the alternatives rules.md lists, each with its source).
A dated value gives either a ``value`` or the name of a ``variant``; ``value: null`` ends a rule.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Final, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from jixiao.rules.values import (
    CheckSettings,
    DeviationReason,
    ExecutionScoring,
    FirstLevelWeights,
    Flag,
    Framework,
    GradeBands,
    MethodSpec,
    Monitoring,
    NotApplicable,
    OverAchievement,
    QualitativeTiers,
    ReportOutline,
    ReviewBlend,
    Rounding,
    Strict,
    TargetValidation,
    WeightChecks,
    ZeroTarget,
)

DOC_NUMBER: Final = re.compile(r"^[\u4e00-\u9fa5A-Za-z]+〔(19|20)\d{2}〕\d+号$")
RULE_ID: Final = re.compile(r"^R\d{1,2}(\.\d{1,2})?$")


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


CheckCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]+$")]


class ChecksFile(RootModel[dict[CheckCode, Param[CheckSettings]]]):
    """``checks.yaml``: one parameter per check code (the code is the key)."""

    model_config = ConfigDict(frozen=True)


FILES: Final[dict[str, type[BaseModel]]] = {
    "grades": GradesFile,
    "weights": WeightsFile,
    "scoring": ScoringFile,
    "execution": ExecutionFile,
    "frameworks": FrameworksFile,
    "review": ReviewFile,
    "targets": TargetsFile,
    "monitoring": MonitoringFile,
    "report": ReportFile,
    "checks": ChecksFile,
}


# ---- the index of rule sets ----------------------------------------------------------------

NAME: Final = r"^[a-z]+(-[a-z]+)*-\d{4}$"

# Rules that may be ended (``value: null``): the ones that exist only in some places. Every
# other rule is needed to score a document, so a rule set cannot switch it off.
ENDABLE: Final = frozenset(
    {
        "frameworks.department_framework",
        "frameworks.project_evaluation_framework",
        "review.review_blend",
    }
)


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
    checks: ChecksFile | None = None
