from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from accounts.models.user import PROFILE_FIELDS


def user_record_signup(*, user: User) -> None:
    """Record the sign-up (events table); work that follows a sign-up handles that event."""
    from events.services import event_record

    event_record(
        event_type="user.signed_up",
        source="accounts",
        user=user,
        data={"agreed_marketing": user.agreed_marketing},
    )


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    changed = [
        name for name in PROFILE_FIELDS if name in data and getattr(user, name) != data[name]
    ]
    for name in changed:
        setattr(user, name, data[name])
    if changed:
        user.save(update_fields=changed)
    return user


def user_set_profile_picture(*, user: User, upload: UploadedFile) -> User:
    extension = getattr(upload, "image_extension", "img")
    name = default_storage.save(
        f"profile-pictures/{user.u_id}/{uuid.uuid4().hex}.{extension}", upload
    )
    previous = user.profile_pic_url
    user.profile_pic_url = default_storage.url(name)
    user.save(update_fields=["profile_pic_url"])
    _delete_previous_picture(previous)
    return user


def user_remove_profile_picture(*, user: User) -> User:
    previous = user.profile_pic_url
    user.profile_pic_url = ""
    user.save(update_fields=["profile_pic_url"])
    _delete_previous_picture(previous)
    return user


def _delete_previous_picture(url: str) -> None:
    from django.conf import settings

    if url.startswith(settings.MEDIA_URL):
        name = url[len(settings.MEDIA_URL) :]
        if name.startswith("profile-pictures/") and default_storage.exists(name):
            default_storage.delete(name)
