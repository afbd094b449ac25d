"""`flask allocate --edition S [--seed N] [--publish] [--full] [--time-limit S]`."""

import click
from flask.cli import with_appcontext

from seminar.commands import edition_or_fail, fail
from seminar.extensions import db
from seminar.workshops import publishing, services

ROWS = (
    ("1st choice", "share_first"),
    ("top 3", "share_top3"),
    ("any ranked", "share_any_ranked"),
    ("unranked", "share_unranked"),
    ("reserve taken", "reserve_taken"),
)
METHODS = (("optimal", "allocation"), ("fcfs", "first come"), ("rsd", "random serial"))


def _cell(value) -> str:
    return "-" if value is None else f"{value:.1%}" if isinstance(value, float) else str(value)


def proof(figures: dict) -> str:
    """Whether the run is proven optimal, in one line."""
    best = figures["optimal"]
    if best["status"] == "optimal":
        return f"solver: proven optimal, runtime {best['runtime']:.2f} s"
    gap = "gap unknown" if best["gap"] is None else f"gap at most {best['gap']:.2%}"
    return (
        f"solver: NOT proven optimal: the time limit ({figures['time_limit']:g} s) ran out; "
        f"best allocation found, {gap}, runtime {best['runtime']:.2f} s"
    )


def shortfall(edition) -> list[str]:
    """One line per round whose rooms cannot hold everyone confirmed."""
    return [
        f"{s.round_label}: {s.people} confirmed people but {s.seats} seats: "
        f"{s.missing} will have no workshop in this round"
        for s in services.shortfalls(edition)
    ]


def report(figures: dict) -> list[str]:
    """The quality figures of a run, the allocation next to FCFS and RSD, as text lines."""
    best = figures["optimal"]
    lines = [
        f"{figures['people']} people, {best['placed']} placed person-rounds, "
        f"{best['unplaced']} unplaced; {figures['pins']} pinned, {figures['kept']} kept",
        proof(figures),
        f"{'':<18}" + "".join(f"{label:>15}" for _, label in METHODS),
    ]
    for label, key in ROWS:
        lines.append(f"{label:<18}" + "".join(f"{_cell(figures[m][key]):>15}" for m, _ in METHODS))
    worst = "".join(f"{figures[m]['worst_rank'] or 'unranked'!s:>15}" for m, _ in METHODS)
    lines.append(f"{'worst rank':<18}{worst}")
    quota = "".join(
        f"{figures[m]['quota_groups']} ({figures[m]['quota_seats']} seats)".rjust(15)
        for m, _ in METHODS
    )
    lines.append(f"{'quota violations':<18}{quota}")
    return lines


@click.command("allocate")
@click.option("--edition", "slug", required=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--publish", is_flag=True, help="Queue the emails of the new assignments.")
@click.option("--full", is_flag=True, help="Move people already notified too.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=services.TIME_LIMIT,
    show_default=True,
    help="Seconds the solver may take; then it answers with the best allocation found.",
)
@with_appcontext
def allocate_command(slug, seed, publish, full, time_limit):
    """ODS workshop allocation of an edition; prints its quality figures."""
    edition = edition_or_fail(slug)
    for line in shortfall(edition):
        click.echo(f"warning: {line}")
    try:
        run, _ = services.run_now(edition, seed, full, time_limit)
        queued = publishing.publish(edition) if publish else None
    except services.AllocationError as exc:
        fail(str(exc))
    db.session.commit()
    for line in report(run.figures):
        click.echo(line)
    if queued is not None:
        click.echo(f"published: queued {queued} email(s)")
