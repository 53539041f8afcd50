from __future__ import annotations

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from PIL import Image, UnidentifiedImageError

from accounts.choices import CompanySize, Industry, RevenueRange, timezone_choices
from accounts.models import User
from accounts.models.user import PROFILE_FIELDS, PROFILE_TEXT_LIMITS

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# A small file may claim a huge picture (a decompression bomb): the header's size is checked
# before decoding. 40 megapixels and 10,000 px a side cover any camera a profile needs.
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 10_000
_TOO_LARGE = (
    f"The image is too large: at most {MAX_IMAGE_SIDE:,} pixels a side and "
    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels."
)


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds email and password around them."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    agreed_terms = forms.BooleanField(
        required=True,
        label="I agree to the Terms of Service and Privacy Policy",
        error_messages={"required": "You must accept the terms to create an account."},
    )
    agreed_marketing = forms.BooleanField(
        required=False, label="Send me product news and growth tips (optional)"
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def clean_first_name(self) -> str:
        return _required_text(self.cleaned_data["first_name"], "Please enter your first name.")

    def clean_last_name(self) -> str:
        return _required_text(self.cleaned_data["last_name"], "Please enter your last name.")

    def signup(self, request, user: User) -> None:
        # allauth calls this inside its save; the adapter already copied the fields.
        pass


def _required_text(value: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(message)
    return value


class ProfileForm(forms.ModelForm):
    company_size = forms.ChoiceField(
        choices=[("", "—")] + CompanySize.choices, required=False, label="Company size"
    )
    revenue_range = forms.ChoiceField(
        choices=[("", "—")] + RevenueRange.choices, required=False, label="Annual revenue"
    )
    industry = forms.ChoiceField(choices=[("", "—")] + Industry.choices, required=False)
    timezone = forms.ChoiceField(choices=[("", "UTC (default)")], required=False, label="Time zone")
    linkedin_url = forms.URLField(required=False, label="LinkedIn URL", assume_scheme="https")

    class Meta:
        model = User
        fields = list(PROFILE_FIELDS)
        labels = {
            "title": "Job title",
            "agreed_marketing": "Send me product news and growth tips",
            "email_high_priority": (
                "Email me high-priority notifications too (failed payments, a trial ending, "
                "security alerts, questions delegated to me)"
            ),
        }
        widgets = {
            "first_name": forms.TextInput(),
            "last_name": forms.TextInput(),
            "title": forms.TextInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "company": forms.TextInput(),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in PROFILE_TEXT_LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)
        self.fields["timezone"].choices = [("", "UTC (default)")] + timezone_choices()
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_first_name(self) -> str:
        return _required_text(self.cleaned_data["first_name"], "Please enter your first name.")

    def clean_last_name(self) -> str:
        return _required_text(self.cleaned_data["last_name"], "Please enter your last name.")

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in "+-() ." for ch in phone):
            raise ValidationError("Use digits, spaces and + - ( ) only.")
        return phone


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_TOO_LARGE)


class ProfilePictureForm(forms.Form):
    picture = forms.FileField(label="Profile picture")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_mb = settings.PROFILE_PICTURE_MAX_BYTES / 1_048_576
        self.fields["picture"].help_text = f"JPEG, PNG, GIF or WebP, up to {limit_mb:g} MB."
        self.fields["picture"].widget.attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"

    def clean_picture(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["picture"]
        limit = settings.PROFILE_PICTURE_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The image is {upload.size / 1_048_576:.1f} MB; the limit is "
                f"{limit / 1_048_576:.1f} MB."
            )
        try:
            with warnings.catch_warnings():
                # Pillow only warns between its limit and twice it; an error here, like above.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    # The header's size, read before any pixel is decoded (open is lazy).
                    _check_dimensions(*image.size)
                    image.verify()
                    image_format = image.format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_TOO_LARGE) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                "That file is not an image. Upload a JPEG, PNG, GIF or WebP."
            ) from None
        if image_format not in ALLOWED_IMAGE_FORMATS:
            raise ValidationError(
                f"{image_format} images are not accepted. Use JPEG, PNG, GIF or WebP."
            )
        upload.seek(0)
        upload.image_extension = ALLOWED_IMAGE_FORMATS[image_format]
        return upload
