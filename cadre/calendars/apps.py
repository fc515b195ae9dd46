from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "cadre.calendars"
    label = "calendars"
    verbose_name = "Working calendars"
