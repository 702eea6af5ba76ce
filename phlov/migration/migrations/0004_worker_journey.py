"""The worker's journey, disappearance contacts and search, published deployment figures."""

import json
from pathlib import Path
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"


def load_parameters(apps: Any, schema_editor: Any) -> None:
    parameter = apps.get_model("migration", "RuleParameter")
    for row in json.loads((DATA / "journey_parameters.json").read_text(encoding="utf-8")):
        key = row.pop("key")
        parameter.objects.update_or_create(key=key, defaults=row)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("migration", "0003_inspections_evaluation"),
        ("notifications", "0001_initial"),
        ("places", "0003_load_places"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="disappearance",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="closed"),
        ),
        migrations.AddField(
            model_name="disappearance",
            name="found_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="found"),
        ),
        migrations.AddField(
            model_name="disappearance",
            name="last_seen_place",
            field=models.CharField(blank=True, max_length=200, verbose_name="last seen (place)"),
        ),
        migrations.AddField(
            model_name="disappearance",
            name="status",
            field=models.CharField(
                choices=[("searching", "searching"), ("found", "found"), ("closed", "closed")],
                default="searching",
                max_length=16,
                verbose_name="search status",
            ),
        ),
        migrations.AddField(
            model_name="disappearancenotice",
            name="notifications",
            field=models.ManyToManyField(blank=True, related_name="+", to="notifications.notification"),
        ),
        migrations.AddField(
            model_name="worker",
            name="contract_ends_on",
            field=models.DateField(blank=True, null=True, verbose_name="contract ends"),
        ),
        migrations.AddField(
            model_name="worker",
            name="early_return",
            field=models.BooleanField(default=False, verbose_name="returned before the contract ended"),
        ),
        migrations.AddField(
            model_name="worker",
            name="historical_source",
            field=models.CharField(blank=True, max_length=200, verbose_name="loaded from a published table"),
        ),
        migrations.AddField(
            model_name="worker",
            name="returned_at",
            field=models.DateField(blank=True, null=True, verbose_name="returned"),
        ),
        migrations.AddField(
            model_name="worker",
            name="status",
            field=models.CharField(
                choices=[
                    ("registered", "registered, preparing to leave"),
                    ("withdrawn", "withdrew before departure"),
                    ("departed", "departed"),
                    ("abroad", "working abroad"),
                    ("missing", "missing"),
                    ("repatriating", "being repatriated"),
                    ("contract_ended", "contract ended"),
                    ("returned", "returned home"),
                ],
                default="registered",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.CreateModel(
            name="DisappearanceContact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "party",
                    models.CharField(
                        choices=[
                            ("embassy", "embassy"),
                            ("interior", "Ministry of Interior"),
                            ("labour", "Ministry of Labour and Vocational Training"),
                        ],
                        max_length=16,
                        verbose_name="party",
                    ),
                ),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail address")),
                ("escalation", models.BooleanField(default=False, verbose_name="told only on escalation")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "destination",
                    models.ForeignKey(
                        blank=True,
                        limit_choices_to={"kind": "country"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.place",
                        verbose_name="for workers in",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "disappearance contact",
                "verbose_name_plural": "disappearance contacts",
            },
        ),
        migrations.CreateModel(
            name="DisappearanceUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="update")),
                ("status", models.CharField(blank=True, max_length=16, verbose_name="search status")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "disappearance",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="migration.disappearance",
                    ),
                ),
            ],
            options={
                "verbose_name": "search update",
                "verbose_name_plural": "search updates",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HealthCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("examined_on", models.DateField(verbose_name="examined on")),
                ("clinic", models.CharField(max_length=200, verbose_name="clinic")),
                ("fit", models.BooleanField(default=False, verbose_name="fit to work")),
                ("valid_until", models.DateField(blank=True, null=True, verbose_name="valid until")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="health_checks",
                        to="migration.worker",
                    ),
                ),
            ],
            options={
                "verbose_name": "health check",
                "verbose_name_plural": "health checks",
                "ordering": ["-examined_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Orientation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("started_on", models.DateField(verbose_name="started")),
                ("completed_on", models.DateField(verbose_name="completed")),
                (
                    "hours_attended",
                    models.DecimalField(decimal_places=1, max_digits=5, verbose_name="hours attended"),
                ),
                ("topics", models.JSONField(default=list, verbose_name="topics covered")),
                (
                    "identity_verified",
                    models.BooleanField(default=False, verbose_name="the person attending was identified"),
                ),
                ("trainer", models.CharField(blank=True, max_length=200, verbose_name="trainer")),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="migration.trainingcentre",
                        verbose_name="training centre",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="orientations",
                        to="migration.worker",
                    ),
                ),
            ],
            options={
                "verbose_name": "pre-departure orientation",
                "verbose_name_plural": "pre-departure orientations",
                "ordering": ["-completed_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="WorkerDocument",
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
                            ("passport", "passport or travel document"),
                            ("visa", "employment visa"),
                            ("work_permit", "work permit"),
                            ("ocwc", "Overseas Cambodian Worker Card"),
                        ],
                        max_length=16,
                        verbose_name="document",
                    ),
                ),
                ("number", models.CharField(max_length=64, verbose_name="number")),
                ("issued_on", models.DateField(blank=True, null=True, verbose_name="issued")),
                ("expires_on", models.DateField(verbose_name="expires")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="migration.worker",
                    ),
                ),
            ],
            options={
                "verbose_name": "worker's document",
                "verbose_name_plural": "worker's documents",
                "ordering": ["kind", "-expires_on"],
            },
        ),
        migrations.CreateModel(
            name="WorkerEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("transition", "status change"),
                            ("welfare_check", "welfare check"),
                            ("incident", "incident"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("action", models.CharField(blank=True, max_length=32, verbose_name="action")),
                ("from_status", models.CharField(blank=True, max_length=16, verbose_name="from")),
                ("to_status", models.CharField(blank=True, max_length=16, verbose_name="to")),
                ("happened_on", models.DateField(verbose_name="date")),
                (
                    "by",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("agency", "the agency (on-site representative)"),
                            ("embassy", "the embassy or labour attaché"),
                            ("ministry", "the Ministry"),
                        ],
                        max_length=16,
                        verbose_name="done by",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="migration.worker",
                    ),
                ),
            ],
            options={
                "verbose_name": "journey event",
                "verbose_name_plural": "journey events",
                "ordering": ["-happened_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="PublishedDeploymentFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source", models.CharField(max_length=200, verbose_name="source")),
                ("table", models.CharField(max_length=200, verbose_name="table")),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year")),
                ("measure", models.CharField(max_length=32, verbose_name="measure")),
                ("value", models.PositiveIntegerField(verbose_name="published value")),
                (
                    "destination",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="places.place"
                    ),
                ),
            ],
            options={
                "verbose_name": "published deployment figure",
                "verbose_name_plural": "published deployment figures",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "destination", "year", "measure"),
                        name="migration_published_figure_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(load_parameters, migrations.RunPython.noop),
    ]
