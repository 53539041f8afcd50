"""The OpenAPI schema generator (drf-spectacular's, SPECTACULAR_SETTINGS' DEFAULT_GENERATOR_CLASS).

Building the schema reads no rows, but it instantiates every view's filters, and django-filter
makes a choice filter's queryset from the model's default manager, which refuses to run outside a
tenancy scope (config.tenancy). `manage.py spectacular`, the system check and /api/schema/ have no
organisation to scope to, so generation runs unscoped by name: it lists fields, not data.
"""

from __future__ import annotations

from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator

from config import tenancy


def schema_generate_unscoped(generator, request=None, public=False):
    with tenancy.unscoped():
        return SpectacularSchemaGenerator.get_schema(generator, request=request, public=public)


class SchemaGenerator(SpectacularSchemaGenerator):
    def get_schema(self, request=None, public=False):
        return schema_generate_unscoped(self, request=request, public=public)
