from django.dispatch import Signal

# Sent once a new user row is committed; receivers record events and start follow-up work.
user_signed_up = Signal()
