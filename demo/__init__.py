"""Demo organisations, people, plans, assessments and notifications (`manage.py seed_demo`)."""
