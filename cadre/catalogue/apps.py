from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "cadre.catalogue"
    label = "catalogue"
