"""casework tables: obstacle notes, ombud accounts, contact requests, their notes, the audit log

Revision ID: c0001
Revises:
Create Date: 2026-12-01

Databases made before casework had its own migrations already hold these tables, with this
layout (they were made by the knowledge migrations then). They are kept as they are, rows
included; only the missing ones are created.
"""
import sqlalchemy as sa
from alembic import op

revision = 'c0001'
down_revision = None
branch_labels = None
depends_on = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing('obstacle_notes'):
        op.create_table('obstacle_notes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('noted_on', sa.Date(), nullable=False),
        sa.Column('authority', sa.String(length=60), nullable=False),
        sa.Column('obstacle', sa.String(length=40), nullable=False),
        sa.Column('contact_reason', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('obstacle_notes', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_obstacle_notes_noted_on'), ['noted_on'], unique=False)

    if _missing('ombud_accounts'):
        op.create_table('ombud_accounts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('office_id', sa.String(length=100), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email')
        )
        with op.batch_alter_table('ombud_accounts', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_ombud_accounts_office_id'), ['office_id'], unique=False)

    if _missing('audit_log'):
        op.create_table('audit_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('handoff_reference', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['ombud_accounts.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('audit_log', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    if _missing('handoffs'):
        op.create_table('handoffs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('reference', sa.String(length=20), nullable=False),
        sa.Column('office_id', sa.String(length=100), nullable=False),
        sa.Column('kommun_code', sa.String(length=4), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('contact_method', sa.String(length=10), nullable=False),
        sa.Column('contact_value', sa.String(length=200), nullable=True),
        sa.Column('contact_time', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=True),
        sa.Column('ombud_wish', sa.String(length=10), nullable=True),
        sa.Column('flags', sa.JSON(), nullable=False),
        sa.Column('on_behalf', sa.Boolean(), nullable=False),
        sa.Column('transcript', sa.Text(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('claimed_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['claimed_by'], ['ombud_accounts.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('reference')
        )
        with op.batch_alter_table('handoffs', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_handoffs_office_id'), ['office_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_handoffs_status'), ['status'], unique=False)

    if _missing('handoff_notes'):
        op.create_table('handoff_notes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('handoff_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['ombud_accounts.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('handoff_notes', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_handoff_notes_handoff_id'), ['handoff_id'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("casework data is never dropped by a migration")
