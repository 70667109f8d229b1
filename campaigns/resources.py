"""CSV import/export of fellows (django-import-export).

Rows are matched on `slug`. Causes are a comma-separated list of names; ventures a
comma-separated list of venture slugs that must already exist. Every error is reported in the
preview and the whole file is rejected: imports always run in a transaction that is rolled back on
any error or invalid row, and the admin offers "confirm" only after a clean dry run.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, resources, widgets

from campaigns.models import Fellow
from members.models import Cause
from organizations.models import Venture


class CauseNamesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return [name.strip() for name in str(value or "").split(",") if name.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(sorted(cause.name for cause in value.all())) if value else ""


class FellowResource(resources.ModelResource):
    causes = fields.Field(attribute="causes", column_name="causes", widget=CauseNamesWidget())
    ventures = fields.Field(
        attribute="ventures",
        column_name="ventures",
        widget=widgets.ManyToManyWidget(Venture, field="slug", separator=","),
    )

    class Meta:
        model = Fellow
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "country",
            "fellowship",
            "year_elected",
            "bio",
            "is_published",
            "causes",
            "ventures",
        ]
        export_order = fields
        skip_unchanged = False
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        if not (row.get("slug") or "").strip() and (row.get("name") or "").strip():
            row["slug"] = slugify(row["name"])[:220]
        country = str(row.get("country") or "").strip()
        if len(country) > 2:
            # Partners' spreadsheets often spell the country out ("Brazil", "Colombia").
            country = countries.by_name(country) or country
        row["country"] = country.upper()
        if str(row.get("is_published") or "").strip() == "":
            row["is_published"] = "0"

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "causes":
            # Tags are saved after the instance, in save_m2m.
            instance._import_causes = field.clean(row)
            return
        return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        slugs = [s.strip() for s in str(row.get("ventures") or "").split(",") if s.strip()]
        if slugs:
            found = set(Venture.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            missing = [slug for slug in slugs if slug not in found]
            if missing:
                raise ValidationError(
                    {"ventures": _("Unknown venture: %(slugs)s") % {"slugs": ", ".join(missing)}}
                )
        year = instance.year_elected
        if year is not None and not (1980 <= year <= 2100):
            raise ValidationError({"year_elected": _("Enter a year between 1980 and 2100.")})

    def import_data(self, dataset, **kwargs):
        # One bad row rejects the whole file, even if a caller forgets to ask for it.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        names = getattr(instance, "_import_causes", None)
        # Inside the import's transaction even on a dry run: the preview is rolled back.
        if names is not None:
            tags = []
            for name in names:
                tag = Cause.objects.filter(name__iexact=name).first() or Cause.objects.create(
                    name=name, slug=slugify(name)[:100] or name[:100]
                )
                tags.append(tag)
            instance.causes.set(tags)

    def dehydrate_causes(self, fellow):
        return ", ".join(sorted(cause.name for cause in fellow.causes.all()))
