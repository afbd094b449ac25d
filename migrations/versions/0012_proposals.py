"""proposals: what each ODS workshop proposes (the relatoría) and its rapporteur's private link

Revision ID: 0012_proposals
Revises: 0011_content_translations
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_proposals"
down_revision = "0011_content_translations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("ods", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("addressed_to", sa.JSON(), nullable=False),
        sa.Column("cities", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ods BETWEEN 1 AND 17", name=op.f("ck_proposals_ods_range")),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["editions.id"],
            name=op.f("fk_proposals_edition_id_editions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint(
            "edition_id", "client_id", name=op.f("uq_proposals_edition_id_client_id")
        ),
    )
    op.create_table(
        "rapporteur_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("ods", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("sent_to", sa.String(length=254), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ods BETWEEN 1 AND 17", name=op.f("ck_rapporteur_links_ods_range")),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["editions.id"],
            name=op.f("fk_rapporteur_links_edition_id_editions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rapporteur_links")),
        sa.UniqueConstraint("edition_id", "ods", name=op.f("uq_rapporteur_links_edition_id_ods")),
        sa.UniqueConstraint("token", name=op.f("uq_rapporteur_links_token")),
    )


def downgrade():
    op.drop_table("rapporteur_links")
    op.drop_table("proposals")
