"""PDF rendering: the only module that imports weasyprint.

Documents may load `data:` URIs and files under one root folder (the app's static folder), nothing
else: a template can never make the server fetch a URL or read a file elsewhere.
"""

import io
import math
import mimetypes
import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
import weasyprint
from markupsafe import Markup
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

BASE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = BASE_DIR / "static"
TEMPLATE_DIR = BASE_DIR / "templates"

# Where a batch document template puts its pages.
PAGES_MARKER = Markup("<!-- seminar:pages -->")

# Each WeasyPrint document costs a fixed start-up; chunks bigger than this gain little and make
# progress reports coarse.
MAX_CHUNK = 100

Progress = Callable[[int, int], None]

# An XObject drawn by a content stream: "/name Do".
_DRAWN_XOBJECT = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+Do\b")


class ResourceError(Exception):
    """A document referred to a resource that could not be served."""


class ForbiddenURLError(ResourceError):
    """A document referred to a URL outside the allowlist."""


class PageCountError(ResourceError):
    """A batch item did not fill exactly the pages it was meant to."""


class RestrictedURLFetcher(URLFetcher):
    """Serves `data:` URIs and files under `root`; refuses everything else."""

    def __init__(self, root: str | Path):
        super().__init__(allowed_protocols={"data", "file"}, fail_on_errors=True)
        self.root = Path(root).resolve()

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_file(url)
        raise ForbiddenURLError(f"refused to fetch {url!r}: only data: URIs and files under root")

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ForbiddenURLError(f"refused to fetch {url!r}: remote file")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(self.root):
            raise ForbiddenURLError(f"refused to fetch {url!r}: outside {self.root}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )


def template_environment() -> jinja2.Environment:
    """A Jinja environment for templates/pdf outside the app, escaping everything by default."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def render_pdf(html: str, *, root: str | Path, base_url: str | Path | None = None) -> bytes:
    """Render one HTML document; relative URLs resolve against `base_url` (default: `root`)."""
    base = Path(base_url if base_url is not None else root).resolve().as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=RestrictedURLFetcher(root))
    try:
        return document.write_pdf()
    except FatalURLFetchingError as error:
        raise ResourceError(str(error)) from error.__cause__


def render_batch(
    pages: Sequence[str],
    document: str,
    *,
    root: str | Path,
    base_url: str | Path | None = None,
    workers: int = 2,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """Render page fragments placed at PAGES_MARKER in `document` as one PDF.

    The batch is rendered as a few large documents, in `workers` processes, then merged.
    """
    jobs = _jobs(pages, document, root, base_url, workers, chunk_size, pages_per_item=None)
    parts = _run(_render_job, jobs, len(pages), workers, progress)
    return merge_pdfs(parts)


def render_batch_split(
    pages: Sequence[str],
    document: str,
    *,
    root: str | Path,
    base_url: str | Path | None = None,
    pages_per_item: int = 1,
    workers: int = 2,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> list[bytes]:
    """Like render_batch, but one PDF per fragment (each must fill `pages_per_item` pages)."""
    jobs = _jobs(pages, document, root, base_url, workers, chunk_size, pages_per_item)
    parts = _run(_render_split_job, jobs, len(pages), workers, progress)
    return [item for part in parts for item in part]


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """Concatenate PDFs."""
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    return write(writer)


def split_pdf(pdf_bytes: bytes, pages_per_item: int) -> list[bytes]:
    """Cut a PDF into consecutive runs of `pages_per_item` pages, one PDF each."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    if len(reader.pages) % pages_per_item:
        raise PageCountError(
            f"{len(reader.pages)} pages do not split into items of {pages_per_item}"
        )
    items = []
    for start in range(0, len(reader.pages), pages_per_item):
        writer = PdfWriter()
        for page in reader.pages[start : start + pages_per_item]:
            _keep_own_xobjects(page)
            writer.add_page(page)
        items.append(write(writer))
    return items


def _keep_own_xobjects(page: PageObject) -> None:
    """Point the page at the images it draws only.

    WeasyPrint gives every page one shared resource dictionary: copied as is, each item of a
    split would carry every image (QR code) of the whole batch.
    """
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if not xobjects:
        return
    drawn = {"/" + name.decode() for name in _DRAWN_XOBJECT.findall(page.get_contents().get_data())}
    own = DictionaryObject(resources.get_object())
    own[NameObject("/XObject")] = DictionaryObject(
        {name: ref for name, ref in xobjects.get_object().items() if name in drawn}
    )
    page[NameObject("/Resources")] = own


def write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _jobs(pages, document, root, base_url, workers, chunk_size, pages_per_item) -> list[tuple]:
    head, marker, tail = document.partition(PAGES_MARKER)
    if not marker:
        raise ValueError(f"the document template has no {PAGES_MARKER!r}")
    if chunk_size is None:
        workers = max(workers, 1)
        # A multiple of `workers` chunks of equal size keeps every process busy to the end.
        chunks = workers * math.ceil(len(pages) / (MAX_CHUNK * workers))
        chunk_size = max(1, math.ceil(len(pages) / max(chunks, 1)))
    return [
        (
            head + "".join(pages[start : start + chunk_size]) + tail,
            str(root),
            None if base_url is None else str(base_url),
            min(chunk_size, len(pages) - start),
            pages_per_item,
        )
        for start in range(0, len(pages), chunk_size)
    ]


def _render_job(job: tuple) -> bytes:
    html, root, base_url, _items, _pages_per_item = job
    return render_pdf(html, root=root, base_url=base_url)


def _render_split_job(job: tuple) -> list[bytes]:
    html, root, base_url, items, pages_per_item = job
    pdf = render_pdf(html, root=root, base_url=base_url)
    parts = split_pdf(pdf, pages_per_item)
    if len(parts) != items:
        raise PageCountError(
            f"{items} items rendered as {len(parts) * pages_per_item} pages, "
            f"expected {items * pages_per_item}: an item overflows its page"
        )
    return parts


def _run(function, jobs: list[tuple], total: int, workers: int, progress: Progress | None):
    """Run `function` over `jobs` in order of submission, reporting items done."""
    done = 0
    if progress:
        progress(done, total)
    if workers <= 1 or len(jobs) <= 1:
        results = []
        for job in jobs:
            results.append(function(job))
            done += job[3]
            if progress:
                progress(done, total)
        return results
    results = [None] * len(jobs)
    # fork: workers start at once with weasyprint already imported; they only touch their job.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(function, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            done += jobs[index][3]
            if progress:
                progress(done, total)
    return results
