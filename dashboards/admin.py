from config.admin_tools import register_auto
from dashboards import models

register_auto(
    models.DashboardAnalytics,
    models.DashboardBenchmark,
    models.DashboardConfig,
    models.DashboardEvent,
    models.DashboardLayout,
    models.DashboardTrend,
    models.DashboardWidgetData,
)
register_auto(models.Tier2DashboardInsight, read_only=True)
