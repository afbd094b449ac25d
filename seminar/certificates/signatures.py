"""Signature images the organisers upload: checked with Pillow and kept as clean PNG blobs."""

import base64
import io

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import func, select

from seminar import audit
from seminar.certificates.services import CertificateError
from seminar.extensions import db
from seminar.models import CertificateSignature, Edition

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000 * 4000
# Printed about 5 cm wide: 1,000 px is plenty and keeps PDFs small.
MAX_WIDTH = 1000
FORMATS = {"PNG", "JPEG", "WEBP"}


def clean_image(data: bytes) -> bytes:
    """Re-encode an upload as a PNG no wider than MAX_WIDTH, or refuse it with a reason."""
    if len(data) > MAX_BYTES:
        raise CertificateError(_l("the image is larger than 2 MB"))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise CertificateError(_l("the image must be a PNG, JPEG or WebP file"))
            if probe.width * probe.height > MAX_PIXELS:
                raise CertificateError(_l("the image has too many pixels"))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CertificateError(_l("the file is not an image that can be read")) from exc
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def add(edition: Edition, signer_name: str, signer_title: str, data: bytes) -> CertificateSignature:
    position = db.session.scalar(
        select(func.coalesce(func.max(CertificateSignature.position), 0)).where(
            CertificateSignature.edition_id == edition.id
        )
    )
    signature = CertificateSignature(
        edition_id=edition.id,
        position=position + 1,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        image=clean_image(data),
    )
    db.session.add(signature)
    db.session.flush()
    audit.record("certificates.signature_add", signer_name, edition.id)
    return signature


def remove(signature: CertificateSignature) -> None:
    audit.record("certificates.signature_remove", signature.signer_name, signature.edition_id)
    db.session.delete(signature)
    db.session.flush()


def for_edition(edition_id: int) -> list[CertificateSignature]:
    return list(
        db.session.scalars(
            select(CertificateSignature)
            .where(CertificateSignature.edition_id == edition_id)
            .order_by(CertificateSignature.position)
        )
    )


def data_uri(signature: CertificateSignature) -> str:
    return "data:image/png;base64," + base64.b64encode(signature.image).decode()
