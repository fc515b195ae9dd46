from django.apps import AppConfig

from cadre.core.pickers import PickerSource, picker_source_register


class CatalogueConfig(AppConfig):
    name = "cadre.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.catalogue.selectors import course_option, courses_search

        picker_source_register(
            PickerSource(
                name="courses",
                search=courses_search,
                describe=course_option,
                key_field="code",
                related=("administration", "region"),
                placeholder=_("Course code or title"),
                hint=_("Type a course code or title"),
            )
        )
        # deferred: the kinds read catalogue's selectors and models, loadable only once apps are ready
        from cadre.catalogue.translatable import register as register_translatable

        register_translatable()
