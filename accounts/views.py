import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import ProfileForm, ProfilePictureForm


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    # The form edits a copy: a rejected post must not leak into request.user (the navigation
    # shows it), and the service compares the new values with the saved ones.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, "Your profile has been saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "picture_form": ProfilePictureForm()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def profile_picture(request: HttpRequest) -> HttpResponse:
    if request.POST.get("remove"):
        services.user_remove_profile_picture(user=request.user)
        messages.success(request, "Your profile picture has been removed.")
        return redirect("accounts:profile")
    picture_form = ProfilePictureForm(request.POST, request.FILES)
    if picture_form.is_valid():
        services.user_set_profile_picture(
            user=request.user, upload=picture_form.cleaned_data["picture"]
        )
        messages.success(request, "Your profile picture has been updated.")
        return redirect("accounts:profile")
    # Re-render with the saved profile untouched and the upload's error shown.
    return render(
        request,
        "accounts/profile.html",
        {"form": ProfileForm(instance=request.user), "picture_form": picture_form},
        status=400,
    )
