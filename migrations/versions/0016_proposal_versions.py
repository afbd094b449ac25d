"""proposal versions: each save of a proposal bumps it, so a save typed on an older version is
refused instead of overwriting what another device saved

Revision ID: 0016_proposal_versions
Revises: 0015_people_by_name
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_proposal_versions"
down_revision = "0015_people_by_name"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_column("version")
