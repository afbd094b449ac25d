"""The report as it is read (page, PDF, XLSX): labels in the reader's language, every breakdown
of people by what they are with its small groups merged, and the charts' geometry."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

from seminar import content, countries, ods
from seminar.council import charts
from seminar.council.figures import Figures, Person, WorkshopCount
from seminar.council.groups import Group, by_text, merge_small, shown
from seminar.forms import ACTOR_LABELS
from seminar.network import services as network


@dataclass
class Breakdown:
    key: str
    title: str
    column: str
    groups: list[Group]
    total: Group
    chart: dict | None = None


@dataclass
class Report:
    figures: Figures
    headline: list[tuple[str, str, int]]
    days: list[dict]
    workshops: list[WorkshopCount]
    workshop_charts: list[tuple[str, dict]]
    breakdowns: list[Breakdown]

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


def _grouped(people: list[Person], key: Callable, label: Callable) -> list[Group]:
    """People grouped by key(person); a group is labelled label(its first person)."""
    found: dict[str, Group] = {}
    for person in people:
        k = key(person)
        group = found.get(k) or found.setdefault(k, Group(k, label(person)))
        group.registered += person.registered
        group.attended += person.attended
    return list(found.values())


def _breakdown(
    key: str, names: tuple[str, str], people: list[Person], found: list[Group], chart=False
):
    """names: the breakdown's title and its first column's heading."""
    title, column = names
    total = Group("total", _("Total"), sum(p.registered for p in people))
    total.attended = sum(p.attended for p in people)
    merged = merge_small(found, _("others / small groups"))
    drawn = None
    if chart:
        drawn = charts.bars(
            [(g.label, g.registered, g.attended, None, _figures(g)) for g in merged]
        )
    return Breakdown(key, title, column, merged, total, drawn)


def _figures(group: Group) -> str:
    return f"{shown(group.attended)} / {shown(group.registered)}"


def _membership(members: set) -> Callable:
    def key(person: Person) -> str:
        if not network.city_key(person.city):
            return "unknown"
        return "member" if network.is_member(members, person.country, person.city) else "other"

    return key


def breakdowns(figures: Figures) -> list[Breakdown]:
    language = str(get_locale())
    people, members = figures.people, figures.member_keys
    not_said, member = _("not stated"), _("member")

    def city_label(p: Person) -> str:
        if not network.city_key(p.city):
            return not_said
        mark = f" · {member}" if network.is_member(members, p.country, p.city) else ""
        return f"{' '.join(p.city.split())} ({countries.name(p.country, language)}){mark}"

    member_key = _membership(members)

    membership = {
        "member": _("Member cities of the network"),
        "other": _("Cities outside the network"),
        "unknown": not_said,
    }
    return [
        _breakdown(
            "country", (_("By country"), _("Country")), people,
            _grouped(people, lambda p: p.country, lambda p: countries.name(p.country, language)),
            chart=True,
        ),
        _breakdown(
            "city", (_("By city"), _("City")), people,
            _grouped(people, lambda p: f"{p.country}|{network.city_key(p.city)}", city_label),
        ),
        _breakdown(
            "actor", (_("By level of government and type of actor"), _("Type of actor")), people,
            _grouped(people, lambda p: p.actor_type,
                     lambda p: str(ACTOR_LABELS.get(p.actor_type, p.actor_type))),
            chart=True,
        ),
        _breakdown(
            "member", (_("Member and non-member cities"), _("City")), people,
            _grouped(people, member_key, lambda p: membership[member_key(p)]),
        ),
        _breakdown(
            "gender", (_("By gender (self-described, optional)"), _("Gender")), people,
            by_text([(p.gender, p.registered, p.attended) for p in people], not_said),
        ),
    ]  # fmt: skip


def headline(figures: Figures) -> list[tuple[str, str, int]]:
    represented = {
        (p.country, network.city_key(p.city))
        for p in figures.people
        if network.is_member(figures.member_keys, p.country, p.city)
    }
    return [
        ("registered", _("Registered (confirmed)"), figures.registered),
        ("attended", _("Attended (checked in at least one day)"), figures.attended),
        ("countries", _("Countries"), len({p.country for p in figures.people})),
        ("member_cities", _("Member cities represented"), len(represented)),
        ("invitations_sent", _("Invitations sent"), figures.invitations["sent"]),
        ("invitations_answered", _("Invitations answered"), figures.invitations["answered"]),
        ("certificates", _("Certificates issued"), figures.certificates),
        ("proposals", _("Proposals published"), figures.proposals_published),
    ]


def _workshop_charts(workshops: list[WorkshopCount], language: str) -> list[tuple[str, dict]]:
    rounds: dict[str, list[WorkshopCount]] = {}
    for w in workshops:
        rounds.setdefault(content.localized(w.round, "label", language), []).append(w)
    return [
        (
            label,
            charts.bars(
                [
                    (
                        f"ODS {w.ods} · {ods.goal(w.ods).name(language)}",
                        w.seats,
                        w.attended,
                        w.assigned,
                        f"{w.attended} / {w.assigned} / {w.seats}",
                    )  # fmt: skip
                    for w in rows
                ]
            ),
        )
        for label, rows in rounds.items()
    ]


def report(figures: Figures) -> Report:
    days = [
        {"day": day, "registered": figures.registered, "attended": n} for day, n in figures.days
    ]
    return Report(
        figures=figures,
        headline=headline(figures),
        days=days,
        workshops=figures.workshops,
        workshop_charts=_workshop_charts(figures.workshops, str(get_locale())),
        breakdowns=breakdowns(figures),
    )


@dataclass
class Comparison:
    editions: list
    headline: list[tuple[str, str, list[int]]]
    breakdowns: list[tuple[str, str, list[tuple[str, list[tuple]]]]]


COMPARED = ("actor", "member", "country", "gender")


def compare(reports: list[Report]) -> Comparison:
    """The same figures of several editions side by side, groups aligned by what they are."""
    headline = [
        (key, label, [dict((k, v) for k, _l, v in r.headline)[key] for r in reports])
        for key, label, _v in reports[0].headline
    ]
    compared = []
    for key in COMPARED:
        parts = [r.breakdown(key) for r in reports]
        labels: dict[str, str] = {}
        for part in parts:
            for g in part.groups:
                labels.setdefault(g.key, g.label)
        others = labels.pop("others", None)
        order = list(labels) + (["others"] if others else [])
        rows = []
        for group_key in order:
            cells = []
            for part in parts:
                g = next((g for g in part.groups if g.key == group_key), None)
                cells.append((shown(g.registered), shown(g.attended)) if g else ("—", "—"))
            rows.append((labels.get(group_key, others), cells))
        total = [(shown(p.total.registered), shown(p.total.attended)) for p in parts]
        rows.append((_("Total"), total))
        compared.append((key, parts[0].title, rows))
    return Comparison([r.figures.edition for r in reports], headline, compared)
