"""The officer import pages: upload -> dry run -> apply the same file, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.people.models import Officer

pytestmark = pytest.mark.django_db

URL = "people:officer_import"
HEADER = "employee_number,given_name,family_name,org_unit,position\r\n"


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    """Keep previewed files in a per-test folder."""
    settings.VAR_DIR = tmp_path


def _csv(world, rows, name="officers.csv"):
    body = HEADER + "".join(f"{n},{g},{fam},{unit},{pos}\r\n" for n, g, fam, unit, pos in rows)
    return SimpleUploadedFile(name, body.encode(), content_type="text/csv")


def _good_file(world):
    return _csv(
        world,
        [
            ("N-100", "Kenji", "Sato", world.a.house.code, world.a.position.code),
            (
                world.a.officers[1].employee_number,
                "Renamed",
                "Officer",
                world.a.house.code,
                world.a.position.code,
            ),
        ],
    )


def _preview(client, world, upload):
    return client.post(
        reverse(URL), {"action": "preview", "administration": world.a.administration.pk, "file": upload}
    )


def test_preview_shows_the_dry_run_and_stores_nothing(client, world):
    client.force_login(world.a.tm)

    response = _preview(client, world, _good_file(world))

    plan = response.context["plan"]
    html = response.content.decode()
    assert response.status_code == 200
    assert [row.employee_number for row in plan.creates] == ["N-100"]
    assert len(plan.updates) == 1
    assert "Nothing has been stored yet." in html
    assert 'name="token"' in html
    assert not Officer.objects.filter(employee_number="N-100").exists()


def test_apply_uses_the_kept_file_without_reupload(client, world, tmp_path):
    client.force_login(world.a.tm)
    token = _preview(client, world, _good_file(world)).context["token"]

    response = client.post(reverse(URL), {"action": "apply", "token": token})

    assert response.status_code == 302
    assert Officer.objects.get(employee_number="N-100").family_name == "Sato"
    world.a.officers[1].refresh_from_db()
    assert world.a.officers[1].given_name == "Renamed"
    # and the kept file is gone: the same token cannot apply twice
    again = client.post(reverse(URL), {"action": "apply", "token": token}, follow=True)
    assert "expired or was already applied" in again.content.decode()
    assert not list((tmp_path / "imports").iterdir())


def test_rows_with_errors_are_listed_and_cannot_be_applied(client, world):
    client.force_login(world.a.tm)
    upload = _csv(
        world,
        [
            ("N-100", "Kenji", "Sato", world.a.house.code, world.a.position.code),
            ("N-101", "Ana", "Lima", "NO-SUCH-UNIT", world.a.position.code),
        ],
    )

    response = _preview(client, world, upload)

    html = response.content.decode()
    assert [(e.line, e.field) for e in response.context["plan"].errors] == [(3, "org_unit")]
    assert "NO-SUCH-UNIT" in html
    assert "token" not in response.context
    assert not Officer.objects.filter(employee_number__startswith="N-").exists()


def test_unreadable_file_is_a_field_error(client, world):
    client.force_login(world.a.tm)

    response = _preview(client, world, SimpleUploadedFile("officers.pdf", b"%PDF-1.4"))

    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_a_forged_token_applies_nothing(client, world):
    client.force_login(world.a.tm)
    _preview(client, world, _good_file(world))

    response = client.post(reverse(URL), {"action": "apply", "token": "forged"}, follow=True)

    assert "expired or was already applied" in response.content.decode()
    assert not Officer.objects.filter(employee_number="N-100").exists()


def test_another_users_token_applies_nothing(client, world):
    # given tm_a previewed a file, when admin_a (another session) posts that token
    client.force_login(world.a.tm)
    token = _preview(client, world, _good_file(world)).context["token"]
    client.logout()
    client.force_login(world.a.admin)

    client.post(reverse(URL), {"action": "apply", "token": token})

    assert not Officer.objects.filter(employee_number="N-100").exists()


def test_foreign_administration_is_refused(client, world):
    client.force_login(world.b.tm)

    response = _preview(client, world, _good_file(world))

    assert response.status_code == 400
    assert "administration" in response.context["form"].errors
    assert not Officer.objects.filter(employee_number="N-100").exists()


def test_supervisor_and_learner_get_404(client, world):
    for user in (world.a.sup, world.a.learner):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 404
        assert _preview(client, world, _good_file(world)).status_code == 404
    assert not Officer.objects.filter(employee_number="N-100").exists()
