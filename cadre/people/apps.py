from django.apps import AppConfig

from cadre.core.pickers import PickerSource, picker_source_register


class PeopleConfig(AppConfig):
    name = "cadre.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.people.search import officer_option, officers_search

        picker_source_register(
            PickerSource(
                name="officers",
                search=officers_search,
                describe=officer_option,
                key_field="employee_number",
                related=("org_unit", "position"),
                placeholder=_("Name, employee number or unit"),
                hint=_("Type a name (any script), an employee number or a unit"),
            )
        )
