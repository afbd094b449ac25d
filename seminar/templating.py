"""Filters and globals the templates share (dates in the edition's zone, labels, ODS data)."""

import json
from datetime import date, datetime
from types import SimpleNamespace

from flask import Flask, request, url_for
from flask_babel import format_date as babel_date
from flask_babel import format_datetime as babel_datetime
from flask_babel import lazy_gettext as _l

from seminar import content, countries, ods, wording
from seminar.colours import text_on
from seminar.forms import LANGUAGE_LABELS

STATUS_LABELS = {
    "confirmed": _l("Confirmed"),
    "pending": _l("Awaiting approval"),
    "waitlisted": _l("Waiting list"),
    "cancelled": _l("Cancelled"),
}


def format_date(value: date | None, style: str = "medium") -> str:
    return babel_date(value, style) if value else ""


def format_datetime(value: datetime | None, style: str = "medium", tz: str | None = None) -> str:
    if not value:
        return ""
    if tz:
        from zoneinfo import ZoneInfo

        value = value.astimezone(ZoneInfo(tz))
        return babel_datetime(value.replace(tzinfo=None), style, rebase=False)
    return babel_datetime(value, style)


# Tabs of an edition's organiser pages.
EDITION_NAV = (
    ("allocation.index", _l("Allocation")),
    ("invitations_admin.index", _l("Invitations")),
    ("announcements.index", _l("Messages")),
    ("needs.index", _l("Catering and access")),
    ("travel_admin.index", _l("Travel and accommodation")),
    ("programme_admin.page", _l("Programme")),
    ("badges_admin.index", _l("Badges")),
    ("checkin.dashboard", _l("Check-in")),
    ("certificates_admin.page", _l("Certificates")),
    ("proposals_admin.index", _l("Proposals")),
    ("privacy_admin.texts", _l("Privacy")),
    ("attendance.index", _l("Online attendance")),
    ("admin.translations", _l("Translations")),
    ("council.report", _l("Report for the Council")),
)


def edition_nav_items(edition) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(url=url_for(endpoint, slug=edition.slug), label=label)
        for endpoint, label in EDITION_NAV
        if (edition.online or endpoint != "attendance.index")
        and (edition.format != "virtual" or endpoint != "travel_admin.index")
    ]


def organiser_tabs(edition) -> list[SimpleNamespace]:
    """The organiser tabs, the one whose address is the longest prefix of this page's marked
    current (so /admin/e/x/participants/7 marks "Participants", not the edition)."""
    tabs = [SimpleNamespace(url=url_for("admin.home"), label=_l("Editions"))]
    if edition:
        tabs += [
            SimpleNamespace(url=url_for("admin.edition", slug=edition.slug), label=edition.name),
            SimpleNamespace(
                url=url_for("participants.index", slug=edition.slug), label=_l("Participants")
            ),
            *edition_nav_items(edition),
        ]
    tabs += [
        SimpleNamespace(url=url_for("network.index"), label=_l("Member cities")),
        SimpleNamespace(url=url_for("admin.outbox"), label=_l("Outbox")),
        SimpleNamespace(url=url_for("admin.audit_log"), label=_l("Audit log")),
    ]
    matching = [tab for tab in tabs if request.path.startswith(tab.url)]
    current = max(matching, key=lambda tab: len(tab.url), default=None)
    for tab in tabs:
        tab.current = tab is current
    return tabs


def goals_json(goals: dict, language: str) -> str:
    return json.dumps(
        [
            {"n": g.number, "colour": g.colour, "ink": g.ink, "name": g.name(language)}
            for g in goals.values()
        ],
        ensure_ascii=False,
    )


def localized(obj, field: str) -> str:
    """`{{ session|localized("title") }}`: organiser text in the page's (or email's) language."""
    from flask_babel import get_locale

    return content.localized(obj, field, str(get_locale()))


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        localized=localized,
        format_date=format_date,
        format_datetime=format_datetime,
        reject_keys=lambda d, *keys: {k: v for k, v in d.items() if k not in keys},
    )
    app.jinja_env.globals.update(
        goals_json=goals_json,
        status_label=lambda status: STATUS_LABELS.get(status, status),
        country_name=countries.name,
        goal=ods.goal,
        organiser_tabs=organiser_tabs,
        goal_map=ods.goals,
        text_on=text_on,
        language_names=LANGUAGE_LABELS,
        designation=wording.designation,
        edition_dates=wording.edition_dates,
        deadline_text=wording.deadline,
    )
