"""The organisers' list of the network's member cities: see it, replace it from a pasted or
uploaded country,city table (all rows or none)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from seminar import spreadsheets
from seminar.extensions import db
from seminar.network import services
from seminar.web import organiser_blueprint, table_download

bp = organiser_blueprint("network", __name__, "/admin/network")


class MembersForm(FlaskForm):
    pasted = TextAreaField(
        _l("Paste the list: a header line country,city, then one city a line"),
        [Optional(), Length(max=200_000)],
    )
    file = FileField(_l("…or a CSV or Excel (.xlsx) file with the columns country, city"))


def _table(form: MembersForm) -> spreadsheets.Table:
    upload = form.file.data
    if upload and upload.filename:
        return spreadsheets.read(upload.read())
    if (form.pasted.data or "").strip():
        return spreadsheets.read(form.pasted.data.encode("utf-8"))
    raise spreadsheets.SheetError([_("Paste the list or choose a file.")])


def _page(form: MembersForm, status: int = 200):
    return render_template("network/index.html", form=form, cities=services.all_cities()), status


@bp.get("/")
def index():
    return _page(MembersForm())


@bp.post("/")
def replace():
    form = MembersForm()
    if not form.validate():
        return _page(form, 400)
    try:
        count = services.replace(services.parse(_table(form)))
    except spreadsheets.SheetError as error:
        db.session.rollback()
        target = form.file if form.file.data and form.file.data.filename else form.pasted
        target.errors = list(target.errors) + error.errors
        return _page(form, 400)
    db.session.commit()
    flash(_("The network now has %(n)s member cities.", n=count))
    return redirect(url_for("network.index"))


@bp.get("/members.csv")
def export():
    return table_download(services.rows(), services.COLUMNS, "member-cities", "csv", "cities")
