"""Market intelligence, growth levers and simulations, AI usage (seed §4, §5, §10, §12.2, §12.5,
§12.7), one module per area: feeds (the item tables, sources, keyword rules), metrics (live
org data and subscriptions), reference (stock symbols, quotes, roadmap), growth (the growth
studio, for issue 14's growth app) and ai (AI usage). Every model is importable from here."""

from intelligence.models.ai import AiAnalytics, AiLog
from intelligence.models.feeds import (
    PLAYBOOK_SOURCE,
    PLAYBOOK_TITLE,
    BusinessNewsTicker,
    FeedSource,
    IndustryKeywordRule,
    RealtimeBusinessTrend,
    RealtimeMarketingPlaybook,
    RealtimeMarketTrend,
    RealtimeStrategicTrend,
    Trend,
)
from intelligence.models.growth import (
    GrowthInsight,
    GrowthInsightHistory,
    GrowthLever,
    GrowthLeverProgress,
    GrowthLeversRegeneration,
    GrowthQuadrantData,
    GrowthSimulation,
    GrowthSimulationLog,
    GrowthStudioAuditLog,
    Tier2SimulationHistory,
)
from intelligence.models.metrics import RealtimeEvent, RealTimeMetric, RealtimeSubscription
from intelligence.models.reference import (
    IndustryStockSymbol,
    InspirationalQuote,
    RoadmapRead,
    RoadmapUpdate,
)

__all__ = [
    "PLAYBOOK_SOURCE",
    "PLAYBOOK_TITLE",
    "AiAnalytics",
    "AiLog",
    "BusinessNewsTicker",
    "FeedSource",
    "GrowthInsight",
    "GrowthInsightHistory",
    "GrowthLever",
    "GrowthLeverProgress",
    "GrowthLeversRegeneration",
    "GrowthQuadrantData",
    "GrowthSimulation",
    "GrowthSimulationLog",
    "GrowthStudioAuditLog",
    "IndustryKeywordRule",
    "IndustryStockSymbol",
    "InspirationalQuote",
    "RealTimeMetric",
    "RealtimeBusinessTrend",
    "RealtimeEvent",
    "RealtimeMarketTrend",
    "RealtimeMarketingPlaybook",
    "RealtimeStrategicTrend",
    "RealtimeSubscription",
    "RoadmapRead",
    "RoadmapUpdate",
    "Tier2SimulationHistory",
    "Trend",
]
