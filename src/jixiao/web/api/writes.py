"""The write endpoints: create (a file, or an evaluation document), save an edited document,
apply a workflow action. Rights and versions are checked by storage; here a refusal gets its
code: 403 when the caller's role may never do it, 409 when the record's state or version
stands in the way (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from jixiao.model.evaluation import Evaluation
from jixiao.model.workflow import TRANSITIONS, Action, Role
from jixiao.services.assess import JsonDocumentError, from_document, split_projects
from jixiao.storage import records, selectors
from jixiao.storage.models import Record, Unit
from jixiao.web import flows
from jixiao.web.api import shapes
from jixiao.web.api.http import ApiError, Call, int_field, is_json, json_body, object_field, respond
from jixiao.web.api.reads import detail

MULTIPART = "multipart/form-data"


def _unit_for(user: Any, raw: Any) -> Unit:
    """The unit a new record is for: the caller's own, or the one named (an administrator's
    choice); 403 when the caller may not fill in for it."""
    m = selectors.membership(user)
    if raw in (None, ""):
        if m is None and selectors.role_of(user) is Role.ADMIN:
            raise ApiError("bad_request", "请用 unit 指定为哪个单位填报（单位编号）")
        unit: Unit | None = None if m is None else m.unit
    else:
        try:
            unit = selectors.visible_units(user).filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            raise ApiError("bad_request", f"unit 应为单位编号（整数），实为 {raw!r}") from None
    if unit is None or not records.can_create(user, unit):
        raise ApiError("forbidden", "您没有为该单位填报的权限")
    return unit


def _limit() -> int:
    return int(settings.MAX_UPLOAD_BYTES)


def _create_from_file(call: Call) -> HttpResponse:
    request = call.request
    unit = _unit_for(call.user, request.POST.get("unit"))
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise ApiError("bad_request", "请在表单字段 file 中上传文件")
    if uploaded.size is not None and uploaded.size > _limit():
        mb = _limit() // 1024 // 1024
        raise ApiError("too_large", f"{uploaded.name}：文件过大（上限 {mb} MB）")
    result = flows.create_from_upload(
        call.user, unit, str(uploaded.name), uploaded.read(_limit() + 1)
    )
    if isinstance(result, str):
        raise ApiError("bad_request", result)
    return respond(shapes.created(result.records, result.warnings), status=201)


def _evaluation(data: dict[str, Any]) -> Evaluation:
    try:
        return from_document(object_field(data, "evaluation"))
    except JsonDocumentError as exc:
        raise ApiError("bad_request", f"评价文档有误：evaluation.{exc}") from None


def _create_from_json(call: Call) -> HttpResponse:
    data = json_body(call.request)
    unit = _unit_for(call.user, data.get("unit"))
    ev = _evaluation(data)
    made = [flows.create_from_evaluation(call.user, unit, part) for part in split_projects(ev)]
    return respond(shapes.created(made, ev.warnings), status=201)


def evaluation_create(call: Call) -> HttpResponse:
    """POST a file (multipart, field ``file``) or ``{"evaluation": {…}}`` (JSON)."""
    if _content_type(call.request).startswith(MULTIPART):
        return _create_from_file(call)
    if is_json(call.request):
        return _create_from_json(call)
    raise ApiError("unsupported", "请以 multipart/form-data（字段 file）上传文件，或以 "
                   "application/json 发送 {\"evaluation\": {…}}")  # fmt: skip


def _content_type(request: HttpRequest) -> str:
    return (request.content_type or "").lower()


def _check_editable(user: Any, record: Record) -> None:
    if not records.can_create(user, record.unit):
        raise ApiError("forbidden", f"您无权修改“{record.title}”")
    if not record.state.editable:
        raise ApiError(
            "conflict", f"“{record.title}”当前为{record.state.label}，不能修改（须先退回）"
        )


def evaluation_update(call: Call, pk: int) -> HttpResponse:
    """PUT ``{"version": n, "evaluation": {…}}``: the whole document, replacing the stored one."""
    record = selectors.get_record(call.user, pk)
    _check_editable(call.user, record)
    data = json_body(call.request)
    version = int_field(data, "version")
    ev = _evaluation(data)
    saved, _ = flows.save_edits(call.user, record, ev, version)
    return respond(detail(call.user, saved))


def _may_ever(user: Any, action: Action) -> bool:
    role = selectors.role_of(user)
    return any(a is action and role in roles for (_, a), (_, roles) in TRANSITIONS.items())


def _refuse(user: Any, record: Record, action: Action) -> None:
    """403 when the caller's role may never do ``action``; 409 when the state forbids it now."""
    role = selectors.role_of(user)
    if role is None or not _may_ever(user, action):
        who = "您" if role is None else f"{role.label}"
        raise ApiError("forbidden", f"{who}不能{action.label}“{record.title}”")
    raise ApiError("conflict", f"“{record.title}”当前为{record.state.label}，不能{action.label}")


def _action(data: dict[str, Any]) -> Action:
    raw = data.get("action")
    try:
        return Action(str(raw))
    except ValueError:
        allowed = "、".join(a.value for a in Action)
        raise ApiError("bad_request", f"action 应为以下之一：{allowed}，实为 {raw!r}") from None


def evaluation_action(call: Call, pk: int) -> HttpResponse:
    """POST ``{"action": "submit|return|approve|publish", "comment": "…", "version": n}``."""
    record = selectors.get_record(call.user, pk)
    data = json_body(call.request)
    action = _action(data)
    version = int_field(data, "version")
    comment = data.get("comment") or ""
    if not isinstance(comment, str):
        raise ApiError("bad_request", "comment 应为文本")
    if not records.can_act(call.user, record, action):
        _refuse(call.user, record, action)
    saved = records.apply_action(call.user, record, action, comment, version)
    return respond(detail(call.user, saved))
