from config.admin_tools import register_auto
from intelligence import admin_feeds, models  # noqa: F401 (admin_feeds registers the feeds' admin)

register_auto(
    models.RealtimeMarketTrend,
    models.RealtimeBusinessTrend,
    models.RealtimeMarketingPlaybook,
    models.BusinessNewsTicker,
    models.RealtimeStrategicTrend,
    models.RealTimeMetric,
    models.RealtimeEvent,
    models.RealtimeSubscription,
    models.IndustryStockSymbol,
    models.InspirationalQuote,
    models.RoadmapUpdate,
    models.RoadmapRead,
    models.GrowthLever,
    models.GrowthSimulation,
    models.GrowthLeversRegeneration,
    models.GrowthStudioAuditLog,
    models.GrowthInsight,
    models.GrowthInsightHistory,
    models.GrowthLeverProgress,
    models.GrowthQuadrantData,
    models.GrowthSimulationLog,
    models.AiAnalytics,
)
register_auto(models.Trend, models.Tier2SimulationHistory, models.AiLog, read_only=True)
