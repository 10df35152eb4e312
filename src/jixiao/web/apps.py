"""Django app config for the web app (templates, static files, admin registrations)."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jixiao.web"
    label = "jixiao_web"
    verbose_name = "绩效管理"
