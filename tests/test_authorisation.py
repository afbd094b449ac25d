"""Who may open what: every route of the app × anonymous, check-in staff and admin.

A new route fails `test_every_route_has_an_access_decision` until it is given one here."""

import pytest

from tests.factories import make_edition, make_participant, make_user

PUBLIC, TOKEN, STAFF, ADMIN, API = "public", "token", "staff", "admin", "api"
# PUBLIC: anyone. TOKEN: anyone holding the private token or code in the address (an unknown one
# is 404). STAFF: check-in staff and admins (anonymous → login). ADMIN: admins only (anonymous →
# login, check-in staff → 403). API: check-in staff and admins by bearer token or session
# (anonymous → 401).
DECISIONS = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "registration.index": PUBLIC,
    "registration.landing": PUBLIC,
    "registration.register": PUBLIC,
    "registration.resend": PUBLIC,
    "programme.public": PUBLIC,
    "programme.edition_ics": PUBLIC,
    "programme.session_ics": PUBLIC,
    "programme.photo": PUBLIC,
    "certificates.verify_form": PUBLIC,
    "certificates.verify": TOKEN,
    "registration.manage": TOKEN,
    "registration.cancel": TOKEN,
    "badges.wallet": TOKEN,
    "certificates.correction": TOKEN,
    "certificates.download": TOKEN,
    "privacy.download": TOKEN,
    "privacy.erase": TOKEN,
    "invitations.follow": TOKEN,
    "invitations.decline": TOKEN,
    "invitations.unsubscribe": TOKEN,
    "programme.speaker": TOKEN,
    "travel.participant": TOKEN,
    "travel.speaker": TOKEN,
    "proposals.rapporteur": TOKEN,
    "proposals.rapporteur_post": TOKEN,
    "proposals.rapporteur_delete": TOKEN,
    "proposals.rapporteur_state": TOKEN,
    "proposals.rapporteur_save": TOKEN,
    "proposals.rapporteur_remove": TOKEN,
    "proposals.public": PUBLIC,
    "proposals.service_worker": PUBLIC,
    "proposals.public_pdf": PUBLIC,
    "admin.home": STAFF,  # check-in staff are sent on to their station
    "checkin.app": STAFF,
    "checkin.manifest": PUBLIC,  # the station's PWA manifest: names and icons only
    "checkin.service_worker": PUBLIC,
    "checkin.walk_in": STAFF,
    "badges.one": STAFF,
    "api.checkin": API,
    "api.checkin_batch": API,
    "api.codes": API,
    "api.search": API,
    "api.station": API,
    "api.undo": API,
}
ADMIN_PREFIXES = ("admin.", "allocation.", "attendance.", "badges.", "certificates_admin.",
                  "checkin.", "invitations.", "participants.", "privacy_admin.", "programme.",
                  "programme_admin.", "invitations_admin.", "badges_admin.",
                  "announcements.", "needs.", "network.", "council.",
                  "travel_admin.", "proposals_admin.")  # fmt: skip


def decision(endpoint: str) -> str | None:
    if endpoint in DECISIONS:
        return DECISIONS[endpoint]
    return ADMIN if endpoint.startswith(ADMIN_PREFIXES) else None


VALUES = {"token": "not-a-token", "code": "NOTACODE", "fmt": "csv", "kind": "invitation",
          "language": "es", "decision": "approve", "action": "approve", "job_id": "nojob",
          "photo_id": "nophoto", "filename": "css/app.css",
          "client_id": "00000000-0000-4000-8000-000000000000"}  # fmt: skip


def addresses(app, slug: str, person_id: int):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        values = {}
        for name in rule.arguments:
            if name == "slug":
                values[name] = slug
            elif name == "participant_id":
                values[name] = person_id
            elif rule._converters[name].__class__.__name__ == "IntegerConverter":
                values[name] = 1
            else:
                values[name] = VALUES[name]
        path = app.url_map.bind("localhost").build(rule.endpoint, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def test_every_route_has_an_access_decision(app):
    undecided = sorted(
        {r.endpoint for r in app.url_map.iter_rules() if decision(r.endpoint) is None}
    )
    assert undecided == []


def refused(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code in (401, 403) or (
        response.status_code == 302 and "/login" in location
    )


@pytest.fixture
def clients(app):
    """An anonymous client, one logged in as check-in staff and one as admin."""
    result = {"anonymous": app.test_client()}
    for role in ("checkin", "admin"):
        user = make_user(role)
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": "a-long-password"})
        assert response.status_code == 302
        result[role] = client
    return result


def test_every_route_answers_each_role_as_decided(app, clients):
    edition = make_edition()
    person = make_participant(edition)
    wrong = []
    for endpoint, method, path in addresses(app, edition.slug, person.id):
        kind = decision(endpoint)
        for role, client in clients.items():
            if method != "GET" and not _is_refusal_expected(kind, role):
                continue  # allowed writes are each feature's own tests, with real data
            response = client.open(path, method=method)
            response.close()  # a static file's stream is open until then
            expected = _expect(kind, role)
            ok = {
                "refused": refused(response),
                "anonymous-refused": response.status_code in (401, 302) and refused(response),
                "forbidden": response.status_code == 403,
                "allowed": not refused(response) and response.status_code < 500,
                "not-found": response.status_code == 404,
            }[expected]
            if not ok:
                wrong.append(f"{role:9} {method:4} {path} [{kind}] → {response.status_code}, "
                             f"expected {expected}")  # fmt: skip
    assert not wrong, "\n".join(wrong)


def _is_refusal_expected(kind: str, role: str) -> bool:
    return _expect(kind, role) in ("refused", "anonymous-refused", "forbidden", "not-found")


def _expect(kind: str, role: str) -> str:
    if kind == PUBLIC:
        return "allowed"
    if kind == TOKEN:
        return "not-found"
    if role == "anonymous":
        return "anonymous-refused"
    if kind == ADMIN and role == "checkin":
        return "forbidden"
    return "allowed"


@pytest.mark.parametrize(
    "target", ["//evil.example", "///evil.example", "https:evil.example", "/\\evil.example",
               "\\\\evil.example", "https://evil.example/", "http:/evil.example",
               " //evil.example", "////evil.example", "/\t/evil.example", "javascript:alert(1)"],
)  # fmt: skip
def test_login_ignores_a_next_that_leaves_the_site(sqlite_app, target):
    from urllib.parse import urlsplit

    user = make_user("admin")
    response = sqlite_app.test_client().post(
        "/login", query_string={"next": target},
        data={"email": user.email, "password": "a-long-password"},
    )  # fmt: skip
    assert response.status_code == 302
    # As a browser reads a Location: tabs and newlines dropped, backslashes as slashes.
    seen = response.headers["Location"].translate({9: None, 10: None, 13: None})
    seen = seen.replace("\\", "/").lstrip()
    location = urlsplit(seen)
    assert not seen.startswith("//"), seen
    assert location.netloc in ("", "localhost") and location.scheme in ("", "http"), seen


def test_login_follows_a_next_within_the_site(sqlite_app):
    user = make_user("admin")
    response = sqlite_app.test_client().post(
        "/login", query_string={"next": "/admin/outbox"},
        data={"email": user.email, "password": "a-long-password"},
    )  # fmt: skip
    assert response.headers["Location"] == "/admin/outbox"
