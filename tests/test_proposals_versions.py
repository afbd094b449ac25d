"""Two devices on one rapporteur link: each save names the version it was typed on; a save on an
older one (409) or on a deleted proposal (410) changes nothing and says what the server holds."""

import uuid

import pytest
from sqlalchemy import select, text

from seminar.extensions import db
from seminar.models import Proposal
from seminar.proposals import links, services
from seminar.proposals.services import Draft, ProposalConflict
from tests.factories import make_edition

PHONE = "Crear mesas barriales de participación en cada comuna."
LAPTOP = "Crear mesas barriales con presupuesto propio en cada comuna."


def body(text_: str, version: int | None, addressed_to=("local_government",)) -> dict:
    sent = {"text": text_, "addressed_to": list(addressed_to), "cities": ["Rosario"]}
    if version is not None:
        sent["version"] = version
    return sent


def held(edition) -> list[tuple[str, int]]:
    """What the database holds now, not what this session read before."""
    db.session.expire_all()
    rows = db.session.scalars(
        select(Proposal).where(Proposal.edition_id == edition.id).order_by(Proposal.id)
    )
    return [(p.text, p.version) for p in rows]


@pytest.fixture
def link(app):
    edition = make_edition()
    url = links.rapporteur_url(links.link_for(edition, 11))
    db.session.commit()
    return edition, url.removeprefix("http://seminario.test")


def test_a_save_on_the_version_last_seen_is_accepted_and_bumps_it(client, link):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    created = client.put(proposal, json=body(PHONE, 0))
    assert created.status_code == 200 and created.get_json()["version"] == 1
    changed = client.put(proposal, json=body(LAPTOP, 1))
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    assert held(edition) == [(LAPTOP, 2)]


def test_a_save_typed_on_an_older_version_gets_409_with_the_other_text_and_changes_nothing(
    client, link
):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    client.put(proposal, json=body(PHONE, 0))
    assert client.put(proposal, json=body(LAPTOP, 1)).status_code == 200  # the laptop first
    late = client.put(proposal, json=body(PHONE + " Con actas públicas.", 1))  # the phone, on v1
    assert late.status_code == 409
    answer = late.get_json()
    assert answer["error"] == "conflict" and answer["codes"] == {"text": "conflict"}
    assert (answer["current"]["text"], answer["current"]["version"]) == (LAPTOP, 2)
    assert answer["errors"]["text"].startswith("Otra persona cambió esta propuesta")
    assert held(edition) == [(LAPTOP, 2)]
    # The phone keeps its own text: saved on the version it has now seen.
    kept = client.put(proposal, json=body(PHONE + " Con actas públicas.", 2))
    assert kept.status_code == 200 and kept.get_json()["version"] == 3


def test_a_save_naming_no_version_may_create_but_never_overwrites(client, link):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    assert client.put(proposal, json=body(PHONE, None)).status_code == 200
    assert client.put(proposal, json=body(LAPTOP, None)).status_code == 409
    assert held(edition) == [(PHONE, 1)]


def test_a_retried_save_of_the_same_text_is_accepted_whatever_version_it_names(client, link):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    client.put(proposal, json=body(PHONE, 0))
    again = client.put(proposal, json=body(PHONE, 0))  # its first answer was lost
    assert again.status_code == 200 and again.get_json()["version"] == 1
    assert held(edition) == [(PHONE, 1)]


def test_a_save_for_a_proposal_deleted_elsewhere_gets_410_and_does_not_recreate_it(client, link):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    client.put(proposal, json=body(PHONE, 0))
    assert client.delete(proposal, json={"version": 1}).status_code == 204
    late = client.put(proposal, json=body(LAPTOP, 1))
    assert late.status_code == 410
    assert late.get_json()["error"] == "gone" and late.get_json()["codes"] == {"text": "gone"}
    assert held(edition) == []


