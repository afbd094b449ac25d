"""The relatoría: rapporteur links, saving proposals (idempotent, validated), review, publication,
the public page and the plenary PDF (read back with pdftotext)."""

import re
import uuid
from datetime import time

import pytest
from sqlalchemy import func, select

from seminar import email, ods
from seminar.extensions import db
from seminar.models import Assignment, OutboxMessage, Proposal, Workshop
from seminar.programme import services as programme
from seminar.proposals import links, services
from seminar.proposals.services import Draft, ProposalError
from tests.conftest import body_text, make_app
from tests.factories import make_edition, make_participant
from tests.readback import pdf_text

SCRIPT = '<script>alert("x")</script> & <b>bold</b>'


def new_id() -> str:
    return str(uuid.uuid4())


def proposal_count(edition) -> int:
    return db.session.scalar(select(func.count()).where(Proposal.edition_id == edition.id))


def saved(edition, number=11, text="Crear mesas de participación barrial", **extra) -> Proposal:
    draft = Draft(text, extra.pop("addressed_to", ["local_government"]), extra.pop("cities", []))
    proposal = services.save(edition, number, extra.pop("client_id", new_id()), draft)
    db.session.commit()
    return proposal


def rapporteur_url(edition, number=11) -> str:
    url = links.rapporteur_url(links.link_for(edition, number))
    db.session.commit()
    return url.removeprefix("http://seminario.test")


# Services ----------------------------------------------------------------------------------


def test_the_same_save_sent_twice_leaves_one_proposal_with_the_latest_text(app):
    edition = make_edition()
    client_id = new_id()
    saved(edition, text="Primera versión", client_id=client_id)
    saved(edition, text="Primera versión", client_id=client_id)
    again = saved(edition, text="Versión final", client_id=client_id)
    assert proposal_count(edition) == 1
    assert db.session.get(Proposal, again.id).text == "Versión final"


def test_each_new_proposal_goes_after_the_workshops_others(app):
    edition = make_edition()
    first, second = saved(edition), saved(edition)
    other_workshop = saved(edition, number=5)
    assert (first.position, second.position, other_workshop.position) == (1, 2, 1)


@pytest.mark.parametrize(
    ("draft", "field", "code"),
    [
        (Draft("   "), "text", "required"),
        (Draft("x" * 2001), "text", "too_long"),
        (Draft("Texto", ["the_moon"]), "addressed_to", "unknown"),
        (Draft("Texto", [], ["x" * 121]), "cities", "invalid"),
        (Draft("Texto", [], [f"Ciudad {n}" for n in range(41)]), "cities", "too_many"),
    ],
)
def test_a_wrong_draft_is_refused_naming_the_field_and_nothing_is_saved(app, draft, field, code):
    edition = make_edition()
    with pytest.raises(ProposalError) as refused:
        services.save(edition, 11, new_id(), draft)
    assert refused.value.errors == {field: code}
    db.session.rollback()
    assert proposal_count(edition) == 0


def test_a_client_id_that_is_not_a_uuid_is_refused(app):
    edition = make_edition()
    with pytest.raises(ProposalError) as refused:
        services.save(edition, 11, "../../etc", Draft("Texto"))
    assert refused.value.errors == {"client_id": "invalid"}


def test_draft_is_cleaned_cities_deduplicated_and_addressees_in_their_order(app):
    edition = make_edition()
    proposal = saved(
        edition,
        text="  Línea uno\r\nLínea\x00 dos  ",
        addressed_to=["multilateral", "local_government"],
        cities=[" Rosario ", "rosario", "Canoas", ""],
    )
    assert proposal.text == "Línea uno\nLínea dos"
    assert proposal.addressed_to == ["local_government", "multilateral"]
    assert proposal.cities == ["Rosario", "Canoas"]


def test_a_proposal_cannot_be_moved_to_another_workshop_by_its_id(app):
    edition = make_edition()
    client_id = saved(edition, number=11).client_id
    with pytest.raises(ProposalError) as refused:
        services.save(edition, 5, client_id, Draft("Otro taller"))
    assert refused.value.errors == {"client_id": "other_workshop"}


def test_publishing_needs_an_addressee_and_then_locks_it_for_the_rapporteur(app):
    edition = make_edition()
    bare = saved(edition, addressed_to=[])
    with pytest.raises(ProposalError):
        services.publish(bare)
    proposal = saved(edition)
    services.publish(proposal)
    db.session.commit()
    assert proposal.published_at is not None
    with pytest.raises(ProposalError) as refused:
        services.save(edition, 11, proposal.client_id, Draft("Cambio tardío"))
    assert refused.value.errors == {"text": "published"}
    db.session.rollback()
    services.save(edition, 11, proposal.client_id, Draft("Corregido"), by_organiser=True)
    db.session.commit()
    assert db.session.get(Proposal, proposal.id).text == "Corregido"


