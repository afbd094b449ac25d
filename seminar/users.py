"""Organiser accounts and check-in device tokens."""

import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import bindparam, select

from seminar import audit
from seminar.clock import now
from seminar.extensions import db
from seminar.models import ApiToken, User
from seminar.models.user import USER_ROLES, hash_token

MIN_PASSWORD = 10


class UserError(ValueError):
    pass


def by_email(address: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == address.strip().lower())).first()


def create(address: str, role: str, password: str | None = None) -> tuple[User, str]:
    """Create an organiser; returns the user and the password (generated when not given)."""
    try:
        address = validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise UserError(f"'{address}' is not a valid email: {exc}") from exc
    if role not in USER_ROLES:
        raise UserError(f"unknown role '{role}' (admin or checkin)")
    if by_email(address):
        raise UserError(f"a user {address} exists already")
    password = password or secrets.token_urlsafe(12)
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters")
    user = User(email=address, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", address, role=role)
    return user, password


def issue_token(user: User, label: str = "") -> str:
    token_row, token = ApiToken.issue(user, label)
    db.session.add(token_row)
    db.session.flush()
    audit.record("token.issue", user.email, label=label)
    return token


# Built once: every check-in API request asks it, so it should not be rebuilt each time.
_USER_BY_TOKEN = (
    select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        User.active.is_(True),
    )
)


def user_for_token(token: str) -> User | None:
    return db.session.scalars(_USER_BY_TOKEN, {"token_hash": hash_token(token)}).first()


def revoke_token(token_id: int) -> None:
    row = db.session.get(ApiToken, token_id)
    if row and row.revoked_at is None:
        row.revoked_at = now()
        audit.record("token.revoke", row.user.email, label=row.label)
