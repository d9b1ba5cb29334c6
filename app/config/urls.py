from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import health, views

# The admin under the site's name, in the reader's language.
admin.site.site_header = _("SI-Gouvernance — administration")
admin.site.site_title = _("SI-Gouvernance")
admin.site.index_title = _("Administration du site")

urlpatterns = [
    path("health/", health.live, name="health"),
    path("health/ready/", health.ready, name="health_ready"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("comptes/", include("accounts.urls")),
    path("projets/", include("projects.urls")),
    path("", include("alerts.urls")),
    path("", views.dashboard, name="dashboard"),
]
