"""The cities that are members of the Mercociudades network, as organisers keep the list."""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from seminar.extensions import db


class MemberCity(db.Model):
    """A member city; `city_key` is the name folded (case and accents), so 'Asuncion' matches."""

    __tablename__ = "member_cities"
    __table_args__ = (UniqueConstraint("country", "city_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(120))
    city_key: Mapped[str] = mapped_column(String(120))
