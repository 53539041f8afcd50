"""OpenAPI for the API's own authentication (drf-spectacular extension, loaded in OrgsConfig)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "orgs.api.auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An organisation's key: `Api-Key gp_<prefix>_<secret>` "
            "(or `Bearer gp_<prefix>_<secret>`).",
        }
