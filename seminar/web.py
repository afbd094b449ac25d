"""What the web side of every feature shares: role guards, organiser blueprints, rate limits.

Features import these from here, never from another feature's views; services never abort.
"""

from functools import wraps

from flask import Blueprint, abort, current_app
from flask_login import current_user, login_required

from seminar.extensions import login_manager


def role_required(*roles: str):
    """One organiser page: logged in, and with one of these roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required("admin")


def organiser_blueprint(name: str, import_name: str, url_prefix: str, roles=("admin",)):
    """A feature's organiser pages: one url_prefix and one role check before every request."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)

    @bp.before_request
    def check_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return bp


def public_post_limit() -> str:
    """The rate limit on public forms (RATELIMIT_PUBLIC_POST), for `limiter.limit`."""
    return current_app.config["RATELIMIT_PUBLIC_POST"]
