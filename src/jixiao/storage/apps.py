"""Django app config for the storage app."""

from __future__ import annotations

from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "jixiao.storage"
    label = "jixiao_storage"
    verbose_name = "绩效数据"
    default_auto_field = "django.db.models.BigAutoField"
