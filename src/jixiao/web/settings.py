"""Django settings, from the environment.

- ``DATABASE_URL``: ``sqlite:///path`` or ``postgresql://user@host:port/name``; unset means the
  SQLite file ``jixiao.sqlite3`` in the data directory.
- ``JIXIAO_DATA_DIR``: where the database and uploads live (default ``~/.local/share/jixiao``);
  never under the static root.
- ``JIXIAO_SECRET_KEY``, ``JIXIAO_ALLOWED_HOSTS`` (comma-separated), ``JIXIAO_DEBUG`` (1/0).
- ``JIXIAO_PRODUCTION=1`` (set by ``jixiao serve``): a secret key is required, secure cookies,
  HSTS and the other deployment settings ``manage check --deploy`` asks for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def data_dir() -> Path:
    raw = os.environ.get("JIXIAO_DATA_DIR")
    if raw:
        return Path(raw).expanduser().resolve()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "jixiao"


def database_from_url(url: str | None, default_sqlite: Path) -> dict[str, Any]:
    """``DATABASE_URL`` → a Django DATABASES entry (SQLite or PostgreSQL through psycopg 3)."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        name = path[1:] if path.startswith("//") else path  # sqlite:////abs or sqlite:///rel
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or str(default_sqlite)}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL 不支持 {parts.scheme}://（可用 sqlite 或 postgresql）"
    )


PRODUCTION = _flag("JIXIAO_PRODUCTION")
DEBUG = _flag("JIXIAO_DEBUG", default=not PRODUCTION)
DATA_DIR = data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)  # database and uploads: private
UPLOAD_DIR = DATA_DIR / "uploads"

_secret = os.environ.get("JIXIAO_SECRET_KEY")
if PRODUCTION and not _secret:
    raise ImproperlyConfigured("生产环境须设置 JIXIAO_SECRET_KEY（至少 50 个随机字符）")
SECRET_KEY = _secret or "jixiao-development-only-" + "x" * 40

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("JIXIAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "jixiao.storage.apps.StorageConfig",
    "jixiao.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.context.membership",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL"), DATA_DIR / "jixiao.sqlite3")
}
DATABASE_ROUTERS = ["jixiao.storage.routing.Router"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/public/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves collected files from here
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploads: size and number limits; the content is sniffed by the readers, never trusted by name.
MAX_UPLOAD_BYTES = int(os.environ.get("JIXIAO_MAX_UPLOAD_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields (the edit grid of a large document)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# Login throttling: this many failures per user name or address within the window.
LOGIN_MAX_FAILURES = int(os.environ.get("JIXIAO_LOGIN_MAX_FAILURES", "5"))
LOGIN_WINDOW_SECONDS = 15 * 60

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("JIXIAO_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("JIXIAO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
