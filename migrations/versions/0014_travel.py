"""travel: participants' and speakers' arrival, departure and hotel requests, for the booker

Revision ID: 0014_travel
Revises: 0013_gender_member_cities
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_travel"
down_revision = "0013_gender_member_cities"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "travel_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("arrival_on", sa.Date(), nullable=False),
        sa.Column("arrival_time", sa.Time(), nullable=True),
        sa.Column("arrival_means", sa.String(length=8), nullable=False),
        sa.Column("arrival_detail", sa.String(length=120), nullable=False),
        sa.Column("departure_on", sa.Date(), nullable=False),
        sa.Column("departure_time", sa.Time(), nullable=True),
        sa.Column("departure_means", sa.String(length=8), nullable=False),
        sa.Column("departure_detail", sa.String(length=120), nullable=False),
        sa.Column("needs_hotel", sa.Boolean(), nullable=False),
        sa.Column("check_in_on", sa.Date(), nullable=True),
        sa.Column("check_out_on", sa.Date(), nullable=True),
        sa.Column("delegation", sa.String(length=200), nullable=False),
        sa.Column("room_with", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("booking_note", sa.String(length=2000), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "arrival_means IN ('flight', 'bus', 'car', 'other')",
            name=op.f("ck_travel_requests_arrival_means_known"),
        ),
        sa.CheckConstraint(
            "departure_means IN ('flight', 'bus', 'car', 'other')",
            name=op.f("ck_travel_requests_departure_means_known"),
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'booked', 'not_needed')",
            name=op.f("ck_travel_requests_status_known"),
        ),
        sa.CheckConstraint(
            "(participant_id IS NULL AND speaker_id IS NOT NULL) OR (participant_id IS NOT NULL AND speaker_id IS NULL)",
            name=op.f("ck_travel_requests_one_traveller"),
        ),
        sa.CheckConstraint(
            "NOT needs_hotel OR (check_in_on IS NOT NULL AND check_out_on > check_in_on)",
            name=op.f("ck_travel_requests_hotel_nights"),
        ),
        sa.CheckConstraint(
            "departure_on >= arrival_on", name=op.f("ck_travel_requests_departs_after_arrival")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["editions.id"],
            name=op.f("fk_travel_requests_edition_id_editions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_travel_requests_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_travel_requests_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_requests")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_travel_requests_participant_id")),
        sa.UniqueConstraint("speaker_id", name=op.f("uq_travel_requests_speaker_id")),
    )
    with op.batch_alter_table("travel_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_travel_requests_edition_id"), ["edition_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("travel_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travel_requests_edition_id"))

    op.drop_table("travel_requests")
