"""create schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('target_requests', sa.Integer(), nullable=False),
    sa.Column('dagdelen_budget', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('provinces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('gemeenten_2008', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('name')
    )
    op.create_table('gemeenten',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('gemeenten', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gemeenten_province_id'), ['province_id'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('cmo', 'landelijk', name='organisation_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('province_id')
    )
    op.create_table('programme_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'kind')
    )
    op.create_table('advisors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('in_pool', sa.Boolean(), nullable=False),
    sa.Column('active_from', sa.Date(), nullable=False),
    sa.Column('active_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('advisors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advisors_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('applicant_type', sa.Enum('gemeente', 'steunpunt', 'beide', name='applicant_type', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('channel', sa.Enum('mailing', 'adviseur', name='channel', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('received', 'intake', 'waitlist', 'running', 'work_finished', 'completed', 'withdrawn', 'rejected', name='status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status_reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requests_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requests_received_on'), ['received_on'], unique=False)

    op.create_table('absences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ziekte', 'vertrek', name='absence_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name='absence_period'),
    sa.ForeignKeyConstraint(['advisor_id'], ['advisors.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absences_advisor_id'), ['advisor_id'], unique=False)

    op.create_table('request_themes',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.Enum('infrastructuur', 'beleid', 'doelgroepen', 'zorg', name='theme', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'theme')
    )
    op.create_table('status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('received', 'intake', 'waitlist', 'running', 'work_finished', 'completed', 'withdrawn', 'rejected', name='status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.create_index('ix_status_changes_request_date', ['request_id', 'changed_on'], unique=False)
        batch_op.create_index('ix_status_changes_status_date', ['status', 'changed_on'], unique=False)

    op.create_table('trajectories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nr', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('intake_organisation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=True),
    sa.Column('dagdelen', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('planned_end_on', sa.Date(), nullable=True),
    sa.Column('work_finished_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.CheckConstraint('dagdelen > 0', name='dagdelen_positive'),
    sa.ForeignKeyConstraint(['advisor_id'], ['advisors.id'], ),
    sa.ForeignKeyConstraint(['intake_organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nr'),
    sa.UniqueConstraint('request_id')
    )
    with op.batch_alter_table('trajectories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trajectories_advisor_id'), ['advisor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trajectories_intake_organisation_id'), ['intake_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trajectories_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trajectories_province_id'), ['province_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('mark_results', sa.Integer(), nullable=False),
    sa.Column('mark_process', sa.Integer(), nullable=False),
    sa.Column('mark_quality', sa.Integer(), nullable=False),
    sa.Column('mark_presentation', sa.Integer(), nullable=False),
    sa.Column('mark_service', sa.Integer(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.CheckConstraint('mark_presentation BETWEEN 1 AND 10', name='mark_presentation_range'),
    sa.CheckConstraint('mark_process BETWEEN 1 AND 10', name='mark_process_range'),
    sa.CheckConstraint('mark_quality BETWEEN 1 AND 10', name='mark_quality_range'),
    sa.CheckConstraint('mark_results BETWEEN 1 AND 10', name='mark_results_range'),
    sa.CheckConstraint('mark_service BETWEEN 1 AND 10', name='mark_service_range'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('trajectory_id')
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_received_on'), ['received_on'], unique=False)

    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('handed_over_on', sa.Date(), nullable=False),
    sa.Column('from_advisor_id', sa.Integer(), nullable=True),
    sa.Column('to_advisor_id', sa.Integer(), nullable=True),
    sa.Column('from_organisation_id', sa.Integer(), nullable=False),
    sa.Column('to_organisation_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['from_advisor_id'], ['advisors.id'], ),
    sa.ForeignKeyConstraint(['from_organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['to_advisor_id'], ['advisors.id'], ),
    sa.ForeignKeyConstraint(['to_organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handovers_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table('trajectory_gemeenten',
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], ),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('trajectory_id', 'gemeente_id')
    )
    with op.batch_alter_table('trajectory_gemeenten', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trajectory_gemeenten_gemeente_id'), ['gemeente_id'], unique=False)

    


def downgrade() -> None:
    """Revert this revision."""
    
    with op.batch_alter_table('trajectory_gemeenten', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trajectory_gemeenten_gemeente_id'))

    op.drop_table('trajectory_gemeenten')
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handovers_trajectory_id'))

    op.drop_table('handovers')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_received_on'))

    op.drop_table('evaluations')
    with op.batch_alter_table('trajectories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trajectories_province_id'))
        batch_op.drop_index(batch_op.f('ix_trajectories_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_trajectories_intake_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_trajectories_advisor_id'))

    op.drop_table('trajectories')
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_status_changes_status_date')
        batch_op.drop_index('ix_status_changes_request_date')

    op.drop_table('status_changes')
    op.drop_table('request_themes')
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_absences_advisor_id'))

    op.drop_table('absences')
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requests_received_on'))
        batch_op.drop_index(batch_op.f('ix_requests_gemeente_id'))

    op.drop_table('requests')
    with op.batch_alter_table('advisors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advisors_organisation_id'))

    op.drop_table('advisors')
    op.drop_table('programme_events')
    op.drop_table('organisations')
    with op.batch_alter_table('gemeenten', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gemeenten_province_id'))

    op.drop_table('gemeenten')
    op.drop_table('provinces')
    op.drop_table('programmes')
    
