"""The plenary's document: the published proposals of the 17 workshops, in ODS order, as a PDF."""

from flask import g, render_template
from flask_babel import force_locale

from seminar import pdf, wording
from seminar.models import Edition
from seminar.proposals import forms, services


def filename(edition: Edition) -> str:
    return f"{edition.slug}-propuestas.pdf"


def plenary_html(edition: Edition, language: str) -> str:
    g.force_language = language  # a command has no request to take the language from
    try:
        with force_locale(language):
            return _render(edition, language)
    finally:
        g.pop("force_language", None)


def _render(edition: Edition, language: str) -> str:
    return render_template(
        "pdf/proposals.html",
        edition=edition,
        language=language,
        workshops=services.plenary(edition),
        labels=forms.ADDRESSEE_LABELS,
        dates=wording.edition_dates(edition, language),
    )


def plenary_pdf(edition: Edition, language: str = "es") -> bytes:
    """User text reaches the PDF only through the template's autoescaping."""
    return pdf.render_pdf(plenary_html(edition, language), root=pdf.STATIC_DIR)
