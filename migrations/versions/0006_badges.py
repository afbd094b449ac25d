"""badges: when each participant's badge was last printed

Revision ID: 0006_badges
Revises: 0005_checkin
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_badges"
down_revision = "0005_checkin"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants") as batch_op:
        batch_op.add_column(
            sa.Column("badge_printed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("participants") as batch_op:
        batch_op.drop_column("badge_printed_at")
