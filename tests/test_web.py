"""Every organiser URL is guarded: a visitor is sent to log in, the check-in role gets 403."""

import re

import pytest

from tests.factories import make_edition

# Organiser URLs the check-in desk may open as well as admins.
DESK_ENDPOINTS = {"admin.home", "badges.one"}


def organiser_urls(app, slug: str):
    """(method, url, endpoint) of every rule under /admin/, its arguments filled in."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/"):
            continue
        url = rule.rule.replace("<slug>", slug)
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url)
        url = re.sub(r"<int:[^>]+>", "1", url)
        url = re.sub(r"<[^>]+>", "x", url)
        method = "GET" if "GET" in rule.methods else "POST"
        yield method, url, rule.endpoint


def test_every_organiser_url_sends_a_visitor_to_log_in(app, client):
    edition = make_edition()
    urls = list(organiser_urls(app, edition.slug))
    assert len(urls) > 40
    for method, url, endpoint in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, endpoint
        assert "/login" in response.headers["Location"], endpoint


def test_every_admin_url_refuses_the_checkin_role(app, client, login):
    edition = make_edition()
    login("checkin")
    for method, url, endpoint in organiser_urls(app, edition.slug):
        if endpoint in DESK_ENDPOINTS:
            continue
        assert client.open(url, method=method).status_code == 403, endpoint


@pytest.mark.parametrize("role", ["admin", "checkin"])
def test_the_desk_role_opens_its_pages(app, client, login, role):
    edition = make_edition()
    login(role)
    assert client.get("/admin/").status_code in (200, 302)
    assert client.get(f"/admin/e/{edition.slug}/badges/999.pdf").status_code == 404
