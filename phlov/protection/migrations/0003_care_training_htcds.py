# Care plan, training and placements, reintegration, visit reminders, HTCDS exchange.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0002_repatriation_shelters_referrals"),
        ("accounts", "0001_initial"),
        ("places", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CareAssessment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("assessed_on", models.DateField(verbose_name="assessed on")),
                ("needs", models.JSONField(default=dict, verbose_name="needs by domain")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "assessed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assessed by",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assessments",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "assessment",
                "verbose_name_plural": "assessments",
                "ordering": ["-assessed_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="CareItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "domain",
                    models.CharField(
                        choices=[
                            ("stigma", "preventing stigma"),
                            ("education", "education"),
                            ("employment", "job training and employment"),
                            ("legal", "legal support"),
                            ("medical", "medical care"),
                            ("social_safety", "social services and safety"),
                            ("psychological", "psychological support"),
                        ],
                        max_length=16,
                        verbose_name="domain",
                    ),
                ),
                ("goal", models.CharField(max_length=300, verbose_name="goal")),
                ("service", models.CharField(blank=True, max_length=300, verbose_name="service")),
                (
                    "provider_name",
                    models.CharField(blank=True, max_length=200, verbose_name="other provider"),
                ),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="starts on")),
                ("due_on", models.DateField(blank=True, null=True, verbose_name="due on")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "planned"),
                            ("in_progress", "in progress"),
                            ("done", "done"),
                            ("cancelled", "cancelled"),
                        ],
                        default="planned",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="care_items",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="provider organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "care plan goal",
                "verbose_name_plural": "care plan goals",
                "ordering": ["domain", "starts_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Course",
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
                            ("sewing", "sewing"),
                            ("weaving", "weaving and craft work"),
                            ("beauty_salon", "beauty salon"),
                            ("hairdressing", "hairdressing and haircutting"),
                            ("motorcycle_repair", "motorcycle repair"),
                            ("car_repair", "car repair"),
                            ("electronics_repair", "electronics repair"),
                            ("computing", "computing"),
                            ("agriculture", "agriculture"),
                            ("cooking", "cooking"),
                            ("english", "English"),
                            ("khmer_literacy", "Khmer literacy"),
                            ("other", "other"),
                        ],
                        max_length=24,
                        verbose_name="kind of training",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "provider_name",
                    models.CharField(blank=True, max_length=200, verbose_name="other provider"),
                ),
                ("location", models.CharField(blank=True, max_length=200, verbose_name="where")),
                ("places", models.PositiveSmallIntegerField(verbose_name="places")),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="provider organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "course",
                "verbose_name_plural": "courses",
                "ordering": ["-starts_on", "name"],
            },
        ),
        migrations.CreateModel(
            name="FinancialSupport",
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
                            ("one_month_support", "one-month financial support"),
                            ("startup_grant", "start-up grant"),
                            ("other", "other support"),
                        ],
                        max_length=20,
                        verbose_name="kind of support",
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="amount (US$)")),
                ("given_on", models.DateField(verbose_name="given on")),
                ("months", models.PositiveSmallIntegerField(default=1, verbose_name="months covered")),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="description")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="financial_support",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "financial support",
                "verbose_name_plural": "financial support",
                "ordering": ["-given_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HtcdsImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("imported_at", models.DateTimeField(verbose_name="imported at")),
                ("file_name", models.CharField(max_length=255, verbose_name="file")),
                ("rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("report", models.JSONField(default=list, verbose_name="report")),
                (
                    "imported_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="imported by",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "HTCDS import",
                "verbose_name_plural": "HTCDS imports",
                "ordering": ["-imported_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HtcdsRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("row", models.PositiveIntegerField(blank=True, null=True, verbose_name="row")),
                ("values", models.JSONField(default=dict, verbose_name="values")),
                ("mapped", models.JSONField(default=dict, verbose_name="values set in Phlov")),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="htcds",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="records",
                        to="protection.htcdsimport",
                        verbose_name="import",
                    ),
                ),
            ],
            options={
                "verbose_name": "HTCDS record",
                "verbose_name_plural": "HTCDS records",
            },
        ),
        migrations.CreateModel(
            name="Placement",
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
                            ("ngo_business", "NGO business"),
                            ("garment_factory", "garment factory"),
                            ("half_way_house", "half-way house"),
                            ("self_employment", "self-employment with start-up support"),
                            ("other_employer", "other employer"),
                        ],
                        max_length=20,
                        verbose_name="kind of placement",
                    ),
                ),
                (
                    "employer",
                    models.CharField(blank=True, max_length=200, verbose_name="employer or business"),
                ),
                (
                    "sector",
                    models.CharField(
                        blank=True,
                        choices=[("garment", "textile, garment and footwear"), ("other", "other work")],
                        max_length=16,
                        verbose_name="sector of work",
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                (
                    "monthly_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="monthly wage (US$)",
                    ),
                ),
                (
                    "startup_support",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="start-up support (US$)",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="placements",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "placement",
                "verbose_name_plural": "placements",
                "ordering": ["-starts_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Reintegration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "destination",
                    models.CharField(
                        choices=[
                            ("family", "family"),
                            ("independent", "independent living"),
                            ("half_way_house", "half-way house"),
                            ("workplace", "workplace"),
                        ],
                        max_length=16,
                        verbose_name="where the person goes",
                    ),
                ),
                ("reintegrated_on", models.DateField(verbose_name="reintegrated on")),
                (
                    "cost_food",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="food (US$ a month)",
                    ),
                ),
                (
                    "cost_rent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="rent (US$ a month)",
                    ),
                ),
                (
                    "cost_family_support",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="family support (US$ a month)",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reintegrations",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.place",
                        verbose_name="place",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "reintegration",
                "verbose_name_plural": "reintegrations",
                "ordering": ["-reintegrated_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ServiceDelivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("delivered_on", models.DateField(verbose_name="delivered on")),
                ("description", models.TextField(verbose_name="what was delivered")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="protection.careitem",
                        verbose_name="care plan goal",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "service delivered",
                "verbose_name_plural": "services delivered",
                "ordering": ["-delivered_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="TrainingInterest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("recorded_on", models.DateField(verbose_name="recorded on")),
                ("interests", models.JSONField(default=list, verbose_name="wanted training")),
                ("aptitudes", models.TextField(blank=True, verbose_name="aptitudes and experience")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interests",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "interests and aptitudes",
                "verbose_name_plural": "interests and aptitudes",
                "ordering": ["-recorded_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="VisitReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_on", models.DateField(verbose_name="sent on")),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
                (
                    "visit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="protection.followupvisit",
                        verbose_name="follow-up visit",
                    ),
                ),
            ],
            options={
                "verbose_name": "visit reminder",
                "verbose_name_plural": "visit reminders",
                "ordering": ["-sent_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Enrolment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("enrolled_on", models.DateField(verbose_name="enrolled on")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("enrolled", "enrolled"),
                            ("completed", "completed"),
                            ("dropped", "dropped out"),
                        ],
                        default="enrolled",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("wanted", models.BooleanField(verbose_name="what the person wanted")),
                (
                    "not_wanted_reason",
                    models.TextField(blank=True, verbose_name="why a course the person did not ask for"),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolments",
                        to="protection.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enrolments",
                        to="protection.course",
                        verbose_name="course",
                    ),
                ),
                (
                    "enrolled_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enrolled by",
                    ),
                ),
            ],
            options={
                "verbose_name": "enrolment",
                "verbose_name_plural": "enrolments",
                "ordering": ["-enrolled_on", "-pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("case", "course"), name="protection_enrolment_once")
                ],
            },
        ),
    ]
