"""One way to run background work (seminar/jobs.py): badges, certificates and the allocation all
record a failure where the page polling them reads it, and a job that died with its process (no
word from it for jobs.STALE_AFTER) reads as interrupted instead of running forever."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from seminar import jobs
from seminar.badges import jobs as badge_jobs
from seminar.certificates import batches
from seminar.clock import now, set_now
from seminar.extensions import db
from seminar.models import AllocationRun, Workshop
from seminar.workshops import background, services
from tests.factories import make_edition
from tests.test_allocation_app import crowd


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def later() -> None:
    """The clock moves past the staleness limit, as if the worker had died a while ago."""
    set_now(now() + jobs.STALE_AFTER + timedelta(seconds=30))


def test_a_failing_allocation_is_recorded_on_its_run(app):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 4)
    run_id = services.start(edition).id
    for workshop in db.session.scalars(select(Workshop)):
        db.session.delete(workshop)  # the data the run is about to load is gone
    db.session.commit()  # and the test holds no lock while the run works
    background.launch(run_id).join(timeout=60)
    run = db.session.get(AllocationRun, run_id)
    assert (run.status, run.message) == ("failed", "no_workshops") and run.finished_at


def test_a_failed_run_tells_why_in_the_page_language(client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 4)
    run_id = services.start(edition).id
    for workshop in db.session.scalars(select(Workshop)):
        db.session.delete(workshop)
    db.session.commit()
    background.launch(run_id).join(timeout=60)
    login()
    spanish = client.get(f"/admin/e/{edition.slug}/allocation/?lang=es").get_data(as_text=True)
    assert f"La última ejecución falló: la edición {edition.slug} no tiene talleres" in spanish
    url = f"/admin/e/{edition.slug}/allocation/runs/{run_id}.json?lang=pt"
    assert client.get(url).get_json()["message"] == f"a edição {edition.slug} não tem oficinas"
    english = client.get(f"/admin/e/{edition.slug}/allocation/?lang=en").get_data(as_text=True)
    assert f"The last run failed: edition {edition.slug} has no workshops" in english


def test_a_dead_allocation_run_reads_as_interrupted_and_may_be_started_again(client, login):
    edition = make_edition(rounds=1, seats=5)
    run = services.start(edition)  # its thread never runs: as after a restart
    db.session.commit()
    login()
    url = f"/admin/e/{edition.slug}/allocation/runs/{run.id}.json"
    assert client.get(url).get_json()["running"] is True
    later()
    answer = client.get(url).get_json()
    assert (answer["running"], answer["status"], answer["message"]) == (
        False,
        "failed",
        jobs.INTERRUPTED,
    )
    assert services.start(edition).id != run.id


def test_a_dead_certificate_batch_reads_as_interrupted(client, login):
    edition = make_edition()
    batches.start(edition)
    db.session.commit()
    login()
    url = f"/admin/e/{edition.slug}/certificates/batch.json"
    assert client.get(url).get_json()["status"] == "running"
    later()
    answer = client.get(url).get_json()
    assert (answer["status"], answer["message"]) == ("failed", jobs.INTERRUPTED)


def test_a_badge_batch_that_fails_or_dies_says_so(app, tmp_path):
    def broken(progress):
        raise RuntimeError("the printer template is missing")

    job = badge_jobs.start(tmp_path, broken, 3, {"slug": "x"})
    deadline = time.monotonic() + 60
    while job.state()["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.state()["status"] == "failed"
    assert "printer template" in job.state()["error"]

    stuck = badge_jobs.Job(tmp_path, "a" * 24)
    stuck.save(status="running", done=1, total=3, slug="x")
    assert stuck.state()["status"] == "running"
    later()
    assert (stuck.state()["status"], stuck.state()["error"]) == ("failed", jobs.INTERRUPTED)