def test_publishing_a_workshop_publishes_the_complete_ones_and_counts_the_rest(app):
    edition = make_edition()
    saved(edition), saved(edition), saved(edition, addressed_to=[])
    assert services.publish_workshop(edition, 11) == (2, 1)
    assert services.counts(edition)[11] == {"all": 3, "published": 2}


def test_only_published_proposals_reach_the_plenary_in_ods_order(app):
    edition = make_edition()
    services.publish(saved(edition, number=13, text="Publicada trece"))
    services.publish(saved(edition, number=2, text="Publicada dos"))
    saved(edition, number=2, text="Borrador")
    plenary = services.plenary(edition)
    assert [g.number for g, _ in plenary] == list(range(1, 18))
    texts = {g.number: [p.text for p in ps] for g, ps in plenary}
    assert texts[2] == ["Publicada dos"] and texts[13] == ["Publicada trece"]
    assert sum(len(ps) for ps in texts.values()) == 2


def test_moving_a_proposal_swaps_it_with_its_neighbour(app):
    edition = make_edition()
    first, second, third = (
        saved(edition, text="A"),
        saved(edition, text="B"),
        saved(edition, text="C"),
    )
    services.move(third, -1)
    assert [p.text for p in services.proposals(edition, 11)] == ["A", "C", "B"]
    services.move(first, -1)
    assert [p.text for p in services.proposals(edition, 11)] == ["A", "C", "B"]
    assert second.position == 3


def test_each_ods_has_its_own_unguessable_link_and_rotating_changes_it(app):
    edition = make_edition()
    by_ods = links.links(edition)
    assert sorted(by_ods) == list(range(1, 18))
    tokens = {link.token for link in by_ods.values()}
    assert len(tokens) == 17 and all(len(t) >= 32 for t in tokens)
    old = by_ods[11].token
    links.rotate(by_ods[11])
    assert by_ods[11].token != old
    assert links.by_token(old) is None and links.by_token(by_ods[11].token) is by_ods[11]


def test_city_suggestions_put_the_workshops_people_first(app):
    edition = make_edition()
    eleven = db.session.scalars(select(Workshop).filter_by(edition_id=edition.id, ods=11)).one()
    for city in ("Rosario", "Rosario", "Canoas"):
        person = make_participant(edition, city=city)
        db.session.add(
            Assignment(participant_id=person.id, round_id=eleven.round_id, workshop_id=eleven.id)
        )
    make_participant(edition, city="Montevideo")
    db.session.commit()
    assert services.city_suggestions(edition, 11) == (["Rosario", "Canoas"], ["Montevideo"])


def test_the_link_is_emailed_in_the_rapporteurs_language(app, smtp):
    edition = make_edition()
    session = programme.add_session(
        edition, programme.local_start(edition, edition.starts_on, time(10)),
        kind="workshop", title="Taller ODS 11", duration_minutes=90, ods=11,
    )  # fmt: skip
    programme.add_speaker(session, name="Ana Souza", email="ana@poa.example", language="pt")
    db.session.commit()
    link = links.link_for(edition, 11)
    links.send_link(link, "ana@poa.example", "pt", "Ana")
    db.session.commit()
    assert email.deliver()["sent"] == 1
    (received,) = smtp.to("ana@poa.example")
    assert "ODS 11" in received["Subject"] and edition.name in received["Subject"]
    body = body_text(received)
    assert "Olá, Ana," in body
    assert f"http://seminario.test/rapporteur/{link.token}" in body
    assert link.sent_to == "ana@poa.example"


# Pages and authorisation -------------------------------------------------------------------


def test_the_rapporteur_page_opens_with_the_token_only(app, client):
    edition = make_edition()
    url = rapporteur_url(edition)
    page = client.get(url)
    assert page.status_code == 200
    assert "noindex" in page.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in page.get_data(as_text=True)
    assert client.get("/rapporteur/" + "x" * 32).status_code == 404
    assert client.put(f"/rapporteur/{'x' * 32}/proposals/{new_id()}", json={}).status_code == 404


def test_a_rotated_link_no_longer_opens(app, client):
    edition = make_edition()
    old = rapporteur_url(edition)
    links.rotate(links.link_for(edition, 11))
    db.session.commit()
    assert client.get(old).status_code == 404


