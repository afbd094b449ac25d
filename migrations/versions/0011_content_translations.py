"""content translations: organiser-written text in other languages, one JSON column per table

Revision ID: 0011_content_translations
Revises: 0010_announcements
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_content_translations"
down_revision = "0010_announcements"
branch_labels = None
depends_on = None

TABLES = ("editions", "rooms", "rounds", "workshops", "programme_sessions")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("translations", sa.JSON(), nullable=False, server_default="{}")
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("translations")
