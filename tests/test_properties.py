"""Property tests (Hypothesis): whatever arrives, the app answers with a clear error or does the
job, never a traceback, a 500 or half a job. Example counts stay small so the suite stays fast."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Invitation, Participant
from tests.factories import EDITION, make_badge, make_certificate, make_edition

SETTINGS = settings(
    max_examples=30,
    database=None,  # no .hypothesis folder: every run is fresh and nothing is left behind
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = (
    "first_name,last_name,email,country,city,institution,position,actor_type,language,role,"
    "preferences\n"
)
GOOD_ROW = "Ana,Pérez,ana{n}@x.org,CL,Osorno,Muni,,local_government,es,participant,11;6;13\n"
# Text a person could type or paste: any character, with the troublesome ones made likely.
NASTY = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x07", "\t", "\r", "\n", "\u202e", "\u200f", "ﷺ", "🌾",
                         "=", "+", "-", "@", ";", ",", '"', "'", "<", "&", "\ufeff", "\ud7ff"]),
    ),
    max_size=60,
)  # fmt: skip
CSV_FILES = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda rows: (HEADER + rows).encode(), NASTY),
    st.builds(
        lambda cells, n: (HEADER + GOOD_ROW.format(n=n) + ",".join(cells) + "\n").encode(),
        st.lists(NASTY, min_size=0, max_size=12),
        st.integers(0, 10**6),
    ),
)
ERROR = re.compile(r"^Error: .+", re.M)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def import_answers_cleanly(runner, tmp_path, command: str, model, data: bytes, slug: str):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    before = count(model)
    result = runner.invoke(args=[command, "import", str(path), "--edition", slug])
    after = count(model)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        return
    assert ERROR.search(result.output), result.output
    assert after == before, "a refused file changed something"
    message = ERROR.search(result.output).group(0)
    if "line " in message and "column" not in message:
        assert re.search(r"line \d+", message)


@pytest.mark.parametrize("command, model", [("participants", Participant),
                                            ("invitations", Invitation)])  # fmt: skip
def test_any_bytes_as_a_csv_import_or_fail_clearly_and_change_nothing(
    app, tmp_path, command, model
):
    edition = make_edition(capacity=100000)
    runner = app.test_cli_runner()

    @SETTINGS
    @given(data=CSV_FILES)
    def check(data):
        import_answers_cleanly(runner, tmp_path, command, model, data, edition.slug)

    check()


# Free text (most examples register) and the chosen fields (most examples are refused).
TEXT_FIELDS = ("first_name", "last_name", "city", "institution", "position", "accessibility",
               "dietary")  # fmt: skip
CHOSEN_FIELDS = ("email", "country", "actor_type", "language", "rank_1", "rank_2", "rank_3",
                 "consent")  # fmt: skip
VALID = {"first_name": "Ana", "last_name": "Pérez", "email": "ana@x.org", "country": "CL",
         "city": "Osorno", "institution": "Muni", "actor_type": "local_government",
         "language": "es", "consent": "y", "rank_1": "11", "rank_2": "6",
         "rank_3": "13"}  # fmt: skip


def test_any_unicode_in_the_public_form_ends_in_errors_or_a_registration(app):
    edition = make_edition(capacity=100000)
    client = app.test_client()

    @SETTINGS
    @given(
        changes=st.dictionaries(
            st.sampled_from(TEXT_FIELDS),
            st.one_of(NASTY, st.just("x" * 10_000), st.builds(lambda s: s * 300, NASTY)),
            max_size=4,
        ),
        chosen=st.dictionaries(st.sampled_from(CHOSEN_FIELDS), NASTY, max_size=1),
        n=st.integers(0, 10**9),
    )
    @example(changes={"first_name": "Ana\x00", "city": "\u202eonrosO"}, chosen={}, n=1)
    def check(changes, chosen, n):
        data = {**VALID, "email": f"ana{n}@x.org", "consent_sensitive": "y", **changes, **chosen}
        before = count(Participant)
        response = client.post(f"/e/{edition.slug}/register", data=data)
        assert response.status_code in (302, 422), response.status_code
        assert count(Participant) == before + (response.status_code == 302)

    check()


@SETTINGS
@given(first=NASTY, last=NASTY)
def test_any_name_renders_on_a_badge_and_a_certificate(first, last):
    from seminar.badges import render as badges
    from seminar.certificates import render as certificates

    badge = make_badge(first_name=first, last_name=last, institution=last)
    assert badges.render_badges([badge], edition=EDITION, layout="a6").startswith(b"%PDF")
    cert = make_certificate(holder=f"{first} {last}")
    assert certificates.render_certificate(cert, edition=EDITION).startswith(b"%PDF")
