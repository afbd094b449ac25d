"""PDF rendering: the only module that imports weasyprint.

Documents may load `data:` URIs and files under one root folder (the app's static folder), nothing
else: a template can never make the server fetch a URL or read a file elsewhere.
"""

import io
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
import weasyprint
from pypdf import PdfWriter
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

BASE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = BASE_DIR / "static"
TEMPLATE_DIR = BASE_DIR / "templates"

# (done, total): how a long rendering reports how far it has come.
Progress = Callable[[int, int], None]


class ResourceError(Exception):
    """A document referred to a resource that could not be served."""


class ForbiddenURLError(ResourceError):
    """A document referred to a URL outside the allowlist."""


class PageCountError(ResourceError):
    """A document did not lay out the pages it was meant to."""


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


def write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
