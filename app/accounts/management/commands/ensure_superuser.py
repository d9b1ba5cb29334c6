"""Create or update the superuser from DJANGO_SUPERUSER_* (password from *_FILE). Idempotent."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from config.env import env, secret


class Command(BaseCommand):
    help = "Create or update the superuser; last line: created, updated or unchanged."

    def handle(self, *args, **options):
        username = env.str("DJANGO_SUPERUSER_USERNAME", default="")
        email = env.str("DJANGO_SUPERUSER_EMAIL", default="")
        password = secret("DJANGO_SUPERUSER_PASSWORD")
        if not username or not password:
            raise CommandError(
                "Set DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD (or DJANGO_SUPERUSER_PASSWORD_FILE)."
            )
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email=email, password=password, role="DIRECTION")
            result = "created"
        else:
            changed = False
            if not (user.is_superuser and user.is_staff and user.is_active):
                user.is_superuser = user.is_staff = user.is_active = True
                changed = True
            if email and user.email != email:
                user.email = email
                changed = True
            if not user.check_password(password):
                user.set_password(password)
                changed = True
            if changed:
                user.save()
            result = "updated" if changed else "unchanged"
        self.stdout.write(result)
