"""The filters of a batch of badges."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from seminar import ods
from seminar.badges.services import Filters


def role_choices():
    return [
        ("", _l("Everyone")),
        ("participant", _l("Participant")),
        ("speaker", _l("Speaker")),
        ("organiser", _l("Organiser")),
        ("press", _l("Press")),
    ]


class BatchForm(FlaskForm):
    role = SelectField(_l("Role"), default="")
    ods = SelectField(_l("Workshop (ODS)"), default="")
    not_printed = BooleanField(_l("Only badges not printed yet"))
    layout = SelectField(
        _l("Layout"),
        choices=[("a4-4up", _l("A4, four badges a sheet")), ("a6", _l("A6, one badge a page"))],
        default="a4-4up",
    )

    def __init__(self, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
        self.ods.choices = [("", _l("All workshops"))] + [
            (str(g.number), f"{g.number} · {g.name(language)}") for g in ods.goals().values()
        ]

    def filters(self) -> Filters:
        return Filters(
            role=self.role.data or "",
            ods=int(self.ods.data) if self.ods.data else None,
            not_printed=bool(self.not_printed.data),
        )
