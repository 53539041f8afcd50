import io
from datetime import UTC, datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

PROFILE = reverse("accounts:profile")
PICTURE = reverse("accounts:profile_picture")


def _image(fmt="PNG", size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (79, 70, 229)).save(buffer, format=fmt)
    return buffer.getvalue()


def _profile_data(**overrides):
    data = {
        "first_name": "Alice",
        "last_name": "Owner",
        "title": "CEO",
        "phone": "+44 20 7946 0000",
        "company": "Acme",
        "company_size": "11-50",
        "revenue_range": "1m_5m",
        "industry": "saas",
        "timezone": "America/New_York",
        "linkedin_url": "https://www.linkedin.com/in/alice",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_requires_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_user_edits_every_profile_field(client, alice):
    client.force_login(alice)

    response = client.post(PROFILE, _profile_data(agreed_marketing="on"))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.company_size == "11-50"
    assert alice.revenue_range == "1m_5m"
    assert alice.industry == "saas"
    assert alice.timezone == "America/New_York"
    assert alice.phone == "+44 20 7946 0000"
    assert alice.linkedin_url == "https://www.linkedin.com/in/alice"
    assert alice.agreed_marketing is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"industry": "alchemy"}, "industry"),
        ({"company_size": "a lot"}, "company_size"),
        ({"revenue_range": "infinite"}, "revenue_range"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"first_name": ""}, "first_name"),
        ({"phone": "call me maybe"}, "phone"),
        ({"linkedin_url": "not a url"}, "linkedin_url"),
    ],
)
@pytest.mark.django_db
def test_bad_profile_input_shows_a_field_error_and_keeps_what_was_saved(
    client, alice, overrides, field
):
    client.force_login(alice)
    client.post(PROFILE, _profile_data())

    response = client.post(PROFILE, _profile_data(company="Changed Ltd", **overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.company == "Acme"  # nothing half-saved
    assert alice.industry == "saas"


@pytest.mark.django_db
def test_uploading_a_picture_stores_it_and_sets_profile_pic_url(client, alice, tmp_path):
    client.force_login(alice)
    with override_settings(MEDIA_ROOT=tmp_path):
        upload = SimpleUploadedFile("me.png", _image("PNG"), content_type="image/png")
        response = client.post(PICTURE, {"picture": upload})

        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.profile_pic_url.startswith("/media/profile-pictures/")
        assert alice.profile_pic_url.endswith(".png")
        name = alice.profile_pic_url.removeprefix("/media/")
        assert default_storage.exists(name)
        # The file is served back at its URL.
        served = client.get(alice.profile_pic_url)
        assert served.status_code == 200


@pytest.mark.django_db
def test_a_new_picture_replaces_the_old_file(client, alice, tmp_path):
    client.force_login(alice)
    with override_settings(MEDIA_ROOT=tmp_path):
        client.post(PICTURE, {"picture": SimpleUploadedFile("a.png", _image("PNG"))})
        alice.refresh_from_db()
        first = alice.profile_pic_url.removeprefix("/media/")
        client.post(PICTURE, {"picture": SimpleUploadedFile("b.jpg", _image("JPEG"))})
        alice.refresh_from_db()
        assert alice.profile_pic_url.endswith(".jpg")
        assert not default_storage.exists(first)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-1.4 definitely not an image", "cv.png", "not an image"),
        (b"", "empty.png", "empty"),
        ("bmp", "pic.bmp", "BMP images are not accepted"),
    ],
)
@pytest.mark.django_db
def test_a_non_image_or_unsupported_upload_gets_a_form_error(
    client, alice, tmp_path, content, filename, message
):
    client.force_login(alice)
    alice.profile_pic_url = "/media/profile-pictures/existing.png"
    alice.save(update_fields=["profile_pic_url"])
    data = _image("BMP") if content == "bmp" else content
    with override_settings(MEDIA_ROOT=tmp_path):
        response = client.post(PICTURE, {"picture": SimpleUploadedFile(filename, data)})

    assert response.status_code == 400
    assert message in " ".join(response.context["picture_form"].errors["picture"])
    alice.refresh_from_db()
    assert alice.profile_pic_url == "/media/profile-pictures/existing.png"


