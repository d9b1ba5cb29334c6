"""Migrations run while the previous release still serves (the upgrade migrates
before it switches), so each must be backward compatible: django-migration-linter
reads the SQL each migration produces on MariaDB and refuses drops, renames and
NOT NULL columns without a default. A migration that must break compatibility is
marked explicitly: its name in MIGRATION_LINTER_IGNORED below, with the reason."""

import pytest
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django_migration_linter import MigrationLinter

APPS = ["accounts", "alerts", "core", "projects"]
# Migrations accepted although the linter refuses them ("app.name": "why").
MIGRATION_LINTER_IGNORED = {}


class InMemoryLinter(MigrationLinter):
    """The same linter, for a migration that exists only in this test."""

    def __init__(self, migration, **kwargs):
        super().__init__(**kwargs)
        self.migration = migration

    @staticmethod
    def get_migration_hash(app_label, migration_name):
        return "in-memory"  # no file to hash

    def get_sql(self, app_label, migration_name):
        loader = MigrationLoader(connection)
        state = loader.project_state(self.migration.dependencies[0])
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            self.migration.apply(state, editor, collect_sql=True)
        return editor.collected_sql


def linter_options():
    return {"include_apps": APPS, "no_cache": True, "no_output": True,
            "ignore_name": [name.split(".", 1)[1] for name in MIGRATION_LINTER_IGNORED]}


@pytest.mark.django_db
def test_every_migration_is_backward_compatible():
    linter = MigrationLinter(**linter_options())
    linter.lint_all_migrations()
    assert linter.nb_total >= len(APPS)
    assert not linter.has_errors, "a migration breaks the running release: see the linter's errors"


@pytest.mark.django_db
@pytest.mark.parametrize("operation", [
    migrations.RemoveField("project", "client"),
    migrations.RenameField("project", "client", "client_name"),
    migrations.AddField("project", "drill_required", models.CharField(max_length=10)),
])
def test_an_incompatible_migration_is_refused(operation):
    loader = MigrationLoader(connection)
    leaf = loader.graph.leaf_nodes("projects")[0]
    migration = type("Migration", (migrations.Migration,), {"dependencies": [leaf], "operations": [operation]})(
        "9999_incompatible", "projects")
    linter = InMemoryLinter(migration, **linter_options())
    linter.lint_migration(migration)
    assert linter.has_errors
