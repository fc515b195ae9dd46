from django.apps import AppConfig

from cadre.core.pickers import PickerSource, picker_source_register


class TenancyConfig(AppConfig):
    name = "cadre.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.tenancy.selectors import member_option, members_search, org_unit_option, org_units_search

        picker_source_register(
            PickerSource(
                name="org-units",
                search=org_units_search,
                describe=org_unit_option,
                key_field="code",
                related=("administration",),
                placeholder=_("Unit name or code"),
                hint=_("Type a unit name or code"),
            )
        )
        picker_source_register(
            PickerSource(
                name="members",
                search=members_search,
                describe=member_option,
                key_field="username",
                placeholder=_("Name or username"),
                hint=_("Type a name or a username"),
            )
        )