def test_the_json_save_is_idempotent_and_says_what_is_missing(app, client):
    edition = make_edition()
    url = rapporteur_url(edition) + f"/proposals/{new_id()}"
    body = {"text": "Fondo regional de vivienda", "addressed_to": [], "cities": ["Canoas"]}
    first = client.put(url, json=body)
    second = client.put(url, json=body)
    assert first.status_code == second.status_code == 200
    assert second.get_json()["missing"] == ["addressed_to"]
    assert proposal_count(edition) == 1


def test_a_json_save_refused_says_why_and_saves_nothing(app, client):
    edition = make_edition()
    url = rapporteur_url(edition) + f"/proposals/{new_id()}"
    refused = client.put(url, json={"text": "", "addressed_to": ["nobody"], "cities": "Canoas"})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) == {"text", "addressed_to", "cities"}
    assert client.put(url, data="not json").status_code == 400
    assert proposal_count(edition) == 0


def test_the_form_without_javascript_shows_the_error_next_to_the_field_and_keeps_the_text(
    app, client
):
    edition = make_edition()
    url = rapporteur_url(edition)
    client_id = new_id()
    refused = client.post(
        url,
        data={"client_id": client_id, "text": "", "cities": "Rosario, Canoas",
              "addressed_to": ["academia"]},
    )  # fmt: skip
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    card = html.split(f'id="p-{client_id}"')[1]
    assert re.search(r'id="error-text-[^"]+" class="field-errors"[^>]*><p class="error">', card)
    assert (
        'value="Rosario, Canoas"' in card
        and 'value="academia" data-field="addressed_to" checked' in card
    )
    accepted = client.post(
        url, data={"client_id": client_id, "text": "Red de ciudades", "cities": "Rosario, Canoas",
                   "addressed_to": ["academia"]},
    )  # fmt: skip
    assert accepted.status_code == 302
    (proposal,) = services.proposals(edition, 11)
    assert (proposal.text, proposal.cities, proposal.addressed_to) == (
        "Red de ciudades", ["Rosario", "Canoas"], ["academia"],
    )  # fmt: skip


def test_the_rapporteur_can_delete_a_draft_but_not_a_published_proposal(app, client):
    edition = make_edition()
    url = rapporteur_url(edition)
    draft, published = saved(edition).client_id, saved(edition)
    services.publish(published)
    kept = published.client_id
    db.session.commit()
    assert client.delete(f"{url}/proposals/{draft}").status_code == 204
    assert client.delete(f"{url}/proposals/{draft}").status_code == 204, "a retried delete"
    assert client.delete(f"{url}/proposals/{kept}").status_code == 409
    assert [p.client_id for p in services.proposals(edition)] == [kept]


def test_organiser_pages_need_a_login_and_the_admin_role(app, client, login):
    edition = make_edition()
    proposal = saved(edition)
    base = f"/admin/e/{edition.slug}/proposals"
    for path in (f"{base}/", f"{base}/11", f"{base}/plenary.pdf"):
        assert client.get(path).status_code == 302, path
    assert client.post(f"{base}/11/{proposal.client_id}/publish").status_code == 302
    login("checkin")
    assert client.get(f"{base}/").status_code == 403
    assert client.post(f"{base}/11/{proposal.client_id}/publish").status_code == 403
    assert db.session.get(Proposal, proposal.id).published_at is None


def test_organiser_reviews_publishes_and_sends_a_link(app, client, login, smtp):
    edition = make_edition()
    proposal = saved(edition, text="Observatorio metropolitano")
    login()
    index = client.get(f"/admin/e/{edition.slug}/proposals/")
    assert index.status_code == 200
    assert index.get_data(as_text=True).count("/rapporteur/") == 17
    base = f"/admin/e/{edition.slug}/proposals/11"
    edited = client.post(
        base, data={"client_id": proposal.client_id, "text": "Observatorio metropolitano de datos",
                    "addressed_to": ["regional_government"], "cities": "Maipú"},
    )  # fmt: skip
    assert edited.status_code == 302
    assert client.post(f"{base}/{proposal.client_id}/publish").status_code == 302
    sent = client.post(
        f"/admin/e/{edition.slug}/proposals/11/send",
        data={"speaker": "0", "email": "relatora@example.org", "name": "Inés", "language": "es"},
    )
    assert sent.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Proposal, proposal.id)
    assert stored.text == "Observatorio metropolitano de datos" and stored.published_at
    assert stored.addressed_to == ["regional_government"] and stored.cities == ["Maipú"]
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "relatora@example.org" and message.template == "rapporteur_link"


