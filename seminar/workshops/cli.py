"""`flask allocate --edition S [--seed N] [--publish] [--full]`."""

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
)
METHODS = (("optimal", "allocation"), ("fcfs", "first come"), ("rsd", "random serial"))


def _cell(value) -> str:
    return "-" if value is None else f"{value:.1%}" if isinstance(value, float) else str(value)


def report(figures: dict) -> list[str]:
    """The quality figures of a run, the allocation next to FCFS and RSD, as text lines."""
    best = figures["optimal"]
    gap = "" if best["gap"] in (None, 0) else f", gap {best['gap']:.2%}"
    lines = [
        f"{figures['people']} people, {best['placed']} placed person-rounds, "
        f"{best['unplaced']} unplaced; {figures['pins']} pinned, {figures['kept']} kept",
        f"solver: {best['status']}{gap}, runtime {best['runtime']:.2f} s",
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
@with_appcontext
def allocate_command(slug, seed, publish, full):
    """ODS workshop allocation of an edition; prints its quality figures."""
    edition = edition_or_fail(slug)
    try:
        run, _ = services.run_now(edition, seed, full)
        queued = publishing.publish(edition) if publish else None
    except services.AllocationError as exc:
        fail(str(exc))
    db.session.commit()
    for line in report(run.figures):
        click.echo(line)
    if queued is not None:
        click.echo(f"published: queued {queued} email(s)")
