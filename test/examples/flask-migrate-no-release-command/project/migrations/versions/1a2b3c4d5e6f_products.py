"""products"""
import sqlalchemy as sa
from alembic import op

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade():
    op.create_table("product", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(120), nullable=False))


def downgrade():
    op.drop_table("product")
