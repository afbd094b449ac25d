"""online editions: format, title and event type, ODS to rank, join links, platform attendance

Revision ID: 0009_online_editions
Revises: 0008_checkin_offline
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_online_editions"
down_revision = "0008_checkin_offline"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "online_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("email_key", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=250), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=8), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "platform IN ('zoom', 'meet', 'teams')",
            name=op.f("ck_online_attendance_platform_known"),
        ),
        sa.CheckConstraint(
            "left_at >= joined_at", name=op.f("ck_online_attendance_left_after_joined")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["editions.id"],
            name=op.f("fk_online_attendance_edition_id_editions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_attendance")),
        sa.UniqueConstraint(
            "edition_id",
            "email_key",
            "name",
            "joined_at",
            "left_at",
            name="uq_online_attendance_stretch",
        ),
    )
    with op.batch_alter_table("online_attendance", schema=None) as batch_op:
        batch_op.create_index("ix_online_attendance_edition_email", ["edition_id", "email_key"])

    with op.batch_alter_table("certificate_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("min_minutes", sa.Integer(), nullable=False, server_default="30")
        )
        batch_op.add_column(sa.Column("min_share", sa.Float(), nullable=True))
        batch_op.create_check_constraint("min_minutes_positive", "min_minutes >= 1")
        batch_op.create_check_constraint(
            "min_share_range", "min_share IS NULL OR (min_share > 0 AND min_share <= 1)"
        )

    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("event_type", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("full_title", sa.String(length=400), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("format", sa.String(length=12), nullable=False, server_default="in_person")
        )
        batch_op.add_column(
            sa.Column("ods_to_rank", sa.Integer(), nullable=False, server_default="3")
        )
        batch_op.create_check_constraint(
            "format_known", "format IN ('in_person', 'virtual', 'hybrid')"
        )
        batch_op.create_check_constraint("ods_to_rank_range", "ods_to_rank BETWEEN 0 AND 17")

    with op.batch_alter_table("programme_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("join_url", sa.String(length=500), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("programme_sessions", schema=None) as batch_op:
        batch_op.drop_column("join_url")
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.drop_constraint("ods_to_rank_range", type_="check")
        batch_op.drop_constraint("format_known", type_="check")
        batch_op.drop_column("ods_to_rank")
        batch_op.drop_column("format")
        batch_op.drop_column("full_title")
        batch_op.drop_column("event_type")
    with op.batch_alter_table("certificate_settings", schema=None) as batch_op:
        batch_op.drop_constraint("min_share_range", type_="check")
        batch_op.drop_constraint("min_minutes_positive", type_="check")
        batch_op.drop_column("min_share")
        batch_op.drop_column("min_minutes")
    with op.batch_alter_table("online_attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_online_attendance_edition_email")
    op.drop_table("online_attendance")
