"""removed proposals: the browser ids of deleted proposals, so a save of one still queued on
another device answers 410 instead of writing it back

Revision ID: 0017_removed_proposals
Revises: 0016_proposal_versions
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_removed_proposals"
down_revision = "0016_proposal_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "removed_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["editions.id"],
            name=op.f("fk_removed_proposals_edition_id_editions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removed_proposals")),
        sa.UniqueConstraint(
            "edition_id", "client_id", name=op.f("uq_removed_proposals_edition_id_client_id")
        ),
    )


def downgrade():
    op.drop_table("removed_proposals")
