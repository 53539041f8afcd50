"""What orgs tells the floors above it, without importing them (they connect in their ready())."""

from django.dispatch import Signal

# Sent inside org_create's transaction, in the new org's scope: org=, owner=.
# billing.apps connects the owner's trial (the owner pays for the organisation).
org_created = Signal()
