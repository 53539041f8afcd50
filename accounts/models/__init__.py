from accounts.models.activity import UserAction, UserAnalytics, UserSession, WebsocketConnection
from accounts.models.legacy import GrowthUser, Lead, Tier2Profile, TrialUser, UserActivity
from accounts.models.user import User, UserManager

__all__ = [
    "GrowthUser",
    "Lead",
    "Tier2Profile",
    "TrialUser",
    "User",
    "UserAction",
    "UserAnalytics",
    "UserSession",
    "UserActivity",
    "UserManager",
    "WebsocketConnection",
]
