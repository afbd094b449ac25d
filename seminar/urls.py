"""Absolute links for emails, QR codes and PDFs, based on PUBLIC_URL (no request needed)."""

from urllib.parse import urlsplit

from flask import current_app


def external(endpoint: str, **values) -> str:
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
