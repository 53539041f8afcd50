from auditlog.middleware import AuditlogMiddleware
from django.conf import settings

from events.audit import session_uuid


class AuditMiddleware(AuditlogMiddleware):
    """Every audit row of a request gets its actor, IP, user agent and session."""

    @staticmethod
    def _get_remote_addr(request):
        # X-Forwarded-For is only trusted behind our own proxy; anyone can send the header.
        if settings.SECURE_PROXY_SSL_HEADER and request.headers.get("X-Forwarded-For"):
            return AuditlogMiddleware._get_remote_addr(request)
        return request.META.get("REMOTE_ADDR")

    def get_extra_data(self, request):
        data = super().get_extra_data(request)
        data["user_agent"] = request.headers.get("User-Agent", "")[:1000]
        data["session_id"] = lambda: session_uuid(request)  # read when the row is written
        return data
