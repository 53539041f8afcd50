from accounts.models.legacy import GrowthUser, Lead, Tier2Profile, TrialUser, UserActivity
from accounts.models.user import User, UserManager

__all__ = [
    "GrowthUser",
    "Lead",
    "Tier2Profile",
    "TrialUser",
    "User",
    "UserActivity",
    "UserManager",
]
