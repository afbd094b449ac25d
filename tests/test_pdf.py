import io

import pytest
from pypdf import PdfReader

from seminar import pdf
from tests.readback import pdf_text

DOCUMENT = f"<html><body>{pdf.PAGES_MARKER}</body></html>"


def page(text: str) -> str:
    return f'<p style="page-break-after: always">{text}</p>'


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


def test_batch_keeps_page_order_across_processes(tmp_path):
    pages = [page(f"item {i}") for i in range(7)]
    result = pdf.render_batch(pages, DOCUMENT, root=tmp_path, workers=2, chunk_size=2)
    assert [text.strip() for text in pdf_text(result)] == [f"item {i}" for i in range(7)]


def test_batch_reports_progress_up_to_total(tmp_path):
    calls = []
    pdf.render_batch(
        [page(str(i)) for i in range(5)],
        DOCUMENT,
        root=tmp_path,
        workers=2,
        chunk_size=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[0] == (0, 5)
    assert calls[-1] == (5, 5)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_split_pdf_gives_one_pdf_per_item(tmp_path):
    pages = [page(f"A{i}") + page(f"B{i}") for i in range(3)]
    whole = pdf.render_batch(pages, DOCUMENT, root=tmp_path, workers=1)
    items = pdf.split_pdf(whole, pages_per_item=2)
    assert [[t.strip() for t in pdf_text(item)] for item in items] == [
        [f"A{i}", f"B{i}"] for i in range(3)
    ]


def test_split_refuses_a_page_count_that_does_not_divide(tmp_path):
    whole = pdf.render_batch([page("a"), page("b"), page("c")], DOCUMENT, root=tmp_path)
    with pytest.raises(pdf.PageCountError):
        pdf.split_pdf(whole, pages_per_item=2)


def test_batch_split_refuses_an_item_that_overflows_its_page(tmp_path):
    pages = [page("one"), page("two") + page("overflow")]
    with pytest.raises(pdf.PageCountError):
        pdf.render_batch_split(pages, DOCUMENT, root=tmp_path, workers=1)


def test_document_without_marker_is_refused(tmp_path):
    with pytest.raises(ValueError, match="seminar:pages"):
        pdf.render_batch([page("x")], "<html></html>", root=tmp_path)
