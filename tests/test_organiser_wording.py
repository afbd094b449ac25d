"""What an organiser reads is in their language (es, pt; en too): the import preview's changes,
the allocation's refusals and the other words on organiser pages."""

import io

import pytest

from tests.factories import make_edition, make_participant
from tests.test_participants_import import csv_bytes

PREVIEW_WORDS = {
    "es": ("participante nuevo", "Ciudad, Cargo, Preferencias"),
    "pt": ("participante novo", "Cidade, Cargo, Preferências"),
    "en": ("new participant", "City, Position, Ranking"),
}


def in_language(client, language: str):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def row_of(person, **changes) -> dict:
    row = {
        key: getattr(person, key) or ""
        for key in (
            "first_name", "last_name", "email", "country", "city", "institution", "position",
            "actor_type", "language", "role",
        )
    }  # fmt: skip
    row["preferences"] = ";".join(map(str, person.ranking))
    return {**row, **changes}


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_import_preview_names_each_change_in_the_organisers_language(client, login, language):
    edition = make_edition()
    known = make_participant(edition)
    same = make_participant(edition)
    login()
    rows = [
        row_of(known, city="Osorno", position="Alcaldesa", preferences="6;11;13"),
        row_of(same),
        {**row_of(same), "email": "nueva@example.org"},
    ]
    data = {"file": (io.BytesIO(csv_bytes(rows)), "people.csv"), "sheet": ""}
    page = in_language(client, language).post(
        f"/admin/e/{edition.slug}/participants/import", data=data
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    new, columns = PREVIEW_WORDS[language]
    assert f"<td>{known.email}</td><td>{columns}</td>" in html
    assert f"<td>nueva@example.org</td><td>{new}</td>" in html
    assert same.email not in html.split("<tbody>")[1]
    if language != "en":
        assert "city, position" not in html and "<td>new</td>" not in html
