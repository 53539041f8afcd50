"""The admin of the feeds: sources (with their fetch state, failing ones first to the eye) and
the industry keyword rules. Imported by intelligence/admin.py."""

from __future__ import annotations

from django.contrib import admin

from config.admin_tools import auto_admin
from intelligence.models import FeedSource, IndustryKeywordRule

admin.site.register(FeedSource, auto_admin(FeedSource))
admin.site.register(IndustryKeywordRule, auto_admin(IndustryKeywordRule))
