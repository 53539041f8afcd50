from config.admin_tools import register_auto
from teams import models

register_auto(
    models.TeamMember,
    models.TeamActivity,
    models.TeamActivityLog,
    models.TeamAnalytics,
    models.TeamComment,
    models.TeamMessage,
    models.TeamPresence,
    models.TeamUser,
)