def test_a_new_proposal_retried_after_its_deletion_elsewhere_is_not_revived(client, link):
    """Its first save landed but the answer was lost; another device deleted it; the first
    device's retry still names version 0, as for a new proposal: 410, and nothing comes back."""
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    assert client.put(proposal, json=body(PHONE, 0)).status_code == 200  # answer lost
    assert client.delete(proposal, json={"version": 1}).status_code == 204  # the other device
    retried = client.put(proposal, json=body(PHONE, 0))
    assert retried.status_code == 410 and retried.get_json()["error"] == "gone"
    assert held(edition) == []
    # A proposal the browser really makes new (a new id) is saved as before.
    assert client.put(f"{url}/proposals/{uuid.uuid4()}", json=body(PHONE, 0)).status_code == 200
    assert held(edition) == [(PHONE, 1)]


def test_a_delete_asked_on_an_older_version_gets_409_and_keeps_the_proposal(client, link):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    client.put(proposal, json=body(PHONE, 0))
    client.put(proposal, json=body(LAPTOP, 1))
    refused = client.delete(proposal, json={"version": 1})
    assert refused.status_code == 409
    assert refused.get_json()["current"]["text"] == LAPTOP
    assert held(edition) == [(LAPTOP, 2)]
    assert client.delete(proposal, json={"version": 2}).status_code == 204
    assert held(edition) == []


def test_a_published_proposal_stays_locked_for_the_rapporteur_on_any_version(client, link):
    edition, url = link
    proposal = f"{url}/proposals/{uuid.uuid4()}"
    client.put(proposal, json=body(PHONE, 0))
    services.publish(held_proposal(edition))
    db.session.commit()
    refused = client.put(proposal, json=body(LAPTOP, 1))
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "refused"
    assert refused.get_json()["codes"] == {"text": "published"}
    assert held(edition) == [(PHONE, 1)]


def held_proposal(edition) -> Proposal:
    db.session.expire_all()
    return db.session.scalars(select(Proposal).where(Proposal.edition_id == edition.id)).one()


@pytest.mark.parametrize("version", [-1, "2", 1.5, True])
def test_a_version_that_is_not_a_whole_number_is_refused(client, link, version):
    edition, url = link
    sent = client.put(
        f"{url}/proposals/{uuid.uuid4()}", json={**body(PHONE, None), "version": version}
    )
    assert sent.status_code == 400
    assert held(edition) == []


def test_of_two_saves_on_the_same_version_the_database_lets_only_the_first_win(app):
    """The check is a conditional update: a save that read the proposal before the other device's
    save landed is still refused."""
    edition = make_edition()
    client_id = str(uuid.uuid4())
    services.save(edition, 11, client_id, Draft(PHONE, ["academia"]), version=0)
    db.session.commit()
    stale = services.find(edition, client_id)
    assert stale.version == 1
    # The other device's save lands after this one read the proposal (behind the ORM's back).
    db.session.execute(
        text("UPDATE proposals SET text = :t, version = 2 WHERE client_id = :c"),
        {"t": LAPTOP, "c": client_id},
    )
    with pytest.raises(ProposalConflict) as refused:
        services.save(edition, 11, client_id, Draft("Otra cosa", ["academia"]), version=1)
    assert (refused.value.current.text, refused.value.current.version) == (LAPTOP, 2)
    db.session.commit()
    assert held(edition) == [(LAPTOP, 2)]


def test_the_form_without_javascript_shows_both_texts_and_saving_again_keeps_the_persons(
    client, link
):
    edition, url = link
    client_id = str(uuid.uuid4())
    client.put(f"{url}/proposals/{client_id}", json=body(PHONE, 0))
    client.put(f"{url}/proposals/{client_id}", json=body(LAPTOP, 1))
    form = {"client_id": client_id, "version": "1", "text": "Mi texto <b>propio</b>",
            "addressed_to": ["academia"], "cities": ""}  # fmt: skip
    refused = client.post(url, data=form)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    card = page.split(f'id="p-{client_id}"')[1].split("</article>")[0]
    assert LAPTOP in card and "Mi texto &lt;b&gt;propio&lt;/b&gt;" in card
    assert 'name="version" value="2"' in card
    assert held(edition) == [(LAPTOP, 2)]
    assert client.post(url, data={**form, "version": "2"}).status_code == 302
    assert held(edition) == [("Mi texto <b>propio</b>", 3)]
