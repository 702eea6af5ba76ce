"""Inspections (Prakas 250), the evaluation with rewards and penalties (Prakas 251), and the
complaint's province and registry link; loads the checklist, criteria and bands (each row with its source)."""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps: Any, schema_editor: Any) -> None:
    item = apps.get_model("migration", "ChecklistItem")
    for row in json.loads((DATA / "inspection_checklist.json").read_text(encoding="utf-8")):
        code = row.pop("code")
        item.objects.update_or_create(code=code, defaults=row)
    evaluation = json.loads((DATA / "evaluation.json").read_text(encoding="utf-8"))
    criterion = apps.get_model("migration", "EvaluationCriterion")
    for row in evaluation["criteria"]:
        code = row.pop("code")
        criterion.objects.update_or_create(
            code=code, defaults={**row, "citation": evaluation["criteria_citation"]}
        )
    band = apps.get_model("migration", "EvaluationBand")
    for row in evaluation["bands"]:
        code = row.pop("code")
        band.objects.update_or_create(code=code, defaults={**row, "citation": evaluation["bands_citation"]})


class Migration(migrations.Migration):
    dependencies = [
        ("migration", "0002_load_rule_data"),
        ("people", "0003_search_key_covering_index"),
        ("places", "0003_load_places"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChecklistItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=16, unique=True, verbose_name="code")),
                ("text_en", models.CharField(max_length=300, verbose_name="item (English)")),
                ("text_km", models.CharField(blank=True, max_length=300, verbose_name="item (Khmer)")),
                (
                    "site",
                    models.CharField(
                        choices=[
                            ("any", "any site"),
                            ("office", "head office or branch"),
                            ("training_centre", "training centre"),
                        ],
                        default="any",
                        max_length=16,
                        verbose_name="applies to",
                    ),
                ),
                ("citation", models.TextField(verbose_name="source")),
                (
                    "confidence",
                    models.CharField(
                        help_text="V, S or U as in the rules note.", max_length=8, verbose_name="confidence"
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0, verbose_name="order")),
                ("active", models.BooleanField(default=True, verbose_name="in use")),
            ],
            options={
                "verbose_name": "checklist item",
                "verbose_name_plural": "checklist items",
                "ordering": ["position", "code"],
            },
        ),
        migrations.CreateModel(
            name="EvaluationBand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="code")),
                ("min_total", models.DecimalField(decimal_places=2, max_digits=6, verbose_name="from total")),
                (
                    "outcome",
                    models.CharField(
                        choices=[("reward", "reward"), ("none", "no measure"), ("penalty", "penalty")],
                        max_length=16,
                        verbose_name="outcome",
                    ),
                ),
                ("name_en", models.CharField(max_length=200, verbose_name="suggested measure (English)")),
                (
                    "name_km",
                    models.CharField(blank=True, max_length=200, verbose_name="suggested measure (Khmer)"),
                ),
                ("citation", models.TextField(verbose_name="source")),
                ("confidence", models.CharField(max_length=8, verbose_name="confidence")),
            ],
            options={
                "verbose_name": "evaluation band",
                "verbose_name_plural": "evaluation bands",
                "ordering": ["-min_total"],
            },
        ),
        migrations.CreateModel(
            name="EvaluationCriterion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="code")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
                ("name_km", models.CharField(blank=True, max_length=200, verbose_name="name (Khmer)")),
                ("weight", models.DecimalField(decimal_places=2, max_digits=6, verbose_name="weight")),
                (
                    "max_score",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("10"), max_digits=6, verbose_name="highest score"
                    ),
                ),
                ("citation", models.TextField(verbose_name="source")),
                (
                    "confidence",
                    models.CharField(
                        help_text="V, S or U as in the rules note.", max_length=8, verbose_name="confidence"
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0, verbose_name="order")),
                ("active", models.BooleanField(default=True, verbose_name="in use")),
            ],
            options={
                "verbose_name": "evaluation criterion",
                "verbose_name_plural": "evaluation criteria",
                "ordering": ["position", "code"],
            },
        ),
        migrations.AddField(
            model_name="complaint",
            name="complainant_province",
            field=models.ForeignKey(
                blank=True,
                help_text="The labour department of your province receives the complaint, where there is one.",
                limit_choices_to={"kind": "province"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.place",
                verbose_name="your province",
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="people.person",
                verbose_name="worker in the registry",
            ),
        ),
        migrations.CreateModel(
            name="EvaluationRound",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("label", models.CharField(max_length=100, verbose_name="name")),
                ("period_start", models.DateField(verbose_name="period from")),
                ("period_end", models.DateField(verbose_name="period to")),
                ("panel_government", models.CharField(max_length=300, verbose_name="panel: government")),
                (
                    "panel_employers",
                    models.CharField(max_length=300, verbose_name="panel: agencies' association"),
                ),
                (
                    "panel_workers",
                    models.CharField(max_length=300, verbose_name="panel: workers' representatives"),
                ),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="run by",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation round",
                "verbose_name_plural": "evaluation rounds",
                "ordering": ["-period_end", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Evaluation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "total",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0"),
                        max_digits=6,
                        verbose_name="total (out of 100)",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="panel's note")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evaluations",
                        to="migration.agency",
                    ),
                ),
                (
                    "scored_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluations",
                        to="migration.evaluationround",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation",
                "verbose_name_plural": "evaluations",
                "ordering": ["-total", "agency__name_en"],
            },
        ),
        migrations.CreateModel(
            name="EvaluationScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.DecimalField(decimal_places=2, max_digits=6, verbose_name="score")),
                ("weight", models.DecimalField(decimal_places=2, max_digits=6, verbose_name="weight used")),
                (
                    "max_score",
                    models.DecimalField(decimal_places=2, max_digits=6, verbose_name="highest score used"),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="evidence")),
                (
                    "criterion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="migration.evaluationcriterion",
                    ),
                ),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="migration.evaluation",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation score",
                "verbose_name_plural": "evaluation scores",
                "ordering": ["criterion__position"],
            },
        ),
        migrations.CreateModel(
            name="Inspection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("planned", "planned"),
                            ("unannounced", "unannounced"),
                            ("follow_up", "follow-up visit"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("planned_for", models.DateField(verbose_name="planned for")),
                ("visited_on", models.DateField(blank=True, null=True, verbose_name="visited on")),
                ("team", models.CharField(blank=True, max_length=300, verbose_name="inspection team")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inspections",
                        to="migration.agency",
                    ),
                ),
                (
                    "branch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inspections",
                        to="migration.branch",
                        verbose_name="branch",
                    ),
                ),
                (
                    "follow_up_of",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="follow_ups",
                        to="migration.inspection",
                        verbose_name="follow-up of",
                    ),
                ),
                (
                    "inspector",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "training_centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inspections",
                        to="migration.trainingcentre",
                        verbose_name="training centre",
                    ),
                ),
            ],
            options={
                "verbose_name": "inspection",
                "verbose_name_plural": "inspections",
                "ordering": ["-planned_for", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="AgencyMeasure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("reward", "reward or commendation"),
                            ("warning", "written warning"),
                            ("fine", "fine"),
                            ("repayment", "order to repay workers"),
                            ("recruitment_ban", "no new recruitment"),
                            ("suspension_proposed", "suspension proposed"),
                            ("revocation_proposed", "revocation proposed"),
                        ],
                        max_length=24,
                        verbose_name="measure",
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason")),
                (
                    "amount",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="amount (USD)"
                    ),
                ),
                ("decided_on", models.DateField(verbose_name="decided on")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="migration.agency",
                    ),
                ),
                (
                    "complaint",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="migration.complaint",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "evaluation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="migration.evaluation",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="migration.inspection",
                    ),
                ),
            ],
            options={
                "verbose_name": "reward or sanction",
                "verbose_name_plural": "rewards and sanctions",
                "ordering": ["-decided_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="InspectionFinding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "result",
                    models.CharField(
                        choices=[
                            ("compliant", "compliant"),
                            ("non_compliant", "not compliant"),
                            ("not_applicable", "not applicable"),
                            ("not_checked", "not checked"),
                        ],
                        default="not_checked",
                        max_length=16,
                        verbose_name="result",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="what was seen")),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="findings",
                        to="migration.inspection",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="migration.checklistitem",
                    ),
                ),
            ],
            options={
                "verbose_name": "inspection finding",
                "verbose_name_plural": "inspection findings",
                "ordering": ["item__position", "item__code"],
            },
        ),
        migrations.CreateModel(
            name="CorrectiveAction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("description", models.TextField(verbose_name="what the agency must do")),
                ("due_on", models.DateField(verbose_name="deadline")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "open"), ("done", "reported done"), ("verified", "verified")],
                        default="open",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done on")),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="actions",
                        to="migration.inspection",
                    ),
                ),
                (
                    "verified_in",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="verified_actions",
                        to="migration.inspection",
                        verbose_name="verified in",
                    ),
                ),
                (
                    "finding",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="actions",
                        to="migration.inspectionfinding",
                        verbose_name="finding",
                    ),
                ),
            ],
            options={
                "verbose_name": "corrective action",
                "verbose_name_plural": "corrective actions",
                "ordering": ["due_on", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.UniqueConstraint(fields=("round", "agency"), name="migration_evaluation_once"),
        ),
        migrations.AddConstraint(
            model_name="evaluationscore",
            constraint=models.UniqueConstraint(
                fields=("evaluation", "criterion"), name="migration_score_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="inspectionfinding",
            constraint=models.UniqueConstraint(fields=("inspection", "item"), name="migration_finding_once"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
