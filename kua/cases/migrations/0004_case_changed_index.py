"""The cases' (organisation, updated_at, id) index, for the case index's marker (the last
changed case and how many: issue 26), in place of the index on the organisation alone, which
it covers: no extra index is written per case. The old index is dropped by name, on both
databases, instead of altering the field: SQLite would copy the whole table for it."""

import django.db.models.deletion
from django.db import migrations, models

OLD_INDEX = "cases_case_organisation_id_dac38ff3"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_people_with_organisation"),
        ("cases", "0003_case_row_for_every_interview"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organisation", "updated_at", "id"], name="cases_case_org_changed"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="organisation",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="accounts.organisation",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OLD_INDEX}"',
                    reverse_sql=f'CREATE INDEX "{OLD_INDEX}" ON "cases_case" ("organisation_id")',
                ),
            ],
        ),
    ]
