"""The Django admin (zh-hans) for units, people, rule sets and records.

A bureau's own rule set is uploaded as a YAML file and validated by the same loader the CLI
uses: a bad file is refused with its name and line, and nothing is stored.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from jixiao.services.rulesets import RulesError, list_rulesets, load_rules_bytes
from jixiao.storage.models import (
    ApiToken,
    AuditEntry,
    Membership,
    Record,
    RuleSetChoice,
    RuleSetFile,
    Unit,
    Upload,
)

MAX_RULES_BYTES = 512 * 1024


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "parent", "region", "code")
    list_filter = ("kind",)
    search_fields = ("name", "region", "code")


class MembershipInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Membership
    can_delete = False
    verbose_name_plural = "单位与角色"


admin.site.unregister(User)


@admin.register(User)
class JixiaoUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin with the user's unit and role on the same page."""

    inlines = (MembershipInline,)
    list_display = ("username", "first_name", "membership", "is_staff", "is_active")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name")
    autocomplete_fields = ("unit",)


class RuleSetFileForm(forms.ModelForm):  # type: ignore[type-arg]
    upload = forms.FileField(label="规则集 YAML 文件", required=False)

    class Meta:
        model = RuleSetFile
        fields: ClassVar = ["bureau", "name", "text"]
        widgets: ClassVar = {"text": forms.Textarea(attrs={"rows": 20, "cols": 100})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        uploaded = data.get("upload")
        if uploaded is not None:
            if uploaded.size > MAX_RULES_BYTES:
                raise forms.ValidationError(f"{uploaded.name}：文件过大（上限 512 KB）")
            raw, name = uploaded.read(), str(uploaded.name)
        else:
            raw, name = (data.get("text") or "").encode("utf-8"), f"{data.get('name')}.yaml"
        if not raw.strip():
            raise forms.ValidationError("请上传规则集 YAML 文件或填写内容")
        try:
            load_rules_bytes(raw, name)
        except RulesError as exc:
            raise forms.ValidationError(str(exc)) from None
        data["text"] = raw.decode("utf-8-sig")
        return data


@admin.register(RuleSetFile)
class RuleSetFileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = RuleSetFileForm
    list_display = ("name", "bureau", "uploaded_by", "uploaded_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.text = form.cleaned_data["text"]
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class RuleSetChoiceForm(forms.ModelForm):  # type: ignore[type-arg]
    shipped = forms.ChoiceField(label="内置规则集", required=False)

    class Meta:
        model = RuleSetChoice
        fields: ClassVar = ["bureau", "year_from", "shipped", "own"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(m.name, f"{m.name}（{m.title}）") for m in list_rulesets()]
        self.fields["shipped"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if bool(data.get("shipped")) == bool(data.get("own")):
            raise forms.ValidationError("请选择一个内置规则集，或一个自定义规则集（二选一）")
        return data


@admin.register(RuleSetChoice)
class RuleSetChoiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = RuleSetChoiceForm
    list_display = ("bureau", "year_from", "shipped", "own")


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "unit", "fiscal_year", "status", "score", "grade", "version")
    list_filter = ("status", "fiscal_year", "grade")
    search_fields = ("title", "unit__name")
    readonly_fields = ("version", "created_at", "updated_at", "published_at", "document")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # records change through the workflow pages, with the audit log

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "record", "user", "action", "version", "comment")
    list_filter = ("action",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("original_name", "unit", "file_format", "size", "uploaded_at")
    readonly_fields = ("stored_name", "sha256", "size", "file_format")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "name", "created_at", "last_used")
    readonly_fields = ("key_hash", "created_at", "last_used")


from jixiao.web import admin_cycle  # noqa: E402, F401  - the cycle's admin pages register themselves
