"""Profile vocabularies shared by forms, admin and (later) the seed's stack-level enums."""

import zoneinfo
from functools import cache

from django.db import models


class PlatformRole(models.TextChoices):
    USER = "user", "User"
    ADMIN = "admin", "Admin"
    SUPER_ADMIN = "super_admin", "Super admin"


class CompanySize(models.TextChoices):
    SOLO = "1", "Just me"
    MICRO = "2-10", "2–10 employees"
    SMALL = "11-50", "11–50 employees"
    MEDIUM = "51-200", "51–200 employees"
    MIDMARKET = "201-500", "201–500 employees"
    LARGE = "501-1000", "501–1,000 employees"
    ENTERPRISE = "1000+", "More than 1,000 employees"


class RevenueRange(models.TextChoices):
    PRE_REVENUE = "pre_revenue", "Pre-revenue"
    UNDER_1M = "under_1m", "Under $1M"
    FROM_1M_TO_5M = "1m_5m", "$1M–$5M"
    FROM_5M_TO_20M = "5m_20m", "$5M–$20M"
    FROM_20M_TO_100M = "20m_100m", "$20M–$100M"
    OVER_100M = "over_100m", "Over $100M"


class Industry(models.TextChoices):
    SAAS = "saas", "Software & SaaS"
    ECOMMERCE = "ecommerce", "E-commerce & retail"
    PROFESSIONAL_SERVICES = "professional_services", "Professional services"
    FINANCIAL_SERVICES = "financial_services", "Financial services"
    HEALTHCARE = "healthcare", "Healthcare & life sciences"
    MANUFACTURING = "manufacturing", "Manufacturing"
    EDUCATION = "education", "Education"
    MEDIA = "media", "Media & entertainment"
    REAL_ESTATE = "real_estate", "Real estate & construction"
    HOSPITALITY = "hospitality", "Hospitality & travel"
    LOGISTICS = "logistics", "Logistics & transport"
    ENERGY = "energy", "Energy & utilities"
    NONPROFIT = "nonprofit", "Non-profit"
    OTHER = "other", "Other"


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]
