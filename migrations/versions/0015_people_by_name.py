"""people by name: an index that lists an edition's confirmed people in name order a page at a
time (the allocation and badge pages) without sorting them all

Revision ID: 0015_people_by_name
Revises: 0014_travel
"""

from alembic import op

revision = "0015_people_by_name"
down_revision = "0014_travel"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_participants_edition_status_name",
        "participants",
        ["edition_id", "status", "last_name", "first_name"],
    )


def downgrade():
    op.drop_index("ix_participants_edition_status_name", table_name="participants")
