from django.apps import AppConfig

from cadre.core.pickers import PickerSource, picker_source_register


class DeliveryConfig(AppConfig):
    name = "cadre.delivery"
    label = "delivery"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.delivery.selectors import instructor_option, instructors_search

        picker_source_register(
            PickerSource(
                name="instructors",
                search=instructors_search,
                describe=instructor_option,
                key_field=None,
                related=("officer",),
                placeholder=_("Instructor name or organisation"),
                hint=_("Type an instructor name, organisation or employee number"),
            )
        )
