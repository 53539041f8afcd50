"""Portal pages of assessments, one module per part: the overview (`overview`), the onboarding
wizard (`onboarding`), taking an assessment page by page with autosave (`attempts`), sharing
the work (`team`: delegated questions, invitations, assignments) and strategic pulses
(`pulses`). Results live in scoring.views (their URLs keep the `assessments:` names).

Every org page runs behind orgs' middleware (request.org, request.membership, the org's
tenancy scope; 404 for non-members) and declares its role with `org_view`.
"""
