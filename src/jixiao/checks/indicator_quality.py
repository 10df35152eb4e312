"""indicator_quality: how well targets are set (R12, R13, R14), on 绩效目标表 and on the target
column of self-evaluation forms.

These are also the live findings of the web form while a 绩效目标表 is typed (R13), so each
check is one pass over the rows with cached text; helpers live in ``_indicator_util``.
Keyword lists are the checks' defaults (a rule set's ``checks.yaml`` may replace them); the
R13 switches of ``targets.target_validation_rules`` silence the checks they govern.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks import _indicator_util as u
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import DocType
from jixiao.model.findings import Category, Severity
from jixiao.model.indicator_value import Direction, ValueKind
from jixiao.model.numbers import MONEY_UNITS

IQ = Category.INDICATOR_QUALITY
_UP = (Direction.GE, Direction.GT)
_DOWN = (Direction.LE, Direction.LT)
_HUNDRED = Decimal(100)
_UNITS = ("%", "百分比", "‰", "个", "人", "人次", "户", "项", "次", "件", "份", "套", "台",
          "座", "处", "家", "本", "册", "幅", "宗", "棵", "株", "天", "日", "月", "年", "元",
          "万元", "亿元", "万", "亩", "公顷", "平方米", "平方公里", "公里", "千米", "米", "吨",
          "分")  # fmt: skip


@check(
    "PLACEHOLDER_OR_EMPTY_TARGET", IQ, Severity.ERROR,
    title="绩效目标或指标值是模板占位文字或空值", rule="R13.2",
    why="绩效目标或指标值不得留模板文字或空白（R13.2，R14 完整性）：去掉序号后目标为“目标内容1”"
    "“目标1”“指标1”“XX”“×××”“待定”，或指标值只有单位、比较符（“%”“≥%”“个”）；"
    "绩效目标表中指标值为空同样报告。一个表的全部指标值都为空时整表报告一次。",
    placeholders=(r"目标内容\d*", r"目标\d+", r"指标\d+", r"[xX]{2,}", r"×{2,}", r"待定"),
    units=_UNITS,
)  # fmt: skip
def placeholder_or_empty_target(inp: CheckInput) -> Iterator[Hit]:
    if not u.rule_on(inp, "forbidden_values"):
        return
    ev, pattern = inp.ev, u.pattern_of(tuple(inp.setting("placeholders")))
    units = tuple(inp.setting("units"))
    yield from u.placeholder_goals(ev, pattern)
    for group, rows in u.by_group(ev.indicators).items():
        blanks: list[u.RowDefect] = []
        for ind in rows:
            if ind.target_parsed.kind is ValueKind.EMPTY:
                if ev.doc_type is DocType.TARGET_TABLE:  # self-evaluations: ROW_VALUES_MISSING
                    blanks.append(u.defect(ev, ind, "未填写指标值", defect="空值"))
                continue
            why = u.bare_kind(ind, units, pattern)
            if why is not None:
                yield u.row_hit(ev, ind, f"的指标值“{ind.target}”{why}", defect=why)
        message = f"{u.group_label(ev, group)}的全部{len(blanks)}项指标都未填写指标值"
        yield from u.emit(ev, group, blanks, rows, "target", message, defect="空值")


@check(
    "TARGET_NO_COMPARATOR_OR_UNIT", IQ, Severity.WARNING,
    title="定量指标值缺少比较符或计量单位", rule="R13.1",
    why="定量指标须有数值、比较符和计量单位（R13.1，R4.3）。比较符包括 ≥ ≤ = > < 及“不低于”"
    "“不高于”“以上”“以下”“以内”“大于”“小于”“达到”，或指标性质列所填方向；单位取指标值自带的"
    "或单位列。定性指标、期限（“12月底前”）不查。一个表的全部定量指标都缺时整表报告一次。",
)  # fmt: skip
def target_no_comparator_or_unit(inp: CheckInput) -> Iterator[Hit]:
    need_cmp, need_unit = u.rule_on(inp, "comparator_required"), u.rule_on(inp, "unit_required")
    if not (need_cmp or need_unit):
        return
    ev = inp.ev
    for group, rows in u.by_group(ev.indicators).items():
        population = [r for r in rows if r.target_parsed.kind is ValueKind.QUANTITATIVE]
        defects = []
        for ind in population:
            missing = "、".join(u.missing_parts(ind, need_cmp, need_unit))
            if missing:
                text = f"的指标值“{ind.target}”缺少{missing}"
                defects.append(u.defect(ev, ind, text, missing=missing))
        message = f"{u.group_label(ev, group)}的全部{len(defects)}项定量指标都缺少比较符或单位"
        yield from u.emit(ev, group, defects, population, "target", message)


@check(
    "RATE_TARGET_GE_100", IQ, Severity.WARNING,
    title="不会超过100%的比率以“≥100%”或超过100%为目标", rule="R13.3",
    why="占比、比率不会超过100%，“≥100%”无意义，应写“=100%”（R13.3）。名称以“率”“比例”“占比”"
    "结尾、不属于控制率、变动率、增长率、增幅、效率、实际与计划之比（比率、完成率，按时/及时"
    "完成率除外）的指标，目标为“≥100%”“>100%”或超过100%时报告；满意度、预算执行类与成本指标"
    "由各自的检查处理。",
    rate_suffixes=("率", "比例", "占比"),
    exempt=("控制率", "变动率", "增长率", "增幅", "比率", "效率", "完成率", "回报率", "收益率"),
    timely=("按时", "及时", "按期", "准时"),
    limit=Decimal(100),
)  # fmt: skip
def rate_target_ge_100(inp: CheckInput) -> Iterator[Hit]:
    if not u.rule_on(inp, "percent_max_100"):
        return
    limit: Decimal = inp.setting("limit")
    shape = tuple(tuple(inp.setting(k)) for k in ("rate_suffixes", "exempt", "timely"))
    for ind in inp.ev.indicators:
        v, cmp = u.percent_value(ind), ind.target_parsed.comparator
        if v is None or not ((cmp in _UP and v >= limit) or (cmp not in _DOWN and v > limit)):
            continue
        name = u.stem(ind.level3 or ind.name)
        if not u.capped_rate(name, *shape) or u.is_satisfaction(name):
            continue
        if not (u.is_execution(ind) or u.is_cost_row(ind)):
            yield u.row_hit(inp.ev, ind, f"的目标为“{ind.target}”：比率不会超过100%，应写作“=100%”")


@check(
    "TARGET_ALWAYS_MET", IQ, Severity.WARNING,
    title="任何结果都能达到的目标", rule="R13.3",
    why="目标应可能达不到（R13.3，R14 适当性）：封顶于100%的比率（执行率、完成率、合格率、到位率、"
    "准确率）以“≤100%”为目标，或不会为负的指标以“≥0”为目标（增长、变动、利润等可为负的除外），"
    "任何结果都算完成。",
    capped=("执行率", "完成率", "合格率", "到位率", "准确率"),
    signed=("增长", "增幅", "变动", "变化", "增减", "提高", "提升", "降低", "下降", "减少", "节约",
            "利润", "收益", "盈余", "结余"),
)  # fmt: skip
def target_always_met(inp: CheckInput) -> Iterator[Hit]:
    capped, signed = tuple(inp.setting("capped")), tuple(inp.setting("signed"))
    for ind in inp.ev.indicators:
        t, v, name = ind.target_parsed, u.percent_value(ind), u.stem(ind.level3 or ind.name)
        if t.comparator is Direction.GE and t.value == 0 and not u.has_any(name, signed):
            why = "正向指标以“≥0”为目标，任何结果都能达到"
        elif (
            v is not None
            and u.has_any(u.stem(ind.level3 or ind.name), capped)
            and (
                (t.comparator is Direction.LE and v >= _HUNDRED)
                or (t.comparator is Direction.LT and v > _HUNDRED)
            )
        ):
            why = "该比率不会超过100%，以“≤100%”为目标，任何结果都能达到"
        else:
            continue
        yield u.row_hit(inp.ev, ind, f"的目标为“{ind.target}”：{why}")


@check(
    "SATISFACTION_TARGET_100", IQ, Severity.WARNING,
    title="满意度目标为100%或以上", rule="R13.4",
    why="满意度应设现实的门槛（常见≥85%、≥90%、≥95%），不得为“≥100%”（R13.4）。名称含满意度、"
    "满意率的指标，目标不低于100%（任何比较符）时报告；实际满意度超过100时也报告。",
    words=("满意度", "满意率"),
    limit=Decimal(100),
)  # fmt: skip
def satisfaction_target_100(inp: CheckInput) -> Iterator[Hit]:
    if not u.rule_on(inp, "forbidden_values"):
        return
    limit: Decimal = inp.setting("limit")
    percent = (None, *u.PERCENT_UNITS)
    for ind in inp.ev.indicators:
        if not u.is_satisfaction(ind.level3 or ind.name, inp.setting("words")):
            continue
        t, a, unit = ind.target_parsed, ind.actual_parsed, ind.effective_unit
        if t.value is not None and t.value >= limit and unit in percent:
            yield u.row_hit(inp.ev, ind, f"的目标为“{ind.target}”：满意度目标不应为100%或以上")
        if a.value is not None and a.value > limit and (a.unit or unit) in percent:
            text = f"的实际满意度为“{ind.actual}”，超过100%"
            yield u.row_hit(inp.ev, ind, text, "actual", actual=ind.actual)


@check(
    "COST_NOT_AMOUNT_CEILING", IQ, Severity.ERROR,
    title="成本指标不是以“≤”控制的金额，或超过预算", rule="R13.5",
    why="成本指标应是金额（元、万元）并用“≤”控制上限，且不超过项目预算（R13.5，R14 适当性）。"
    "成本指标下的行或名为“…成本”“预算控制数”的行，单位为%或百分比、比较符为≥或>、"
    "或金额超过预算0.01万元以上时报告；只缺比较符归 TARGET_NO_COMPARATOR_OR_UNIT。",
    name_words=("预算控制数",),
    tolerance=Decimal("0.01"),
)  # fmt: skip
def cost_not_amount_ceiling(inp: CheckInput) -> Iterator[Hit]:
    if not u.rule_on(inp, "cost_amount_ceiling"):
        return
    for ind in inp.ev.indicators:
        t, unit = ind.target_parsed, ind.effective_unit
        if t.value is None or not u.is_cost_row(ind, inp.setting("name_words")):
            continue
        if u.is_execution(ind):  # execution under 成本指标: EXECUTION_AS_INDICATOR
            continue
        reasons = []
        if u.is_percent(unit):
            reasons.append("以百分比表示，不是金额")
        if t.comparator in _UP:
            reasons.append("用了“≥”，成本应以“≤”控制上限")
        amount = t.value * MONEY_UNITS[unit] if unit in MONEY_UNITS else None  # in 万元
        budget = u.budget_of(inp, ind.group)
        if amount is not None and budget is not None and amount > budget + inp.setting("tolerance"):
            reasons.append(f"金额{amount}万元超过预算{budget}万元")
        if reasons:
            text = "；".join(reasons)
            yield u.row_hit(inp.ev, ind, f"的目标为“{ind.target}”：{text}", reason=text,
                            budget=budget)  # fmt: skip


@check(
    "EXECUTION_AS_INDICATOR", IQ, Severity.WARNING,
    title="预算执行类指标被用作产出或效益指标", rule="R13.6",
    why="预算执行率、资金到位率、支出进度、资金拨付率是预算管理指标，执行情况按资金表单独计分"
    "（R5），不应作产出、效益（或成本）指标（R13.6）；框架中预算管理、资金投入块的行不报告。",
    names=("预算执行率", "资金到位率", "支出进度", "资金拨付率", "资金执行率", "支出执行率",
           "预算执行进度"),
    blocks=("产出", "效益", "成本"),
)  # fmt: skip
def execution_as_indicator(inp: CheckInput) -> Iterator[Hit]:
    if not u.rule_on(inp, "execution_not_indicator"):
        return
    blocks, names = tuple(inp.setting("blocks")), tuple(inp.setting("names"))
    for ind in inp.ev.indicators:
        if not u.has_any(u.norm(ind.level1), blocks) or not u.is_execution(ind, names):
            continue
        if u.has_any(u.norm(ind.level1) + u.norm(ind.level2), names):  # a budget block's row
            continue
        place = "·".join(x for x in (ind.level1, ind.level2) if x)
        text = (f"列在“{place}”下：预算执行类指标不应作为产出或效益指标，"
                "执行情况由资金执行率单独计分")  # fmt: skip
        yield u.row_hit(inp.ev, ind, text, "level3", level1=ind.level1, level2=ind.level2)


@check(
    "PERCENT_ON_NON_RATE", IQ, Severity.WARNING,
    title="数量、时间或效果类指标以百分比为指标值", rule="R13.7",
    why="数量应写数量（“≥N个”），时间写日期或年限，效果写可核验的状态（R13.7）。单位为%或百分比、"
    "名称不含“率”“比”“度”而含数量词（数量、个数、项数、人数）、时间词（年限、时间、工期）"
    "或效果词（效果、影响、发展、稳定性）的指标报告；成本指标除外。",
    count_words=("数量", "个数", "项数", "人数", "户数", "次数", "件数"),
    time_words=("年限", "时间", "工期"),
    effect_words=("效果", "影响", "发展", "稳定性"),
    rate_words=("率", "比", "度"),
)  # fmt: skip
def percent_on_non_rate(inp: CheckInput) -> Iterator[Hit]:
    kinds = (("count_words", "数量", "数量和计量单位（个、项、人…）"),
             ("time_words", "时间", "日期、期限或年限"),
             ("effect_words", "效果", "可核验的状态或数值"))  # fmt: skip
    for ind in inp.ev.indicators:
        if u.percent_value(ind) is None or u.is_cost_row(ind):
            continue
        name = u.stem(ind.level3 or ind.name)
        if u.has_any(name, inp.setting("rate_words")):
            continue
        for key, kind, want in kinds:
            if u.has_any(name, inp.setting(key)):
                text = f"是{kind}类指标，不是比率，却以“{ind.target}”为指标值，应写明{want}"
                yield u.row_hit(inp.ev, ind, text, kind=kind)
                break


@check(
    "VAGUE_QUALITATIVE_VALUE", IQ, Severity.WARNING,
    title="定性指标值只写方向，无法核验", rule="R13.8",
    why="定性指标值应是可核验的状态，而不是“促进发展”“有所提高”（R13.8）。指标值不含数字、"
    "含模糊词（促进、有所、有效提升、进一步、明显、显著、逐步、不断、较好、提高、改善）时报告；"
    "本身就是可核验状态（健全、规范、无、有、是、否、通过、达标、合格、完成、分工明确）的不报告。",
    vague=("促进", "有所", "有效提升", "进一步", "明显", "显著", "逐步", "不断", "较好", "提高",
           "改善"),
    states=("健全", "规范", "无", "有", "是", "否", "通过", "达标", "合格", "完成", "分工明确"),
)  # fmt: skip
def vague_qualitative_value(inp: CheckInput) -> Iterator[Hit]:
    states, vague = tuple(inp.setting("states")), tuple(inp.setting("vague"))
    for ind in inp.ev.indicators:
        text = u.norm(ind.target)
        if not text or u.digits_in(text) or text in states:
            continue
        words = [w for w in vague if w in text]
        if words and ind.target_parsed.kind is ValueKind.QUALITATIVE:
            said = f"的指标值“{ind.target}”只说明方向（{'、'.join(words)}），无法核验是否达到"
            yield u.row_hit(inp.ev, ind, said, words=words)


@check(
    "INDICATOR_NAME_IS_CATEGORY", IQ, Severity.WARNING,
    title="三级指标以所属类别命名，没有可衡量的内容", rule="R13.8",
    why="三级指标应说明衡量什么（R13.8，R12.2）。规范化后的三级指标名称与其二级或一级指标相同，"
    "或就是类别名（经济效益指标、社会效益指标、满意度、服务对象满意度指标、完成数量等）时报告。",
    category_words=("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "满意度",
                    "满意度指标", "服务对象满意度指标", "完成数量", "数量指标", "质量指标",
                    "时效指标", "成本指标", "产出指标", "效益指标"),
)  # fmt: skip
def indicator_name_is_category(inp: CheckInput) -> Iterator[Hit]:
    words = frozenset(u.norm(w) for w in inp.setting("category_words"))
    for ind in inp.ev.indicators:
        name = u.norm(ind.level3)
        if not name:
            continue
        same = [lvl for lvl in (ind.level2, ind.level1) if u.norm(lvl) == name]
        if same or name in words:
            where = f"与其上级指标“{same[0]}”同名" if same else "只是类别名"
            yield u.row_hit(inp.ev, ind, f"{where}，没有说明衡量什么", "level3",
                            level2=ind.level2, level1=ind.level1)  # fmt: skip


@check(
    "DUPLICATE_INDICATOR_ACROSS_TASKS", IQ, Severity.WARNING,
    title="同一指标在多个任务或项目中重复", rule="R13.8",
    why="每个任务或项目应有与其相关的指标（R13.8，R14 相关性）。按规范化的指标名称和指标值分组，"
    "同一组出现在两个及以上任务或项目中时报告（套话，或同一产出重复申报）；没有指标行的项目"
    "按其绩效指标文字逐句比较。满意度、预算执行类、框架固定行，以及各项目都可能有的指标值"
    "（百分比、“合格”等可核验状态、“=1个”单项、目标表中的空值）不报告。",
    min_groups=2,
    min_chars=6,
    standard_values=("合格", "规范", "健全", "达标", "通过", "完成", "无", "有", "是", "否", "合规",
                     "正常"),
)  # fmt: skip
def duplicate_indicator_across_tasks(inp: CheckInput) -> Iterator[Hit]:
    for occurrences, places in u.duplicate_groups(inp):
        first = occurrences[0]
        nums = "、".join(str(g + 1) for g in places)
        yield hit(
            f"指标“{first.text}”在{len(places)}个任务或项目中重复出现（第{nums}项）",
            first.location, None, indicator=first.text, groups=nums,
            projects=[u.group_name(inp.ev, g) or "" for g in places],
        )  # fmt: skip


@check(
    "NO_QUANTIFIED_OUTPUT", IQ, Severity.WARNING,
    title="产出指标中没有真正的数量", rule="R14",
    why="每个任务或项目应有量化的产出指标（R14 相关性，R13.1）。在有指标值、有产出指标的"
    "每个项目或任务中，若没有一项数量指标以%或百分比以外的单位给出数值，报告一次；"
    "全无指标值的项目归 ROW_VALUES_MISSING。",
    output_block="产出",
    quantity_block="数量",
)  # fmt: skip
def no_quantified_output(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.ev
    for group, rows in u.by_group(ev.indicators).items():
        if all(r.target_parsed.kind is ValueKind.EMPTY for r in rows):
            continue
        outputs = [r for r in rows if inp.setting("output_block") in u.norm(r.level1)]
        qty = [r for r in outputs if inp.setting("quantity_block") in u.norm(r.level2)]
        if not any(r.level2 for r in outputs) or any(u.quantified(r) for r in qty):
            continue
        shown = [u.row_ref(r) for r in qty] or ["（无数量指标）"]
        yield hit(
            f"{u.group_label(ev, group)}的产出指标中没有以数量单位表示的数量指标："
            f"{'、'.join(shown)}",
            u.at(qty[0].location, "target") if qty else u.block_location(ev, group, outputs,
                                                                             "target"),
            None, rows=shown,
        )  # fmt: skip


@check(
    "GOAL_OFF_PROJECT", IQ, Severity.INFO,
    title="业务项目的目标或资金用途只讲工资或日常运转", rule="R14",
    why="项目目标应与项目本身相关（R14 相关性）。项目名称不是人员、公用经费类，而绩效目标和"
    "资金用途含工资、福利、办公、正常运转、保障单位工作等词，且不含项目名称（去掉文号）中的任何"
    "两字片段时报告。只查项目，不查部门整体目标。",
    basic_names=("人员经费", "公用经费", "工资", "运转", "基本支出"),
    upkeep_words=("工资", "福利", "办公", "正常运转", "保障单位工作"),
)  # fmt: skip
def goal_off_project(inp: CheckInput) -> Iterator[Hit]:
    basic, upkeep = tuple(inp.setting("basic_names")), tuple(inp.setting("upkeep_words"))
    for item in u.project_goals(inp.ev):
        words = u.off_project_words(item, basic, upkeep)
        if words:
            said = "；".join(x for x in (item.goal, item.purpose) if x)
            yield hit(
                f"项目“{item.name}”的绩效目标或资金用途只讲{'、'.join(words)}（“{said}”），"
                "与项目内容无关",
                u.at(item.location, "goal"), None,
                project=item.name, goal=item.goal, purpose=item.purpose, words=words,
            )  # fmt: skip


@check(
    "BASIS_NOT_STANDARD", IQ, Severity.INFO,
    title="指标值没有确定依据，或依据只是预算文号", rule="R12.2",
    why="指标值应有确定依据：计划标准、行业标准、历史标准或其他认可的标准（R12.2，R14 可行性）。"
    "在有“指标值确定依据”列的文件中，依据为空，或只是一个文号（…字/发/财【YYYY】N号）而不含"
    "计划、规划、标准等词时报告；一个表的全部行都如此时整表报告一次。",
    standard_words=("计划", "规划", "标准", "方案", "历史", "行业", "测算", "调查", "统计"),
)  # fmt: skip
def basis_not_standard(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.ev
    if not any(ind.basis for ind in ev.indicators):  # the form has no basis column
        return
    words = tuple(inp.setting("standard_words"))
    for group, rows in u.by_group(ev.indicators).items():
        defects = [d for d in (u.basis_defect(ev, r, words) for r in rows) if d is not None]
        bases = sorted({d.evidence["basis"] for d in defects})
        said = "都没有填写" if bases == ["（空）"] else f"都只是“{'、'.join(bases)}”"
        message = (f"{u.group_label(ev, group)}全部{len(defects)}项指标的确定依据{said}，"
                   "不是计划、行业或历史标准")  # fmt: skip
        yield from u.emit(ev, group, defects, rows, "basis", message, basis=bases)
