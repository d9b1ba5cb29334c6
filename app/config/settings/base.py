"""Settings shared by every environment. Values come from the environment."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.alerts_schedule import build_beat_schedule, get_alerts_frequency
from config.env import env, secret
from core.logging import LOG_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The release this process runs (set by the deployment), sent as X-Release on the
# health answers so that a switch between releases can be seen from outside.
RELEASE = env.str("APP_RELEASE", default="dev")
SECRET_KEY = secret("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "core",
    "accounts",
    "projects",
    "alerts",
]

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": env.str("DB_HOST", default="db"),
        "PORT": env.int("DB_PORT", default=3306),
        "NAME": env.str("DB_NAME", default="si_gouvernance"),
        "USER": env.str("DB_USER", default=""),
        "PASSWORD": secret("DB_PASSWORD", default=""),
        "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES', time_zone='+00:00'",
        },
        "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 8 * 3600

# django-axes: 5 failures lock the account for 30 minutes; every attempt is recorded.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# The lockout is per account, as specified; per-address limits are the proxy's job
# (nginx rate-limits the login endpoint).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
LOG_DIR = Path(env.str("DJANGO_LOG_DIR", default=str(BASE_DIR / "logs")))

# Project files are sent by projects:file_download only. With this prefix (e.g.
# /protected-media/) the view answers X-Accel-Redirect: <prefix><file name> and nginx
# sends the file from an internal location; empty: Django streams it.
MEDIA_ACCEL_REDIRECT_PREFIX = env.str("DJANGO_MEDIA_ACCEL_PREFIX", default="")
if MEDIA_ACCEL_REDIRECT_PREFIX and not MEDIA_ACCEL_REDIRECT_PREFIX.endswith("/"):
    MEDIA_ACCEL_REDIRECT_PREFIX += "/"

MAX_UPLOAD_SIZE = 50 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SI-Gouvernance <noreply@localhost>")
EMAIL_SUBJECT_PREFIX = "[SI-Gouvernance] "
SITE_URL = env.str("DJANGO_SITE_URL", default="")

# Redis / Celery
REDIS_HOST = env.str("REDIS_HOST", default="redis")
REDIS_PORT = env.int("REDIS_PORT", default=6379)
REDIS_PASSWORD = secret("REDIS_PASSWORD", default="")
REDIS_DB = env.int("REDIS_DB", default=0)


def redis_url(db):
    from urllib.parse import quote

    auth = f":{quote(REDIS_PASSWORD, safe='')}@" if REDIS_PASSWORD else ""
    return f"redis://{auth}{REDIS_HOST}:{REDIS_PORT}/{db}"


CELERY_BROKER_URL = redis_url(REDIS_DB)
CELERY_RESULT_BACKEND = redis_url(REDIS_DB)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died is redelivered after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # Workers look for such tasks every interval x throttle seconds (kombu: 10 x 10).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=2)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_WORKER_SEND_TASK_EVENTS = True

CELERY_ALERTS_FREQUENCY_HOURS = get_alerts_frequency()
CELERY_BEAT_SCHEDULE = build_beat_schedule(CELERY_ALERTS_FREQUENCY_HOURS)
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(LOG_DIR / "celery" / "celerybeat-schedule")
)

# Logging: a file per service (rotated 10 MB x 5) and stdout; time, level, service on every line.
LOG_SERVICE = env.str("LOG_SERVICE", default="django")
LOG_FILE = env.str("LOG_FILE", default="django.log")
LOG_TO_FILE = env.bool("LOG_TO_FILE", default=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"service": {"()": "core.logging.ServiceFilter", "service": LOG_SERVICE}},
    "formatters": {
        "standard": {"()": "core.logging.UTCFormatter", "format": LOG_FORMAT}
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            # Management commands log to stderr so that their stdout stays data (JSON).
            "stream": "ext://sys.%s" % env.str("LOG_STREAM", default="stdout"),
            "formatter": "standard",
            "filters": ["service"],
        },
        "file": {
            "()": "core.logging.rotating_file_handler",
            "path": str(LOG_DIR / LOG_FILE),
            "enabled": LOG_TO_FILE,
            "formatter": "standard",
            "filters": ["service"],
        },
    },
    "root": {"handlers": ["stdout", "file"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
