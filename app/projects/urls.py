from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/demarrer/", views.project_start, name="start"),
    path("<int:pk>/phases/<int:phase_pk>/cloturer/", views.phase_close, name="close_phase"),
    path("<int:pk>/fichiers/ajouter/", views.file_upload, name="file_upload"),
    path("<int:pk>/fichiers/<int:file_pk>/", views.file_download, name="file_download"),
]
