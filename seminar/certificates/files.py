"""Certificate PDFs: rendered in batches (one document per chunk, split into one PDF per
certificate, across the machine's cores), stored once, then served, attached and zipped."""

import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from seminar import email
from seminar.certificates import document, signatures
from seminar.certificates.codes import grouped
from seminar.certificates.services import settings_for, verify_url
from seminar.extensions import db
from seminar.models import Certificate, CertificateFile, Edition, OutboxMessage
from seminar.models.participant import fold

# Certificates per trip to the database in a batch: bounds memory, paces progress reports.
CHUNK = 250
PREFIX = {"es": "certificado", "pt": "certificado", "en": "certificate"}

Progress = Callable[[int, int], None]


def workers() -> int:
    return current_app.config.get("CERTIFICATE_WORKERS") or os.cpu_count() or 1


def filename(certificate: Certificate) -> str:
    prefix = PREFIX.get(certificate.language, "certificate")
    return f"{prefix}-{certificate.edition.slug}-{grouped(certificate.code)}.pdf"


def archive_name(certificate: Certificate) -> str:
    """Holder first, for organisers browsing the ZIP: nunez-maria-jose-ABCDE-….pdf"""
    name = re.sub(r"[^a-z0-9]+", "-", fold(certificate.holder_name)).strip("-") or "certificate"
    return f"{name}-{grouped(certificate.code)}.pdf"


def page_html(certificate: Certificate, settings=None, signature_rows=None) -> str:
    from seminar import qr

    url = verify_url(certificate)
    values = document.context(
        certificate, settings or settings_for(certificate.edition), url, signature_rows
    )
    template = current_app.jinja_env.get_template("pdf/certificate_page.html")
    return template.render(c=values, qr_src=qr.qr_png_data_uri(url))


def document_html(signature_rows: list, language: str = "es") -> str:
    """The document the pages go in; each signature image is in it once, shared by the pages."""
    from seminar import pdf

    return current_app.jinja_env.get_template("pdf/certificate.html").render(
        lang=language,
        signatures=[{"id": s.id, "uri": signatures.data_uri(s)} for s in signature_rows],
        pages_marker=pdf.PAGES_MARKER,
    )


@dataclass
class Pages:
    """Certificate pages of one edition, and the document they are rendered in."""

    html: list[str]
    document: str


def pages_for(certificates: list[Certificate]) -> Pages:
    if len({c.edition_id for c in certificates}) != 1:
        raise ValueError("a batch of certificates belongs to one edition")
    edition = certificates[0].edition
    settings, rows = settings_for(edition), signatures.for_edition(edition.id)
    return Pages(
        [page_html(c, settings, rows) for c in certificates],
        document_html(rows, certificates[0].language),
    )


def render_pages(
    pages: Pages, progress: Progress | None = None, processes: int | None = None
) -> list[bytes]:
    """One PDF per page, in order; the batch is rendered as few documents as possible."""
    from seminar import pdf

    if not pages.html:
        return []
    return pdf.render_batch_split(
        pages.html,
        pages.document,
        root=pdf.STATIC_DIR,
        pages_per_item=1,
        workers=1 if len(pages.html) == 1 else (processes or workers()),
        progress=progress,
    )


def render(certificates: list[Certificate], progress: Progress | None = None) -> list[bytes]:
    return render_pages(pages_for(certificates), progress) if certificates else []


def store(certificate: Certificate, data: bytes) -> None:
    certificate.file = CertificateFile(pdf=data)


def pdf_for(certificate: Certificate) -> bytes:
    """The stored PDF, rendered (and stored) now if it was not yet."""
    if certificate.file is None:
        (data,) = render([certificate])
        store(certificate, data)
        db.session.flush()
        return data
    return certificate.file.pdf


def missing(edition: Edition) -> list[int]:
    """Ids of valid certificates without a stored PDF."""
    return list(
        db.session.scalars(
            select(Certificate.id)
            .outerjoin(CertificateFile)
            .where(
                Certificate.edition_id == edition.id,
                Certificate.status == "valid",
                CertificateFile.certificate_id.is_(None),
            )
            .order_by(Certificate.id)
        )
    )


def render_missing(
    edition: Edition,
    progress: Progress | None = None,
    commit: Callable[[], None] | None = None,
) -> int:
    """Render and store every valid certificate's PDF not stored yet; returns how many.

    With `commit` (the CLI, the batch thread), no transaction stays open while a chunk renders:
    on SQLite an open transaction holds the write lock and would stall every other request.
    """
    ids = missing(edition)
    for start in range(0, len(ids), CHUNK):
        chunk_ids = ids[start : start + CHUNK]
        chunk = db.session.scalars(
            select(Certificate)
            .options(selectinload(Certificate.edition), selectinload(Certificate.participant))
            .where(Certificate.id.in_(chunk_ids))
            .order_by(Certificate.id)
        ).all()
        pages = pages_for(list(chunk))
        if commit:
            commit()
        report = (lambda done, _total, s=start: progress(s + done, len(ids))) if progress else None
        for certificate_id, data in zip(chunk_ids, render_pages(pages, report), strict=True):
            db.session.add(CertificateFile(certificate_id=certificate_id, pdf=data))
        db.session.flush()
        if commit:
            commit()
    return len(ids)


def valid_with_files(edition: Edition) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .join(CertificateFile)
            .where(Certificate.edition_id == edition.id, Certificate.status == "valid")
            .order_by(Certificate.holder_name, Certificate.id)
        )
    )


def zip_all(edition: Edition, commit: Callable[[], None] | None = None) -> bytes:
    """A ZIP of every valid certificate's PDF (stored: PDFs are compressed already)."""
    render_missing(edition, commit=commit)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in valid_with_files(edition):
            archive.writestr(archive_name(certificate), certificate.file.pdf)
    return buffer.getvalue()


def export(edition: Edition, directory: Path, commit: Callable[[], None] | None = None) -> int:
    """Write one PDF per valid certificate into `directory`; returns how many."""
    render_missing(edition, commit=commit)
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for certificate in valid_with_files(edition):
        (directory / filename(certificate)).write_bytes(certificate.file.pdf)
        count += 1
    return count


def attachment(message: OutboxMessage) -> list[tuple[str, str, bytes]]:
    """The outbox's builder for "certificate": the holder's PDF, as issued."""
    certificate = db.session.get(Certificate, message.context.get("certificate_id"))
    if certificate is None:
        return []
    return [(filename(certificate), "application/pdf", pdf_for(certificate))]


email.ATTACHMENTS["certificate"] = attachment