def test_the_json_save_needs_the_pages_csrf_token(app, database_url):
    live = make_app(database_url)  # CSRF on, as in production
    edition = make_edition()
    url = rapporteur_url(edition)
    browser = live.test_client()
    page = browser.get(url).get_data(as_text=True)
    csrf = page.split('data-csrf="')[1].split('"')[0]
    target = f"{url}/proposals/{new_id()}"
    body = {"text": "Con token", "addressed_to": [], "cities": []}
    assert browser.put(target, json=body).status_code == 400
    assert browser.post(url, data={"client_id": new_id(), "text": "Sin token"}).status_code == 400
    assert proposal_count(edition) == 0
    assert browser.put(target, json=body, headers={"X-CSRFToken": csrf}).status_code == 200
    assert proposal_count(edition) == 1
    with live.app_context():
        db.engine.dispose()


# What the plenary gets ---------------------------------------------------------------------


def test_the_public_page_shows_published_proposals_escaped(app, client):
    edition = make_edition()
    services.publish(saved(edition, number=3, text=SCRIPT, cities=["<i>Rosario</i>"]))
    saved(edition, number=3, text="Borrador interno")
    db.session.commit()
    html = client.get(f"/e/{edition.slug}/proposals").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html and "&lt;i&gt;Rosario&lt;/i&gt;" in html
    assert "Borrador interno" not in html
    assert html.count('class="plenary-ods"') == 17


def test_the_plenary_pdf_holds_every_workshops_proposals_in_ods_order(app, client, login):
    edition = make_edition()
    for number in ods.goals():
        for n in (1, 2):
            services.publish(
                saved(edition, number=number, text=f"Propuesta {n} del taller {number}")
            )
    services.publish(saved(edition, number=7, text=SCRIPT, cities=["Canoas"]))
    saved(edition, number=7, text="Borrador sin publicar")
    db.session.commit()
    public = client.get(f"/e/{edition.slug}/proposals.pdf")
    assert public.mimetype == "application/pdf"
    text = " ".join(" ".join(pdf_text(public.data)).split())
    positions = [text.index(f"ODS {n} {ods.goal(n).name('es')}") for n in ods.goals()]
    assert positions == sorted(positions), "the workshops are in ODS order"
    for number in ods.goals():
        for n in (1, 2):
            assert f"Propuesta {n} del taller {number}" in text
    assert SCRIPT in text, "user text is printed as typed, not interpreted"
    assert "Borrador sin publicar" not in text
    assert "Gobierno local" in text and "Canoas" in text
    login()
    organisers = client.get(f"/admin/e/{edition.slug}/proposals/plenary.pdf")
    assert organisers.status_code == 200 and organisers.data[:5] == b"%PDF-"


def test_a_workshop_without_proposals_is_said_so_in_the_pdf(app, client):
    edition = make_edition()
    services.publish(saved(edition, number=1))
    db.session.commit()
    text = " ".join(" ".join(pdf_text(client.get(f"/e/{edition.slug}/proposals.pdf").data)).split())
    assert text.count("Este taller no tiene propuestas publicadas.") == 16


def test_a_draft_editions_proposals_are_not_public(app, client):
    edition = make_edition(status="draft")
    assert client.get(f"/e/{edition.slug}/proposals").status_code == 404
    assert client.get(f"/e/{edition.slug}/proposals.pdf").status_code == 404


def test_the_public_page_speaks_portuguese(app, client):
    edition = make_edition()
    services.publish(saved(edition, number=1))
    db.session.commit()
    html = client.get(f"/e/{edition.slug}/proposals?lang=pt").get_data(as_text=True)
    assert "Governo local" in html and "Propostas das 17 oficinas ODS" in html


def test_the_editions_page_links_the_proposals_once_one_is_published(app, client):
    edition = make_edition()
    proposal = saved(edition)
    assert 'id="proposals-link"' not in client.get(f"/e/{edition.slug}/").get_data(as_text=True)
    services.publish(proposal)
    db.session.commit()
    assert 'id="proposals-link"' in client.get(f"/e/{edition.slug}/").get_data(as_text=True)


def test_the_plenary_pdf_command_writes_it_in_the_language_asked(app, runner, tmp_path):
    edition = make_edition()
    services.publish(saved(edition, number=4, text="Escolas abertas à comunidade"))
    db.session.commit()
    target = tmp_path / "plenaria.pdf"
    args = ["proposals", "pdf", "--edition", edition.slug, "-o", str(target), "--language", "pt"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "wrote 1 published proposals" in result.output
    text = " ".join(" ".join(pdf_text(target.read_bytes())).split())
    assert "Propostas das 17 oficinas ODS" in text and "ODS 4 Educação de qualidade" in text
    assert "Esta oficina não tem propostas publicadas." in text
    listed = runner.invoke(args=["proposals", "links", "--edition", edition.slug])
    assert listed.output.count("/rapporteur/") == 17
    refused = runner.invoke(args=["proposals", "pdf", "--edition", "nope", "-o", str(target)])
    assert refused.exit_code != 0
