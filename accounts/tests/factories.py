import factory
from django.conf import settings

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    agreed_terms = True
    title = "Head of Growth"
    company = factory.Faker("company")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or settings.DEMO_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the user a verified primary email address, as allauth needs to let them in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
