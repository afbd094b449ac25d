"""Check-in offline: what a station answered offline, attendance at workshop doors, and the
certificate rule "doors" (attended each workshop, scanned at its door).

Revision ID: 0008_checkin_offline
Revises: 0007_privacy
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_checkin_offline"
down_revision = "0007_privacy"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.add_column(sa.Column("offline_answer", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("workshop_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_checkins_workshop_id_workshops"),
            "workshops",
            ["workshop_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "workshop_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("first_checkin_id", sa.Integer(), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("station", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["editions.id"],
            name=op.f("fk_workshop_attendance_edition_id_editions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_attendance_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_workshop_attendance_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["first_checkin_id"],
            ["checkins.id"],
            name=op.f("fk_workshop_attendance_first_checkin_id_checkins"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_attendance")),
        sa.UniqueConstraint(
            "workshop_id",
            "participant_id",
            name=op.f("uq_workshop_attendance_workshop_id_participant_id"),
        ),
    )


    with op.batch_alter_table("certificate_settings") as batch_op:
        batch_op.drop_constraint("rule_known", type_="check")
        batch_op.create_check_constraint("rule_known", "rule IN ('days', 'workshops', 'doors')")


def downgrade():
    op.execute("UPDATE certificate_settings SET rule = 'workshops' WHERE rule = 'doors'")
    with op.batch_alter_table("certificate_settings") as batch_op:
        batch_op.drop_constraint("rule_known", type_="check")
        batch_op.create_check_constraint("rule_known", "rule IN ('days', 'workshops')")
    op.drop_table("workshop_attendance")
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_constraint("fk_checkins_workshop_id_workshops", type_="foreignkey")
        batch_op.drop_column("workshop_id")
        batch_op.drop_column("offline_answer")
