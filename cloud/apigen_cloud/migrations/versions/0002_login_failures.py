"""login failures: the login limiter's state, shared by every API replica

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", "address"),
    )
    op.create_index("ix_login_failures_expires", "login_failures", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_login_failures_expires", table_name="login_failures")
    op.drop_table("login_failures")
