import factory

from accounts.tests.factories import UserFactory
from alerts.models import Alert
from core.dates import today


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    recipient = factory.SubFactory(UserFactory)
    type = Alert.Type.BUDGET_DEPASSE
    level = Alert.Level.DANGER
    object_type = Alert.Object.PROJECT
    object_id = factory.Sequence(lambda n: n + 1)
    dedup_day = factory.LazyFunction(today)
    title = factory.Sequence(lambda n: f"Alerte {n}")
    message = "Message"
    batch = "factory"
