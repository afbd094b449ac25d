"""Security headers on every response; cleaned text in every request."""

from flask import Flask, request

from seminar.text import CleanRequest

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'; media-src 'self' blob:; connect-src 'self'; worker-src 'self'"
)


def init_app(app: Flask) -> None:
    app.request_class = CleanRequest

    @app.after_request
    def set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        # Manage links carry a private token in the URL: no other site sees it as a referrer.
        # Our own pages do get it, as Flask-WTF's CSRF check on HTTPS requires a same-site one.
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE") and request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
