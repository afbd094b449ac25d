"""Certificates as PDF: plain dicts in, one PDF per certificate out."""

from collections.abc import Sequence
from pathlib import Path

import jinja2

from seminar import pdf, qr
from seminar.textfit import fit_text

# The holder's line on an A4 landscape page, less margins.
HOLDER_WIDTH_MM = 240
HOLDER_PT = (32, 16)

DEFAULT_LABELS = {
    "title": "Certificado",
    "certify": "Se certifica que",
    "workshops": "Talleres",
    "hours": "Carga horaria",
    "code": "Código de verificación",
    "verify": "Verifique en",
}


def render_certificates(
    certs: Sequence[dict],
    *,
    edition: dict,
    signatures: Sequence[dict] = (),
    labels: dict | None = None,
    lang: str = "es",
    workers: int = 2,
    progress: pdf.Progress | None = None,
    root: str | Path = pdf.STATIC_DIR,
    env: jinja2.Environment | None = None,
) -> list[bytes]:
    """One PDF per certificate, in order, rendered as a batch and split.

    A certificate: holder, statement (the wording for the role, e.g. "participó en…"),
    workshops [{ods, colour, name}], hours, verification_code, verification_url.
    """
    template = (env or pdf.template_environment()).get_template("pdf/certificate.html")
    context = {
        "edition": edition,
        "signatures": list(signatures),
        "labels": labels or DEFAULT_LABELS,
        "lang": lang,
        "pages_marker": pdf.PAGES_MARKER,
    }
    macros = template.make_module(context)
    pages = [str(macros.page(_prepare(cert))) for cert in certs]
    return pdf.render_batch_split(
        pages, template.render(context), root=root, workers=workers, progress=progress
    )


def render_certificate(cert: dict, **options) -> bytes:
    """One certificate's PDF; options as for render_certificates."""
    return render_certificates([cert], **{"workers": 1, **options})[0]


def _prepare(cert: dict) -> dict:
    return {
        **cert,
        "qr_src": qr.qr_png_data_uri(cert["verification_url"]),
        "holder_fit": fit_text(
            cert["holder"], HOLDER_WIDTH_MM, max_pt=HOLDER_PT[0], min_pt=HOLDER_PT[1]
        ),
    }
