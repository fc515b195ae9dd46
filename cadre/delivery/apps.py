from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "cadre.delivery"
    label = "delivery"
