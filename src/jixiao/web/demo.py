"""Demo data: the units of the five seeds under their finance bureaus, a user per role, and the
shipped demo documents (our own, rebuilt from the seeds) as records in several states.

``load_demo()`` is idempotent: a database that already has the demo units is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.model.workflow import Action, Role
from jixiao.services import upload as uploads
from jixiao.services.demo import demo_paths
from jixiao.storage import records, routing
from jixiao.storage.models import Membership, Unit
from jixiao.web import flows
from jixiao.web.demo_cycle import load_cycle

DEMO_PASSWORD: Final = "jixiao-demo-2025"


@dataclass(frozen=True)
class DemoUnit:
    key: str  # user names start with it
    bureau: str
    region: str
    department: str
    branch: str | None = None


UNITS: Final = (
    DemoUnit("sjz", "石家庄市财政局", "河北省石家庄市", "石家庄市自然资源和规划局",
             "石家庄市自然资源和规划局鹿泉分局"),
    DemoUnit("jingxing", "井陉县财政局", "河北省石家庄市井陉县", "井陉县自然资源和规划局"),
    DemoUnit("huailai", "怀来县财政局", "河北省张家口市怀来县", "怀来县自然资源和规划局"),
    DemoUnit("qingcheng", "庆城县财政局", "甘肃省庆阳市庆城县", "庆城县自然资源局"),
    DemoUnit("qinglan", "青岚县财政局", "河北省", "青岚县民政局"),
)  # fmt: skip

# demo file → (unit name, the workflow actions it has been through, by role)
DOCUMENTS: Final = {
    "shijiazhuang-2022-dept-self-eval": ("石家庄市自然资源和规划局",
                                         (Action.SUBMIT, Action.APPROVE, Action.PUBLISH)),
    "luquan-2025-dept-self-eval": ("石家庄市自然资源和规划局鹿泉分局", (Action.SUBMIT,)),
    "jingxing-2025-dept-self-eval": ("井陉县自然资源和规划局", (Action.SUBMIT,)),
    "huailai-2024-targets": ("怀来县自然资源和规划局", ()),
    "qingcheng-2024-dept-self-eval": ("庆城县自然资源局", ()),
    "minzheng-2024-project-self-eval": ("青岚县民政局", (Action.SUBMIT, Action.APPROVE)),
}  # fmt: skip


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    unit: str


def _user(username: str, full_name: str, unit: Unit, role: Role, made: list[DemoUser]) -> None:
    user_model = get_user_model()
    user = user_model.objects.create_user(
        username=username, password=DEMO_PASSWORD, first_name=full_name
    )
    Membership.objects.create(user=user, unit=unit, role=role.value)
    made.append(DemoUser(username, role, unit.name))


def _units(made: list[DemoUser]) -> None:
    for d in UNITS:
        bureau = Unit.objects.create(name=d.bureau, kind=Unit.Kind.BUREAU, region=d.region)
        dept = Unit.objects.create(
            name=d.department, kind=Unit.Kind.DEPARTMENT, parent=bureau, region=d.region
        )
        _user(f"{d.key}-czj", f"{d.bureau}审核人", bureau, Role.REVIEWER, made)
        _user(d.key, f"{d.department}填报人", dept, Role.FILLER, made)
        if d.branch:
            branch = Unit.objects.create(
                name=d.branch, kind=Unit.Kind.BRANCH, parent=dept, region=d.region
            )
            _user(f"{d.key}-branch", f"{d.branch}填报人", branch, Role.FILLER, made)
    hebei = Unit.objects.get(name="石家庄市财政局")
    _user("auditor", "审计人员（只读）", hebei, Role.AUDITOR, made)


def _reviewer_of(unit: Unit) -> object:
    node = unit
    while node.parent is not None:
        node = node.parent
    return Membership.objects.get(unit=node, role=Role.REVIEWER.value).user


def _documents() -> int:
    count = 0
    for path in demo_paths():
        name, steps = DOCUMENTS.get(Path(path).stem, (None, ()))
        if name is None:
            continue
        unit = Unit.objects.get(name=name)
        filler = Membership.objects.get(unit=unit, role=Role.FILLER.value).user
        parsed = uploads.parse_upload(path.name, path.read_bytes(),
                                            uploads.Accepted("txt"))  # fmt: skip
        evaluations = [] if not hasattr(parsed, "evaluations") else parsed.evaluations
        upload = records.store_upload(filler, unit, path.name, path.read_bytes(), "txt")
        for ev in evaluations:
            record = flows.create_from_evaluation(filler, unit, ev, upload)
            for action in steps:
                actor = filler if action is Action.SUBMIT else _reviewer_of(unit)
                record = records.apply_action(actor, record, action, "演示数据", record.version)
            count += 1
    return count


def load_demo() -> tuple[list[DemoUser], int]:
    """Create the demo units, users and records; ``([], 0)`` when they are already there."""
    if Unit.objects.filter(name=UNITS[0].bureau).exists():
        return [], 0
    made: list[DemoUser] = []
    with transaction.atomic(using=routing.alias()):
        _units(made)
        user_model = get_user_model()
        user_model.objects.create_superuser("admin", password=DEMO_PASSWORD, first_name="管理员")
        made.append(DemoUser("admin", Role.ADMIN, "（全部）"))
        count = _documents() + load_cycle()
    return made, count


def demo_usernames() -> list[str]:
    names: list[str] = []
    for d in UNITS:
        names += [f"{d.key}-czj", d.key, *([f"{d.key}-branch"] if d.branch else [])]
    return [*names, "auditor", "admin"]


def demo_users() -> list[DemoUser]:
    """The demo accounts that exist, in the order they were made (never anyone else's: the
    password printed beside them is the demo's)."""
    wanted = demo_usernames()
    found = get_user_model().objects.filter(username__in=wanted).select_related("membership__unit")
    by_name = {u.username: u for u in found}
    out: list[DemoUser] = []
    for name in wanted:
        user = by_name.get(name)
        if user is None:
            continue
        m = getattr(user, "membership", None)
        if m is not None:
            out.append(DemoUser(name, Role(m.role), m.unit.name))
        elif user.is_superuser:
            out.append(DemoUser(name, Role.ADMIN, "（全部）"))
    return out
