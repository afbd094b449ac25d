"""One message catalog per language, complete for every string the app shows."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "seminar" / "translations"
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def shipped_msgids() -> dict[str, str]:
    """Every msgid in seminar/ and templates/, with one place it is used."""
    found = {}
    for folder in ("seminar", "templates"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, METHODS, keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid:
                    found.setdefault(msgid, f"{folder}/{filename}:{lineno}")
    return found


def raw_msgids(text: str) -> list[str]:
    """The msgids of a .po file as written, duplicates kept (a parser would merge them)."""
    ids, current = [], None
    for line in text.splitlines():
        if line.startswith("msgid "):
            current = [line[6:]]
            ids.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            current = None
    return ["".join(parts) for parts in ids]


def test_one_catalog_per_language():
    catalogs = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("seminar/**/*.po"))
    assert catalogs == [
        "seminar/translations/es/LC_MESSAGES/messages.po",
        "seminar/translations/pt/LC_MESSAGES/messages.po",
    ]


@pytest.mark.parametrize("language", ["es", "pt"])
def test_every_shipped_string_is_translated_once(language):
    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    ids = raw_msgids(path.read_text(encoding="utf-8"))
    twice = sorted({msgid for msgid in ids if ids.count(msgid) > 1})
    assert not twice, f"msgids listed twice (a msgid has one translation): {twice}"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in shipped_msgids().items()
        if msgid not in translated or not translated[msgid].string or translated[msgid].fuzzy
    ]
    assert not missing, f"{len(missing)} strings lack a {language} translation:\n" + "\n".join(
        missing[:40]
    )


def test_public_register_button_reads_inscribirse(client):
    from seminar.extensions import db
    from tests.factories import make_edition

    edition = make_edition()
    db.session.commit()
    page = client.get(f"/e/{edition.slug}/?lang=es").get_data(as_text=True)
    assert ">Inscribirse</a>" in page
    form = client.get(f"/e/{edition.slug}/register?lang=es").get_data(as_text=True)
    assert "<h1>Inscribirse</h1>" in form
    assert "Inscribir<" not in form
