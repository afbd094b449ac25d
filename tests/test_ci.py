"""CI proves it ran the PostgreSQL and browser tests: under CI=true, a missing server or Chromium
is a failure here instead of a quiet skip elsewhere."""

import os
import shutil

import pytest

from tests.conftest import CHROMIUM, POSTGRES_URL

ON_CI = os.environ.get("CI", "").lower() in ("true", "1")
ci_only = pytest.mark.skipif(not ON_CI, reason="CI is not set: locally these tests may skip")


@ci_only
def test_ci_has_a_postgresql_server_to_test_on():
    assert POSTGRES_URL, "CI=true but SEMINAR_TEST_POSTGRES is not set: PostgreSQL tests skipped"
    import psycopg

    with psycopg.connect(POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")) as conn:
        assert conn.execute("select 1").fetchone() == (1,)


@ci_only
def test_ci_has_chromium_for_the_browser_tests():
    assert os.path.exists(CHROMIUM), f"CI=true but {CHROMIUM} is missing: browser tests skipped"
    assert os.environ.get("SEMINAR_REQUIRE_BROWSER") == "1", "browser tests may still skip"


@ci_only
def test_ci_has_poppler_to_read_pdfs_back():
    assert shutil.which("pdftotext"), "CI=true but pdftotext (poppler-utils) is missing"
