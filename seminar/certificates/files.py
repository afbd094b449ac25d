"""Certificate PDFs: rendered in batches (the shared artwork laid out once, each certificate
drawn over it as its own PDF: see render.py), stored once, then served, attached and zipped."""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from seminar import email
from seminar.certificates import document, signatures
from seminar.certificates.codes import grouped
from seminar.certificates.services import settings_for, verify_url
from seminar.extensions import db
from seminar.models import Certificate, CertificateFile, Edition, OutboxMessage
from seminar.models.participant import fold

# Certificates per trip to the database in a batch: bounds memory (PDFs are ~20 kB each).
CHUNK = 1000
PREFIX = {"es": "certificado", "pt": "certificado", "en": "certificate"}

Progress = Callable[[int, int], None]


def filename(certificate: Certificate) -> str:
    prefix = PREFIX.get(certificate.language, "certificate")
    return f"{prefix}-{certificate.edition.slug}-{grouped(certificate.code)}.pdf"


def archive_name(certificate: Certificate) -> str:
    """Holder first, for organisers browsing the ZIP: nunez-maria-jose-ABCDE-….pdf"""
    name = re.sub(r"[^a-z0-9]+", "-", fold(certificate.holder_name)).strip("-") or "certificate"
    return f"{name}-{grouped(certificate.code)}.pdf"


@dataclass
class Batch:
    """Certificates of one edition as plain data, each with the words of its own language."""

    edition: dict
    certificates: list[dict]
    signatures: list[dict]


def prepare(certificates: list[Certificate]) -> Batch:
    """Everything the PDFs need, read from the database now, so rendering needs no transaction."""
    if len({c.edition_id for c in certificates}) != 1:
        raise ValueError("a batch of certificates belongs to one edition")
    edition = certificates[0].edition
    settings = settings_for(edition)
    languages = {c.language for c in certificates}
    editions = {lang: document.edition_data(edition, lang) for lang in languages}
    labels = {lang: document.labels(lang) for lang in languages}
    return Batch(
        editions[certificates[0].language],
        [
            {
                **document.certificate_data(c, settings, verify_url(c)),
                "labels": labels[c.language],
                "edition": editions[c.language],
            }
            for c in certificates
        ],
        [
            {"image": signatures.data_uri(s), "name": s.signer_name, "title": s.signer_title}
            for s in signatures.for_edition(edition.id)
        ],
    )


def render_batch(batch: Batch, progress: Progress | None = None) -> list[bytes]:
    """One PDF per certificate, in order: one batch, whatever the languages."""
    from seminar.certificates import render as pdf_render

    return pdf_render.render_certificates(
        batch.certificates,
        edition=batch.edition,
        signatures=batch.signatures,
        labels=batch.certificates[0]["labels"],
        progress=progress,
    )


def render(certificates: list[Certificate], progress: Progress | None = None) -> list[bytes]:
    return render_batch(prepare(certificates), progress) if certificates else []


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
        batch = prepare(list(chunk))
        if commit:
            commit()
        report = (lambda done, _total, s=start: progress(s + done, len(ids))) if progress else None
        for certificate_id, data in zip(chunk_ids, render_batch(batch, report), strict=True):
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
