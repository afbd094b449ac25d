import io

import pytest
from pypdf import PdfReader

from seminar import pdf


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        "file://server/share/x.png",
        "ftp://example.com/x.png",
    ],
)
def test_fetcher_refuses_urls_outside_root(url, tmp_path):
    with pytest.raises(pdf.ForbiddenURLError):
        pdf.RestrictedURLFetcher(tmp_path).fetch(url)


def test_fetcher_refuses_escaping_root_by_dot_dot(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    with pytest.raises(pdf.ForbiddenURLError):
        pdf.RestrictedURLFetcher(tmp_path / "static").fetch(
            (tmp_path / "static").as_uri() + "/../secret.txt"
        )


def test_fetcher_serves_files_under_root_and_data_uris(tmp_path):
    (tmp_path / "a.css").write_text("p {}")
    fetcher = pdf.RestrictedURLFetcher(tmp_path)
    assert fetcher.fetch((tmp_path / "a.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain,hola").read() == b"hola"


@pytest.mark.parametrize("src", ["http://example.com/x.png", "file:///etc/passwd"])
def test_rendering_stops_at_a_forbidden_image(src, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(pdf.URLFetcher, "open", lambda self, *a, **k: opened.append(a))
    with pytest.raises(pdf.ResourceError) as error:
        pdf.render_pdf(f'<img src="{src}">', root=tmp_path)
    assert isinstance(error.value.__cause__, pdf.ForbiddenURLError)
    assert opened == []


def test_rendering_stops_at_a_missing_file_under_root(tmp_path):
    with pytest.raises(pdf.ResourceError):
        pdf.render_pdf('<link rel="stylesheet" href="missing.css">', root=tmp_path)


def test_relative_stylesheet_under_root_is_used(tmp_path):
    (tmp_path / "page.css").write_text("@page { size: A6 }")
    result = pdf.render_pdf('<link rel="stylesheet" href="page.css"><p>x</p>', root=tmp_path)
    width = float(PdfReader(io.BytesIO(result)).pages[0].mediabox.width)
    assert width == pytest.approx(105 / 25.4 * 72, abs=1)
