"""Needs pages: the manager's heatmap, drill-down and exports; officers see only their own gaps."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.needs.models import GapSnapshot, NeedsSettings

pytestmark = pytest.mark.django_db


def test_heatmap_renders_svg_with_legend_and_labels(client, analysed):
    client.force_login(analysed.a.tm)
    response = client.get(reverse("needs:heatmap"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    # a group, not an image: its cells are links a keyboard and a screen reader can reach
    assert 'class="heatmap" role="group"' in body
    assert 'aria-label="' in body.split('class="heatmap"', 1)[1]
    assert "not assessed" in body
    assert "Regional Bureau" in body  # HQ's child is the first row


def test_drill_down_to_unit_then_officers(client, analysed):
    client.force_login(analysed.a.tm)
    snap = analysed.a.snapshot
    response = client.get(reverse("needs:heatmap"), {"snapshot": snap.pk, "unit": analysed.a.bureau.pk})
    assert "Port Customs House" in response.content.decode()
    response = client.get(reverse("needs:unit_officers"), {"snapshot": snap.pk, "unit": analysed.a.house.pk})
    body = response.content.decode()
    assert analysed.a.officers[0].family_name in body
    assert analysed.a.officers[3].family_name not in body  # the other house


def test_supervisor_sees_only_their_subtree_officers(client, analysed):
    # given: sup_a supervises the port house, and is not a manager: pages need a manager...
    client.force_login(analysed.a.sup)
    response = client.get(
        reverse("needs:unit_officers"), {"snapshot": analysed.a.snapshot.pk, "unit": analysed.a.hq.pk}
    )
    assert response.status_code == 404


def test_exports_neutralise_formulas(client, analysed):
    officer = analysed.a.officers[0]
    officer.given_name = "=HYPERLINK(1)"
    officer.save(update_fields=["given_name"])
    client.force_login(analysed.a.tm)
    response = client.get(
        reverse("needs:unit_officers"),
        {"snapshot": analysed.a.snapshot.pk, "unit": analysed.a.hq.pk, "format": "csv"},
    )
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text
    assert "\n=" not in text
    assert ",-" not in text
    response = client.get(reverse("needs:heatmap"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    for name in ("positions", "competencies"):
        assert client.get(reverse(f"needs:{name}"), {"format": "csv"}).status_code == 200
        assert client.get(reverse(f"needs:{name}")).status_code == 200


def test_run_snapshot_enqueues_task_after_commit(client, world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(world.a.tm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:snapshot_run"))
    snap = GapSnapshot.objects.get()
    assert response.status_code == 302
    snap.refresh_from_db()
    assert snap.status == GapSnapshot.Status.DONE
    assert snap.progress == 100
    fragment = client.get(reverse("needs:snapshot_detail", args=[snap.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in fragment.content.decode()  # done: polling stops


def test_status_fragment_polls_while_queued(client, world):
    snap = GapSnapshot.objects.create(administration=world.a.administration)
    client.force_login(world.a.tm)
    fragment = client.get(reverse("needs:snapshot_detail", args=[snap.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()


def test_compare_two_snapshots(client, analysed):
    from cadre.needs.services import gap_snapshot_create

    later = gap_snapshot_create(actor=analysed.a.tm, administration=analysed.a.administration)
    client.force_login(analysed.a.tm)
    response = client.get(reverse("needs:compare"), {"before": analysed.a.snapshot.pk, "after": later.pk})
    assert response.status_code == 200
    assert "Port Customs House" in response.content.decode()
    csv = client.get(
        reverse("needs:compare"),
        {"before": analysed.a.snapshot.pk, "after": later.pk, "format": "csv", "table": "competencies"},
    )
    assert "OP1" in csv.content.decode("utf-8-sig")


def test_settings_form_validates_and_saves(client, world):
    client.force_login(world.a.tm)
    bad = client.post(
        reverse("needs:settings"),
        {"weight_gap": "-1", "weight_criticality": "1", "weight_strategy": "1", "relevance_mode": "sum"},
    )
    assert bad.status_code == 200
    assert not NeedsSettings.objects.exists()
    ok = client.post(
        reverse("needs:settings"),
        {"weight_gap": "2", "weight_criticality": "1", "weight_strategy": "0", "relevance_mode": "max"},
    )
    assert ok.status_code == 302
    assert NeedsSettings.objects.get().relevance_mode == "max"


def test_my_gaps_shows_only_my_rows(client, analysed):
    client.force_login(analysed.a.learner)
    response = client.get(reverse("needs:my_gaps"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    assert analysed.a.officers[1].family_name not in body
    assert client.get(reverse("needs:my_gaps"), {"format": "csv"}).status_code == 200


def test_user_without_officer_gets_404_on_my_gaps(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("needs:my_gaps")).status_code == 404


def test_heatmap_query_count_does_not_grow_with_officers(client, analysed, django_assert_max_num_queries):
    # given: a logged-in manager; the page reads the snapshot, never the officers
    client.force_login(analysed.a.tm)
    url = reverse("needs:heatmap") + f"?snapshot={analysed.a.snapshot.pk}"
    client.get(url)
    # when / then
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
