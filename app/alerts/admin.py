from django.contrib import admin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "type", "level", "recipient", "title", "is_read", "email_sent_at")
    list_filter = ("type", "level", "is_read")
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient", "project")
