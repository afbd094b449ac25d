"""The network's member cities: seeded from seminar/data, matched without caring about capitals
or accents, replaced by organisers from a table (all rows or none), also from the command line."""

from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import MemberCity
from seminar.network import services


def member_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MemberCity))


def test_the_migration_seeds_well_known_members_and_matching_ignores_case_and_accents(app):
    known = services.keys()
    assert services.is_member(known, "PE", "puno") and services.is_member(known, "PE", "Lima")
    assert services.is_member(known, "PY", "ASUNCION")
    assert services.is_member(known, "BR", " sao  paulo ")
    assert not services.is_member(known, "PE", "Cusco")  # a candidate in the 2017 plan
    assert not services.is_member(known, "AR", "Lima")  # same name, other country


def test_an_organiser_replaces_the_list_by_pasting_it(client, login):
    login()
    pasted = "country,city\nUY,Montevideo\nBrasil,Florianópolis\nperu,Puno\n"
    response = client.post("/admin/network/", data={"pasted": pasted})
    assert response.status_code == 302
    assert {(m.country, m.city) for m in services.all_cities()} == {
        ("UY", "Montevideo"), ("BR", "Florianópolis"), ("PE", "Puno"),
    }  # fmt: skip
    page = client.get("/admin/network/").get_data(as_text=True)
    assert "Florianópolis" in page and "La red tiene ahora 3 ciudades miembro." in page


def test_a_bad_line_names_itself_next_to_the_field_and_nothing_changes(client, login):
    login()
    before = member_count()
    pasted = "country,city\nUY,Montevideo\n<b>XX</b>,Atlantis\nUY,\nUY,montevideo\n"
    response = client.post("/admin/network/", data={"pasted": pasted})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="pasted-error"' in page
    assert "línea 3, columna country: «&lt;b&gt;XX&lt;/b&gt;» no es un país" in page
    assert "línea 4, columna city: vacía" in page
    assert "«montevideo» ya está en la línea 2" in page
    assert member_count() == before
    english = client.post("/admin/network/?lang=en", data={"pasted": pasted})
    assert "line 4, column city: empty" in english.get_data(as_text=True)


def test_checkin_staff_cannot_change_the_list(client, login):
    login("checkin")
    before = member_count()
    assert client.get("/admin/network/").status_code == 403
    assert (
        client.post("/admin/network/", data={"pasted": "country,city\nUY,Salto\n"}).status_code
        == 403
    )
    assert member_count() == before


def test_flask_network_import_and_export(runner, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text("country,city\nCL,Puerto Montt\nAR,Rosario\n", encoding="utf-8")
    done = runner.invoke(args=["network", "import", str(path)])
    assert done.exit_code == 0 and "member cities: 2" in done.output
    exported = runner.invoke(args=["network", "export"]).output
    assert exported.splitlines() == ["country,city", "AR,Rosario", "CL,Puerto Montt"]
    path.write_text("country,city\nCL,\n", encoding="utf-8")
    bad = runner.invoke(args=["network", "import", str(path)])
    assert bad.exit_code != 0 and "line 2, column city: empty" in bad.output
    assert member_count() == 2
