from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from accounts import services
from accounts.api.serializers import MeSerializer
from config.api import RefuseApiKeys, ScopedAPIMixin


@extend_schema(tags=["users"])
class MeApi(ScopedAPIMixin, generics.RetrieveUpdateAPIView):
    """The signed-in user. Personal: an organisation's API key is refused (403), since a
    person's profile spans organisations and a key speaks for one. Runs in the caller's user
    scope (config.api)."""

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated, RefuseApiKeys]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer) -> None:
        services.user_update_profile(user=self.request.user, data=serializer.validated_data)
