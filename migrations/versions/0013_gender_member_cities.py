"""gender and member cities: a self-described, optional gender per participant; the network's
member cities, seeded from seminar/data/member_cities.csv

Revision ID: 0013_gender_member_cities
Revises: 0012_proposals
"""

import csv
import unicodedata
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0013_gender_member_cities"
down_revision = "0012_proposals"
branch_labels = None
depends_on = None

SEED = Path(__file__).resolve().parents[2] / "seminar" / "data" / "member_cities.csv"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def upgrade():
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("gender", sa.String(60), nullable=True))
    cities = op.create_table(
        "member_cities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("city", sa.String(120), nullable=False),
        sa.Column("city_key", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_cities")),
        sa.UniqueConstraint(
            "country", "city_key", name=op.f("uq_member_cities_country_city_key")
        ),
    )
    with SEED.open(encoding="utf-8") as file:
        rows = [
            {"country": r["country"], "city": r["city"], "city_key": _fold(r["city"])}
            for r in csv.DictReader(file)
        ]
    op.bulk_insert(cities, rows)


def downgrade():
    op.drop_table("member_cities")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("gender")
