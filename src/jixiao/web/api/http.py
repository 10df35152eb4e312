"""The API's plumbing: one JSON error shape, token authentication, method dispatch.

Every error any endpoint gives is ``{"error": {"code": …, "message": …}}`` with the matching
HTTP status (docs/api.md). A handler raises :class:`ApiError`; the known refusals of storage
(not found, not allowed, stale version) are mapped here, once, so no endpoint answers in
another shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from jixiao.storage import records, selectors
from jixiao.web.api import tokens

STATUS: Final[dict[str, int]] = {
    "bad_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "too_large": 413,
    "unsupported": 415,
    "server_error": 500,
}


class ApiError(Exception):
    """A refused request: one of the codes of :data:`STATUS` and a Chinese message."""

    def __init__(self, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return STATUS[self.code]


class _Encoder(json.JSONEncoder):
    """Decimals as strings (never floats), like the CLI's documents."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def respond(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, safe=False, encoder=_Encoder, json_dumps_params={"ensure_ascii": False}
    )


def error_response(err: ApiError) -> JsonResponse:
    response = respond({"error": {"code": err.code, "message": err.message}}, err.status)
    for name, value in err.headers.items():
        response[name] = value
    return response


@dataclass(frozen=True)
class Call:
    """One API request: the request and the user its token names (None on public endpoints)."""

    request: HttpRequest
    user: Any


Handler = Callable[..., HttpResponse]
View = Callable[..., HttpResponse]

UNAUTHORIZED: Final = "请在请求头 Authorization: Bearer <令牌> 中提供有效的 API 令牌"


def authenticate(request: HttpRequest) -> Any:
    """The user of the request's bearer token; never the session cookie."""
    user = tokens.user_for(request.headers.get("Authorization", ""))
    if user is None:
        raise ApiError("unauthorized", UNAUTHORIZED, {"WWW-Authenticate": 'Bearer realm="jixiao"'})
    return user


def _run(request: HttpRequest, handler: Handler, public: bool, kwargs: dict[str, Any]) -> Any:
    user = None if public else authenticate(request)
    try:
        return handler(Call(request, user), **kwargs)
    except selectors.NotFoundError:
        raise ApiError("not_found", "没有这条记录") from None
    except records.StaleVersionError as exc:
        raise ApiError("conflict", str(exc)) from None
    except records.NotAllowedError as exc:
        raise ApiError("forbidden", str(exc)) from None
    except records.RecordError as exc:
        raise ApiError("bad_request", str(exc)) from None
    except RequestDataTooBig:
        mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        raise ApiError(
            "too_large", f"请求体过大（上限 {mb:g} MB；文件请用 multipart 上传）"
        ) from None
    except (TooManyFieldsSent, MultiPartParserError, SuspiciousOperation):
        raise ApiError("bad_request", "请求格式不正确") from None


def endpoint(*, public: bool = False, **handlers: Handler) -> View:
    """A view answering the given methods (``GET=…, POST=…``); every other method is 405.
    Token auth unless ``public``; CSRF-exempt because no cookie ever authenticates here."""
    allowed = sorted(handlers)
    if "GET" in handlers:
        handlers.setdefault("HEAD", handlers["GET"])

    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        handler = handlers.get(request.method or "")
        try:
            if handler is None:
                raise ApiError(
                    "method_not_allowed",
                    f"此接口不支持 {request.method} 方法（可用：{'、'.join(allowed)}）",
                    {"Allow": ", ".join(allowed)},
                )
            response: HttpResponse = _run(request, handler, public, kwargs)
        except ApiError as err:
            return error_response(err)
        return response

    return view


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/v1/ that names no endpoint."""
    hint = "" if request.path.endswith("/") else "（接口路径以 / 结尾）"
    return error_response(ApiError("not_found", f"没有这个接口：{request.path}{hint}"))


# --- request bodies -------------------------------------------------------------------------

_JSON_MESSAGES: Final = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name enclosed in double quotes", "属性名须用双引号括起"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Extra data", "值之后有多余内容"),
    ("Unterminated string", "字符串没有结束的引号"),
    ("Invalid control character", "字符串中有控制字符"),
    ("Invalid \\escape", "无效的转义符"),
)


def json_error_message(exc: json.JSONDecodeError) -> str:
    """``请求体不是有效的 JSON：第 3 行第 5 列，缺少逗号``."""
    what = next((zh for en, zh in _JSON_MESSAGES if exc.msg.startswith(en)), "格式错误")
    return f"请求体不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{what}"


def is_json(request: HttpRequest) -> bool:
    return (request.content_type or "").lower() in ("application/json", "text/json")


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The request's JSON object; 415 for another content type, 400 for bad JSON."""
    if not is_json(request):
        raise ApiError("unsupported", "请以 Content-Type: application/json 发送 JSON 对象")
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError("bad_request", "请求体须为 UTF-8 编码的 JSON") from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ApiError("bad_request", json_error_message(exc)) from None
    if not isinstance(data, dict):
        raise ApiError("bad_request", "请求体须为 JSON 对象（{…}）")
    return data


def int_field(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError("bad_request", f"缺少 {key}，或 {key} 不是整数")
    return value


def object_field(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ApiError("bad_request", f"缺少 {key}，或 {key} 不是 JSON 对象")
    return value
