import factory

from accounts.models import Membre, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = User.Role.DEVELOPPEUR
    password = factory.django.Password("motdepasse-tres-solide")


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    user = factory.SubFactory(UserFactory)
    nom = factory.LazyAttribute(lambda m: m.user.last_name)
    prenom = factory.LazyAttribute(lambda m: m.user.first_name)
    email = factory.LazyAttribute(lambda m: m.user.email)
