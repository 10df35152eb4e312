"""The start page: counts by state, the grade chart with the table behind it (ECharts is our
own static copy, never a CDN)."""

from __future__ import annotations

import json
import re

from django.test import Client

from tests.web.conftest import World


def test_dashboard_counts_and_grade_chart(world: World) -> None:
    page = world.client("filler_a").get("/").content.decode()
    assert re.search(r"草稿</span><b>1</b>", page)  # record_a only: record_b is another unit's
    data = re.search(r'<script id="grade-chart-data" type="application/json">(.*?)</script>', page)
    assert data is not None
    # record_a recomputes to 97.92: 优秀 under hebei-2019 (85/75/60 bands)
    assert json.loads(data.group(1)) == {"title": "复算等级分布", "labels": ["优秀"], "values": [1]}
    assert "/static/vendor/echarts-6.1.0.min.js" in page
    assert "cdn" not in page.lower()


def test_static_vendor_files_are_served(world: World) -> None:
    c = Client()
    for path in ("/static/vendor/echarts-6.1.0.min.js", "/static/vendor/htmx-2.0.11.min.js",
                 "/static/jixiao/site.css", "/static/jixiao/charts.js"):  # fmt: skip
        response = c.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert len(body) > 100


def test_error_pages_in_chinese_and_json_under_api(world: World, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    c = Client(raise_request_exception=False)
    page = c.get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()
    from django.test import RequestFactory  # noqa: PLC0415

    from jixiao.web.views import errors  # noqa: PLC0415

    api = errors.server_error(RequestFactory().get("/api/v1/evaluations/"))
    assert api.status_code == 500
    assert json.loads(api.content)["error"]["code"] == "server_error"
    html = errors.server_error(RequestFactory().get("/evaluations/"))
    assert html.status_code == 500 and "服务器内部错误" in html.content.decode()
