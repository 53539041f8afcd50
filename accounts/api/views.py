from drf_spectacular.utils import extend_schema
from rest_framework import generics

from accounts import services
from accounts.api.serializers import MeSerializer


@extend_schema(tags=["users"])
class MeApi(generics.RetrieveUpdateAPIView):
    """The signed-in user (or an API key's creator)."""

    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer) -> None:
        services.user_update_profile(user=self.request.user, data=serializer.validated_data)