@pytest.mark.django_db
def test_an_oversized_upload_gets_a_form_error(client, alice, tmp_path):
    client.force_login(alice)
    with override_settings(MEDIA_ROOT=tmp_path, PROFILE_PICTURE_MAX_BYTES=10_000):
        big = _image("PNG", size=(1500, 1500))
        big += b"\0" * max(0, 20_000 - len(big))
        response = client.post(PICTURE, {"picture": SimpleUploadedFile("big.png", big)})

    assert response.status_code == 400
    assert "the limit is" in " ".join(response.context["picture_form"].errors["picture"])
    alice.refresh_from_db()
    assert alice.profile_pic_url == ""


@pytest.mark.django_db
def test_times_are_shown_in_the_users_timezone(client, alice, acme):
    acme.created_at = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    acme.save(update_fields=["created_at"])
    alice.timezone = "Asia/Tokyo"
    alice.save(update_fields=["timezone"])
    client.force_login(alice)

    page = client.get(reverse("orgs:settings", args=["acme"])).content.decode()

    assert "15 Jan 2026, 21:00" in page  # 12:00 UTC is 21:00 in Tokyo
    assert "Times shown in Asia/Tokyo" in page


@pytest.mark.django_db
def test_high_priority_emails_are_on_by_default_and_can_be_turned_off(client, alice):
    assert alice.email_high_priority is True
    client.force_login(alice)
    page = client.get(PROFILE).content.decode()
    assert 'name="email_high_priority"' in page and "checked" in page

    client.post(PROFILE, _profile_data())  # the box left unticked

    alice.refresh_from_db()
    assert alice.email_high_priority is False
    client.post(PROFILE, _profile_data(email_high_priority="on"))
    alice.refresh_from_db()
    assert alice.email_high_priority is True


def _png_claiming(width: int, height: int) -> bytes:
    """A 70-byte PNG whose IHDR claims width × height (valid CRCs, one tiny IDAT)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 16)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.mark.parametrize(
    "size",
    [(100_000, 100_000), (10_001, 10), (8_000, 6_000)],
    ids=["decompression-bomb", "too-wide", "over-40-megapixels"],
)
@pytest.mark.django_db
def test_a_picture_claiming_huge_dimensions_gets_a_form_error(client, alice, tmp_path, size):
    client.force_login(alice)
    with override_settings(MEDIA_ROOT=tmp_path):
        upload = SimpleUploadedFile("bomb.png", _png_claiming(*size), content_type="image/png")
        response = client.post(PICTURE, {"picture": upload})

    assert response.status_code == 400
    assert "too large" in " ".join(response.context["picture_form"].errors["picture"])
    alice.refresh_from_db()
    assert alice.profile_pic_url == ""


PROFILE_LIMITS = {
    "first_name": 150,
    "last_name": 150,
    "title": 200,
    "company": 200,
    "phone": 40,
}


@pytest.mark.parametrize(("field", "limit"), sorted(PROFILE_LIMITS.items()))
@pytest.mark.django_db
def test_a_profile_text_over_its_limit_gets_a_field_error(client, alice, field, limit):
    client.force_login(alice)
    value = "1" * (limit + 1) if field == "phone" else "x" * (limit + 1)

    response = client.post(PROFILE, _profile_data(**{field: value}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    alice.refresh_from_db()
    assert getattr(alice, field) != value


@pytest.mark.parametrize("field", ["title", "company"])
@pytest.mark.django_db
def test_the_database_refuses_a_profile_text_over_its_limit(alice, field):
    from django.db import IntegrityError, transaction

    from accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=alice.pk).update(**{field: "x" * 201})


@pytest.mark.parametrize("value", ["a\x00b", "\x00"])
@pytest.mark.parametrize("field", ["title", "company", "first_name"])
@pytest.mark.django_db
def test_nul_in_a_profile_field_gets_a_field_error(client, alice, field, value):
    client.force_login(alice)

    response = client.post(PROFILE, _profile_data(**{field: value}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
