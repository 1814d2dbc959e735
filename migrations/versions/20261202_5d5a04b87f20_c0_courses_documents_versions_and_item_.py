"""c0: courses, their documents and versions, and the item workflow

Data migration: every existing topic, item, cohort and live session joins the built-in course
(``us-response-2017``); the passages become version 1 of the built-in document (its text is the
passages joined; the next ``quizapp content sync`` writes the seed file's exact text); an item's
``retired`` flag becomes its status (retired or published). Responses, reviews, assignments and
reports keep pointing at the same item and passage ids, so nothing learners did is lost.

Revision ID: 5d5a04b87f20
Revises: 872fbeabbb07
Create Date: 2026-12-02 01:36:44.882471

"""
import hashlib
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d5a04b87f20'
down_revision = '872fbeabbb07'
branch_labels = None
depends_on = None


BUILTIN_SLUG = "us-response-2017"
BUILTIN_TITLE = "Protecting migrants' human rights: the U.S. response of 31 August 2017"


def upgrade():
    op.create_table('course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("visibility IN ('public', 'private')", name=op.f('ck_course_visibility_known')),
    sa.ForeignKeyConstraint(['copied_from_id'], ['course.id'], name=op.f('fk_course_copied_from_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_course_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course')),
    sa.UniqueConstraint('slug', name=op.f('uq_course_slug'))
    )
    op.create_table('course_author',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('owner', 'co_author')", name=op.f('ck_course_author_role_known')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_author_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_course_author_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_author')),
    sa.UniqueConstraint('course_id', 'user_id', name=op.f('uq_course_author_course_id_user_id'))
    )
    with op.batch_alter_table('course_author', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_author_user_id'), ['user_id'], unique=False)

    op.create_table('course_enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_enrolment_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_course_enrolment_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_enrolment')),
    sa.UniqueConstraint('course_id', 'user_id', name=op.f('uq_course_enrolment_course_id_user_id'))
    )
    with op.batch_alter_table('course_enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_enrolment_user_id'), ['user_id'], unique=False)

    op.create_table('source_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_source_document_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_document')),
    sa.UniqueConstraint('course_id', 'slug', name=op.f('uq_source_document_course_id_slug'))
    )
    op.create_table('document_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['source_document.id'], name=op.f('fk_document_version_document_id_source_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_document_version_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_version')),
    sa.UniqueConstraint('document_id', 'version', name=op.f('uq_document_version_document_id_version'))
    )
    # source_document.current_version_id and document_version.document_id point at each other:
    # the second foreign key is added once both tables exist.
    with op.batch_alter_table('source_document', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_document_current', 'document_version', ['current_version_id'], ['id'], ondelete='SET NULL')

    # New columns arrive nullable, are filled, then tightened.
    for table in ('cohort', 'item', 'live_session', 'topic'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('course_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('passage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_version_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('needs_review', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_author', sa.Boolean(), nullable=False, server_default=sa.false()))

    _move_everything_into_the_builtin_course()

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_cohort_course_id'), ['course_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cohort_course_id_course'), 'course', ['course_id'], ['id'])

    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('status', existing_type=sa.String(length=16), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_item_key'), type_='unique')
        batch_op.create_index(batch_op.f('ix_item_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_status'), ['status'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_item_course_id_key'), ['course_id', 'key'])
        batch_op.create_check_constraint(op.f('ck_item_status_known'), "status IN ('draft', 'in_review', 'published', 'retired')")
        batch_op.create_foreign_key(batch_op.f('fk_item_created_by_id_user'), 'user', ['created_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_item_course_id_course'), 'course', ['course_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_column('retired')

    with op.batch_alter_table('item_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quote', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('instrument', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('provision', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('topic_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('passage_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_item_revision_author_id_user'), 'user', ['author_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_item_revision_topic_id_topic'), 'topic', ['topic_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_item_revision_passage_id_passage'), 'passage', ['passage_id'], ['id'])

    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_live_session_course_id'), ['course_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_live_session_course_id_course'), 'course', ['course_id'], ['id'])

    with op.batch_alter_table('passage', schema=None) as batch_op:
        batch_op.alter_column('document_version_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('anchor',
               existing_type=sa.VARCHAR(length=40),
               type_=sa.String(length=80),
               existing_nullable=False)
        batch_op.alter_column('area',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('uq_passage_anchor'), type_='unique')
        batch_op.create_index(batch_op.f('ix_passage_document_version_id'), ['document_version_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_passage_document_version_id_anchor'), ['document_version_id', 'anchor'])
        batch_op.create_foreign_key(batch_op.f('fk_passage_document_version_id_document_version'), 'document_version', ['document_version_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_topic_slug'), type_='unique')
        batch_op.create_index(batch_op.f('ix_topic_course_id'), ['course_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_topic_course_id_slug'), ['course_id', 'slug'])
        batch_op.create_foreign_key(batch_op.f('fk_topic_course_id_course'), 'course', ['course_id'], ['id'], ondelete='CASCADE')

    for table, column in (('item', 'needs_review'), ('user', 'is_author')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Boolean(), server_default=None)


def _move_everything_into_the_builtin_course():
    """The built-in course, its document (version 1 = today's passages), and every existing
    row attached to them."""
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    course = sa.table(
        'course', sa.column('id', sa.Integer), sa.column('slug', sa.String), sa.column('title', sa.String),
        sa.column('description', sa.Text), sa.column('language', sa.String), sa.column('builtin', sa.Boolean),
        sa.column('visibility', sa.String), sa.column('archived', sa.Boolean),
        sa.column('created_at', sa.DateTime), sa.column('updated_at', sa.DateTime),
    )
    bind.execute(course.insert().values(
        slug=BUILTIN_SLUG, title=BUILTIN_TITLE, description='', language='en', builtin=True,
        visibility='public', archived=False, created_at=now, updated_at=now,
    ))
    course_id = bind.execute(sa.text("SELECT id FROM course WHERE slug = :s"), {"s": BUILTIN_SLUG}).scalar_one()
    for table in ('cohort', 'item', 'live_session', 'topic'):
        bind.execute(sa.text(f"UPDATE {table} SET course_id = :c"), {"c": course_id})
    bind.execute(sa.text(
        "UPDATE item SET status = CASE WHEN retired THEN 'retired' ELSE 'published' END"
    ))
    passages = bind.execute(sa.text("SELECT text FROM passage ORDER BY area, position")).scalars().all()
    if not passages:
        return  # a fresh database: the first content sync makes the document
    text = "\n\n".join(passages)
    sha = bind.execute(sa.text(
        "SELECT document_sha256 FROM content_release ORDER BY synced_at DESC, id DESC LIMIT 1"
    )).scalar() or hashlib.sha256(text.encode("utf-8")).hexdigest()
    bind.execute(sa.text(
        "INSERT INTO source_document (course_id, slug, title, position, created_at) "
        "VALUES (:c, :s, :t, 0, :now)"
    ), {"c": course_id, "s": BUILTIN_SLUG, "t": BUILTIN_TITLE, "now": now})
    document_id = bind.execute(sa.text(
        "SELECT id FROM source_document WHERE course_id = :c AND slug = :s"
    ), {"c": course_id, "s": BUILTIN_SLUG}).scalar_one()
    bind.execute(sa.text(
        "INSERT INTO document_version (document_id, version, filename, media_type, sha256, "
        "size_bytes, text, created_at) VALUES (:d, 1, 'document.md', 'text/markdown', :sha, :size, :text, :now)"
    ), {"d": document_id, "sha": sha, "size": len(text.encode("utf-8")), "text": text, "now": now})
    version_id = bind.execute(sa.text(
        "SELECT id FROM document_version WHERE document_id = :d"
    ), {"d": document_id}).scalar_one()
    bind.execute(sa.text("UPDATE source_document SET current_version_id = :v WHERE id = :d"), {"v": version_id, "d": document_id})
    bind.execute(sa.text("UPDATE passage SET document_version_id = :v"), {"v": version_id})


def downgrade():
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM course WHERE NOT builtin")).scalar_one():
        raise RuntimeError(
            "this database has authored courses; downgrading would merge their items and topics "
            "into one namespace. Export them as content packs and delete them first."
        )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('is_author')

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_topic_course_id_course'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_topic_course_id_slug'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_topic_course_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_topic_slug'), ['slug'])
        batch_op.drop_column('course_id')

    with op.batch_alter_table('passage', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_passage_document_version_id_document_version'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_passage_document_version_id_anchor'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_passage_document_version_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_passage_anchor'), ['anchor'])
        batch_op.alter_column('area',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('anchor',
               existing_type=sa.String(length=80),
               type_=sa.VARCHAR(length=40),
               existing_nullable=False)
        batch_op.drop_column('document_version_id')

    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_live_session_course_id_course'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_live_session_course_id'))
        batch_op.drop_column('course_id')

    with op.batch_alter_table('item_revision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_item_revision_passage_id_passage'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_item_revision_topic_id_topic'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_item_revision_author_id_user'), type_='foreignkey')
        batch_op.drop_column('author_id')
        batch_op.drop_column('status')
        batch_op.drop_column('passage_id')
        batch_op.drop_column('topic_id')
        batch_op.drop_column('provision')
        batch_op.drop_column('instrument')
        batch_op.drop_column('quote')

    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE item SET retired = (status = 'retired')")
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_item_course_id_course'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_item_created_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_item_course_id_key'), type_='unique')
        batch_op.drop_constraint(op.f('ck_item_status_known'), type_='check')
        batch_op.drop_index(batch_op.f('ix_item_status'))
        batch_op.drop_index(batch_op.f('ix_item_course_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_item_key'), ['key'])
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('needs_review')
        batch_op.drop_column('status')
        batch_op.drop_column('course_id')

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cohort_course_id_course'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cohort_course_id'))
        batch_op.drop_column('course_id')

    with op.batch_alter_table('source_document', schema=None) as batch_op:
        batch_op.drop_constraint('fk_document_current', type_='foreignkey')
    op.drop_table('document_version')
    op.drop_table('source_document')
    with op.batch_alter_table('course_enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_enrolment_user_id'))

    op.drop_table('course_enrolment')
    with op.batch_alter_table('course_author', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_author_user_id'))

    op.drop_table('course_author')
    op.drop_table('course')
