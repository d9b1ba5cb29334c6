from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("alertes/", views.alert_list, name="list"),
    path("alertes/<int:pk>/lue/", views.mark_read, name="mark_read"),
    path("alertes/tout-lire/", views.mark_all_read, name="mark_all_read"),
    path("api/alertes/count/", views.api_count, name="api_count"),
    path("api/alertes/list/", views.api_list, name="api_list"),
]
