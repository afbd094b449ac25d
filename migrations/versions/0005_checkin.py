"""Check-in: revoked badge codes and the indexes the door and the dashboard read by.

Revision ID: 0005_checkin
Revises: 0004_allocation
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_checkin"
down_revision = "0004_allocation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "revoked_badges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_revoked_badges_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revoked_badges")),
        sa.UniqueConstraint("code", name=op.f("uq_revoked_badges_code")),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index("ix_checkins_edition_scanned", ["edition_id", "scanned_at"])
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_edition_day", ["edition_id", "day"])


def downgrade():
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_edition_day")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_checkins_edition_scanned")
    op.drop_table("revoked_badges")
