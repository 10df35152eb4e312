"""The value types of rule parameters: bands, method specs, tiers, frameworks …

Each is a strict pydantic model (unknown keys refused, numbers only as YAML numbers), with the
cross-field checks a value needs (a method's required numbers, bands in order, sums).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from jixiao.rules.methods import Method

# YAML numbers arrive as Decimal (the loader builds them from their text); a quoted "10" is text.
Num = Annotated[Decimal, Field(strict=True)]
Share = Annotated[Decimal, Field(strict=True, ge=0, le=1)]
Flag = Annotated[bool, Field(strict=True)]  # true/false only: "yes" is text, not a boolean


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    accept_stated_in_tier: Flag  # a stated score inside its tier stands (R4.2)
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
    aliases: tuple[str, ...] = ()  # other names documents give the same row
    weight: Num | None = None
    spec: MethodSpec | None = None
    over: dict[str, str] | None = None  # share_in_band: which rows (e.g. {level2: 数量指标})


class FrameworkBlock(Strict):
    name: str
    weight: Num
    aliases: tuple[str, ...] = ()
    rows: tuple[FrameworkRow, ...] = ()
    partial: Flag = False  # only some rows are known (the source is seen in part)

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
    per_task: Flag = False  # Hebei: the blocks repeat for every key task
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


class Monitoring(Strict):
    red_below: Num
    yellow_below: Num


class CheckSettings(BaseModel):
    """A check's switch and thresholds (``checks.yaml``). Besides ``enabled``, the keys are the
    check's own parameters (``ratio``, ``min_rows`` …): the check declares them with their
    defaults, and loading a rule set refuses a key no check declares."""

    model_config = ConfigDict(extra="allow", frozen=True)
    enabled: Flag = True


class ReportOutline(Strict):
    project_report: str
    project_table: str
    department_report: str
