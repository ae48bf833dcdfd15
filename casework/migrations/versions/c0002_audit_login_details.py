"""audit log: the account tried and the client address of a failed login

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-02

A failed login is audited with the e-mail address that was tried (also when no such account
exists) and the address it came from, so that an ombud or an administrator can see who tried.
Only added columns, nullable: every older row stays as it is.
"""
import sqlalchemy as sa
from alembic import op

revision = 'c0002'
down_revision = 'c0001'
branch_labels = None
depends_on = None


def _has_column(table: str, column: str) -> bool:
    return any(found['name'] == column for found in sa.inspect(op.get_bind()).get_columns(table))


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        if not _has_column('audit_log', 'attempted_email'):
            batch_op.add_column(sa.Column('attempted_email', sa.String(length=200), nullable=True))
        if not _has_column('audit_log', 'client_address'):
            batch_op.add_column(sa.Column('client_address', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('client_address')
        batch_op.drop_column('attempted_email')
