"""The web app (Django): server-rendered pages, htmx where a page updates in place, the JSON
API under /api/v1/. Views are thin: parse, call services and storage, render."""
