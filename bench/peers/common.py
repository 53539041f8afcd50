"""What every peer does for the results list, in SQL: the product's rules, written once.

The product (orgs.api.auth, orgs.api.base, billing.api.permissions, scoring.selectors) answers
`GET /api/v1/orgs/<slug>/results/` for an `Authorization: Api-Key gp_<prefix>_<secret>` as
follows, and so does each peer:

- the key is found by its prefix among unrevoked keys and its SHA-256 hex digest compared in
  constant time; its creator must be active and still a member of the key's org;
- the URL's org must be the key's org (else 404), and the creator's role there must grant
  `org.view` (else 403); a read-only key may only read;
- the org owner's subscription must be on a plan with the API (active, or a trial not ended):
  else 402;
- the rows: the org's results newest first (`created_at DESC, id DESC`, a keyset cursor), all of
  them for a role with `org.manage_members` (or platform staff), else the creator's own and those
  shared with them; 50 a page, with the creator's email; `{"next", "previous", "results"}`.

One query resolves the key, its creator, the membership, the role and the plan (AUTH_SQL); one
reads the page (page_sql).
"""
# ruff: noqa: S608  (SQL is assembled from constants here; values are always parameters)

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid
from datetime import date, datetime

# billing's catalogue (config/settings/base.py BILLING_PLANS): the plans whose features include
# the API. A trial counts until its nextbillingdate.
API_PLANS = frozenset({"Growth", "Scale"})
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

AUTH_SQL = """
SELECT k.key_hash, k.scope, u.u_id, u.role IN ('admin', 'super_admin') AS staff,
       o.id AS org_id, o.slug, r.permissions, s.plan, s.status, s.nextbillingdate
FROM org_api_keys k
JOIN tier2_users u ON u.u_id = k.created_by AND u.is_active
JOIN enterprise_orgs o ON o.id = k.org_id
JOIN org_users m ON m.org_id = k.org_id AND m.user_id = k.created_by
JOIN org_roles r ON r.id = m.role_id
LEFT JOIN LATERAL (
    SELECT plan, status, nextbillingdate FROM subscriptions WHERE u_id = o.owner_id LIMIT 1
) s ON true
WHERE k.prefix = %(prefix)s AND k.revoked_at IS NULL
LIMIT 1
"""

COLUMNS = (
    "r.id, r.assessment_type, r.score, r.bracket, r.description, r.recommendations,"
    " r.next_steps, r.confidence, r.ai_insights, r.category_scores, r.swot_analysis,"
    " r.assessment_id, r.template_id, r.rubric_version, u.email AS user_email, r.created_at"
)
FIELDS = [
    "id",
    "assessment_type",
    "score",
    "bracket",
    "description",
    "recommendations",
    "next_steps",
    "confidence",
    "ai_insights",
    "category_scores",
    "swot_analysis",
    "assessment_id",
    "template",
    "rubric_version",
    "user_email",
    "created_at",
]


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def key_prefix(authorization: str | None) -> tuple[str, str]:
    """(raw key, prefix) of an `Api-Key`/`Bearer` header, or Refused(401)."""
    parts = (authorization or "").split()
    if len(parts) != 2 or parts[0].lower() not in ("api-key", "bearer"):
        raise Refused(401, "Authentication credentials were not provided.")
    pieces = parts[1].split("_")
    if len(pieces) != 3 or pieces[0] != "gp":
        raise Refused(401, "Invalid API key.")
    return parts[1], pieces[1]


def check_auth(row, raw: str, slug: str) -> tuple[str, bool]:
    """(creator id, sees the whole org) once AUTH_SQL's row passes every check."""
    if row is None:
        raise Refused(401, "Invalid API key.")
    key_hash, _scope, user_id, staff, _org_id, org_slug, perms, plan, status, ends = row
    if not hmac.compare_digest(key_hash, hashlib.sha256(raw.encode()).hexdigest()):
        raise Refused(401, "Invalid API key.")
    if org_slug != slug:
        raise Refused(404, "No such organisation.")
    if not plan_has_api(plan, status, ends):
        raise Refused(402, "Your plan does not include the Integrator API.")
    if "org.view" not in perms:
        raise Refused(403, "Your role in this organisation does not allow this.")
    return user_id, bool(staff) or "org.manage_members" in perms


def plan_has_api(plan, status, ends) -> bool:
    if status == "trial":
        return ends is None or ends >= date.today()
    return status == "active" and plan in API_PLANS


def page_size(value: str | None) -> int:
    if not value:
        return PAGE_SIZE
    try:
        size = int(value)
    except ValueError:
        raise Refused(400, "page_size must be a number.") from None
    return max(1, min(size, MAX_PAGE_SIZE))


def encode_cursor(created_at: datetime, row_id, reverse: bool) -> str:
    text = f"{'p' if reverse else 'n'}|{created_at.isoformat()}|{row_id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> tuple[bool, datetime, str] | None:
    """(reverse, created_at, id) of a cursor, None for the first page, Refused(400) if bad."""
    if not value:
        return None
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        way, at, row_id = text.split("|")
        return way == "p", datetime.fromisoformat(at), str(uuid.UUID(row_id))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Refused(400, "Invalid cursor.") from None


def page_sql(*, whole_org: bool, cursor, columns: str = COLUMNS) -> str:
    """The page's query: parameters org_id, user_id, at, id, limit (page size + 1)."""
    where = ["r.org_id = %(org_id)s"]
    if not whole_org:
        where.append(
            "(r.user_id = %(user_id)s OR r.id IN (SELECT content_object_id FROM"
            " assessment_scoring_results_user_perms WHERE user_id = %(user_id)s))"
        )
    order = "r.created_at DESC, r.id DESC"
    if cursor is not None:
        reverse = cursor[0]
        where.append(
            "(r.created_at, r.id) > (%(at)s, %(id)s)"
            if reverse
            else "(r.created_at, r.id) < (%(at)s, %(id)s)"
        )
        if reverse:
            order = "r.created_at ASC, r.id ASC"
    return (
        f"SELECT {columns} FROM assessment_scoring_results r"
        " JOIN tier2_users u ON u.u_id = r.user_id"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %(limit)s"
    )


def page_params(org_id, user_id, cursor, size: int) -> dict:
    at, row_id = (cursor[1], cursor[2]) if cursor else (None, None)
    return {"org_id": org_id, "user_id": user_id, "at": at, "id": row_id, "limit": size + 1}


def links(base: str, rows: list, cursor, size: int, key=lambda row: (row[-1], row[0])):
    """(rows of the page newest first, next URL, previous URL) from the page + 1 rows read."""
    reverse = cursor is not None and cursor[0]
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    has_next = more if not reverse else True
    has_previous = cursor is not None and (more if reverse else True)
    suffix = "" if size == PAGE_SIZE else f"&page_size={size}"
    next_url = previous_url = None
    if rows and has_next:
        next_url = f"{base}?cursor={encode_cursor(*key(rows[-1]), False)}{suffix}"
    if rows and has_previous:
        previous_url = f"{base}?cursor={encode_cursor(*key(rows[0]), True)}{suffix}"
    return rows, next_url, previous_url
