"""The batch store path: one INSERT per table, caller's dicts untouched, all-or-nothing batches."""

from __future__ import annotations

import copy
import uuid

import pytest

from cadre.lrs.errors import XapiError
from cadre.lrs.models import ActivityDefinition, Statement, StatementActivity, StatementAgent
from cadre.lrs.services.statements import statements_store
from tests.lrs.conftest import statement

pytestmark = pytest.mark.django_db


def _defined(iri: str, name: str) -> dict:
    return statement(object={"id": iri, "definition": {"name": {"en-US": name}}})


def test_a_batch_is_stored_with_its_index_rows_and_the_input_is_untouched(xapi_a):
    # given a batch of two statements, one with a definition and a context activity
    first = _defined("https://example.org/a/1", "One")
    first["context"] = {"contextActivities": {"parent": {"id": "https://example.org/course"}}}
    batch = [first, statement()]
    sent = copy.deepcopy(batch)
    # when it is stored
    result = statements_store(client=xapi_a.client, statements=batch, version="2.0.0")
    # then both are stored with their index rows, the definition is known, the input unchanged
    assert result.created == 2
    assert batch == sent
    rows = Statement.objects.filter(statement_id__in=[uuid.UUID(i) for i in result.ids])
    assert rows.count() == 2
    assert StatementActivity.objects.filter(
        statement__in=rows, iri="https://example.org/course", direct=False
    ).exists()
    assert StatementAgent.objects.filter(statement__in=rows, direct=True).count() == 2
    assert ActivityDefinition.objects.get(iri="https://example.org/a/1").definition["name"] == {
        "en-US": "One"
    }


def test_a_resent_statement_is_skipped_and_a_conflict_stores_nothing(xapi_a):
    # given a stored statement
    stored = statement(id=str(uuid.uuid4()))
    statements_store(client=xapi_a.client, statements=[stored], version="2.0.0")
    # when it is re-sent with a new one, only the new one is created
    result = statements_store(client=xapi_a.client, statements=[stored, statement()], version="2.0.0")
    assert result.created == 1
    before = Statement.objects.count()
    # when a batch carries a different statement under the stored id
    changed = {**stored, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    with pytest.raises(XapiError) as error:
        statements_store(client=xapi_a.client, statements=[statement(), changed], version="2.0.0")
    # then it is a 409 and nothing of the batch is stored
    assert error.value.status == 409
    assert Statement.objects.count() == before


def test_a_definition_is_merged_only_when_it_changes(xapi_a):
    # given an activity stored with an English name
    iri = "https://example.org/a/merge"
    statements_store(client=xapi_a.client, statements=[_defined(iri, "One")], version="2.0.0")
    # when a later statement adds a French name
    later = statement(object={"id": iri, "definition": {"name": {"fr-FR": "Un"}}})
    statements_store(client=xapi_a.client, statements=[later], version="2.0.0")
    # then both names are kept
    assert ActivityDefinition.objects.get(iri=iri).definition["name"] == {"en-US": "One", "fr-FR": "Un"}


def _voiding(target_id: str) -> dict:
    return statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target_id},
    )


def test_a_voiding_statement_voids_what_was_stored_before_its_batch_only(xapi_a):
    # given a stored statement
    earlier = statement(id=str(uuid.uuid4()))
    statements_store(client=xapi_a.client, statements=[earlier], version="2.0.0")
    # when one batch carries a new statement and voiding statements for both
    fresh = statement(id=str(uuid.uuid4()))
    batch = [fresh, _voiding(earlier["id"]), _voiding(fresh["id"])]
    result = statements_store(client=xapi_a.client, statements=batch, version="2.0.0")
    # then the earlier one is voided, the one stored in the same batch is not
    assert result.created == 3
    voided = dict(Statement.objects.values_list("statement_id", "voided"))
    assert voided[uuid.UUID(earlier["id"])] is True
    assert voided[uuid.UUID(fresh["id"])] is False
