"""`flask demo load`: the network's three seminars as the seeds tell them. Idempotent: an
edition already there is left as it is."""

from collections.abc import Callable

from sqlalchemy import select

from seminar import users
from seminar.demo import portuguese, puerto_montt, virtual
from seminar.extensions import db
from seminar.models import Edition
from seminar.proposals import demo as proposals_demo
from seminar.proposals import services as proposals

ADMIN = ("admin@seminario.demo", "puerto-montt-2017")
CHECKIN = ("checkin@seminario.demo", "puerta-de-la-patagonia")
EDITIONS: list[tuple[str, Callable[[], Edition]]] = [
    ("puerto-montt-2017", puerto_montt.create_2017),
    ("puerto-montt-2018", puerto_montt.create_2018),
    (virtual.SLUG, virtual.create),
]


def load() -> list[str]:
    lines = []
    for slug, create in EDITIONS:
        edition = db.session.scalars(select(Edition).where(Edition.slug == slug)).first()
        state = "already there, unchanged"
        if edition is None:
            edition, state = create(), "created"
            db.session.flush()
            portuguese.translate(edition)
        db.session.flush()
        lines.append(f"edition {slug}: {state} ({edition.seats_taken} registered)")
        if slug == "puerto-montt-2018" and not proposals.proposals(edition):
            # Also given to a 2018 edition loaded before the relatoría existed.
            lines.append(f"  its 17 workshops' proposals: {proposals_demo.add(edition)} published")
    for (address, password), role in ((ADMIN, "admin"), (CHECKIN, "checkin")):
        if users.by_email(address) is None:
            users.create(address, role, password)
    db.session.flush()
    lines.append(f"organiser login: {ADMIN[0]} / {ADMIN[1]}")
    lines.append(f"check-in login: {CHECKIN[0]} / {CHECKIN[1]}")
    return lines
