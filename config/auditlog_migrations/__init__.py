"""An empty migrations package for django-auditlog.

auditlog's own migrations create an `auditlog_logentry` table we never use (audit rows go to the
seed's audit_log) whose foreign key to tier2_users breaks TRUNCATE in transactional tests; with
no migrations module at all, Django would instead create it by syncdb before content types
exist. An empty package marks the app as migrated with nothing to create.
"""
