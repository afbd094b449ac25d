"""What a certificate says, in its holder's language: plain data for templates/pdf/certificate.html.

The statement under the name has a default per role (participant, speaker "expositor/a",
facilitator "facilitador/a"), naming the edition by its event type and full title ("participó en
el Seminario Taller Internacional «Ciudades de América Latina…», realizado en Puerto Montt del 4 al
7 de octubre de 2017"); organisers may replace it per language, with the placeholders {edition}
(that designation), {city}, {dates}, {session} and {hours}.
"""

import re

from babel.dates import format_date, format_interval
from flask_babel import force_locale
from flask_babel import gettext as _

from seminar import ods, wording
from seminar.certificates.codes import grouped
from seminar.models import Certificate, CertificateSettings, Edition

PLACEHOLDER = re.compile(r"\{(edition|city|dates|session|hours)\}")


def default_statement(kind: str, has_session: bool) -> str:
    """The sentence after the holder's name, in the current locale, with placeholders."""
    if kind == "speaker" and has_session:
        return _(
            "took part as a speaker in %(edition)s, held %(place)s %(dates)s, "
            "presenting «%(session)s»."
        )
    if kind == "speaker":
        return _("took part as a speaker in %(edition)s, held %(place)s %(dates)s.")
    if kind == "facilitator" and has_session:
        return _(
            "took part as a facilitator in %(edition)s, held %(place)s %(dates)s, "
            "leading «%(session)s»."
        )
    if kind == "facilitator":
        return _("took part as a facilitator in %(edition)s, held %(place)s %(dates)s.")
    return _("took part in %(edition)s, held %(place)s %(dates)s.")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace known {placeholders} only: organisers' text is never a format string."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _statement(certificate: Certificate, edition: Edition, settings: CertificateSettings) -> str:
    values = {
        "edition": wording.designation(edition),
        "city": edition.city,
        "place": wording.place(edition),
        "dates": wording.edition_dates(edition, certificate.language),
        "session": certificate.session_title,
        "hours": str(certificate.hours),
    }
    custom = (settings.wording or {}).get(certificate.language)
    if custom:
        return fill(custom, values)
    return default_statement(certificate.kind, bool(certificate.session_title)) % values


def labels(language: str) -> dict:
    """The fixed words of templates/pdf/certificate.html in one language."""
    with force_locale(language):
        return {
            "title": _("Certificate"),
            "certify": _("This certifies that"),
            "workshops": _("ODS workshops attended"),
            "hours": _("Duration"),
            "code": _("Verification code"),
            "verify": _("Check that this certificate is genuine at"),
        }


def edition_data(edition: Edition, language: str) -> dict:
    with force_locale(language):
        if edition.starts_on == edition.ends_on:
            dates = format_date(edition.starts_on, "long", locale=language)
        else:
            dates = format_interval(edition.starts_on, edition.ends_on, "yMMMMd", locale=language)
        city = _("Online") if edition.format == "virtual" else edition.city
        name = wording.designation(edition)
        return {"name": name[:1].upper() + name[1:], "city": city, "dates": dates}


def certificate_data(
    certificate: Certificate, settings: CertificateSettings, verify_url: str
) -> dict:
    """One certificate for seminar/certificates/render.py, worded in its holder's language."""
    language = certificate.language
    with force_locale(language):
        return {
            "holder": certificate.holder_name,
            "statement": _statement(certificate, certificate.edition, settings),
            "workshops": [
                {"ods": goal.number, "colour": goal.colour, "name": goal.name(language)}
                for goal in (ods.goal(item["ods"]) for item in certificate.workshops)
            ],
            "hours": _("%(hours)s hours", hours=certificate.hours) if certificate.hours else "",
            "verification_code": grouped(certificate.code),
            "verification_url": verify_url,
        }
