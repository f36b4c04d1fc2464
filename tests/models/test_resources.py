"""Every response model of inventory, stores, employees, payment types, POS devices, shifts,
suppliers and the merchant: the contract's fields, exact ``.raw``, tolerant reading.

Each test runs once per model (nested ones included); ``samples.py`` holds the data.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import ValidationError

from loyverse_models import RawModel
from tests.models.samples import CURSOR, PAGED, RESOURCES, Json, Resource


def _by_name(resources: list[Resource]) -> list[Any]:
    return [pytest.param(resource, id=resource.name) for resource in resources]


def _fields(select: str) -> list[Any]:
    """(resource, field) pairs: the never-null fields, or the nullable ones."""
    pairs = []
    for resource in RESOURCES:
        documented = set(resource.sample())
        chosen = resource.not_null if select == "not_null" else documented - resource.not_null
        pairs += [
            pytest.param(resource, name, id=f"{resource.name}.{name}") for name in sorted(chosen)
        ]
    return pairs


def assert_raw_tree(model: RawModel, source: Json) -> None:
    """``model.raw`` is ``source`` itself, and so on down every nested model."""
    assert model.raw is source
    for name in type(model)._raw_children:
        child = getattr(model, name)
        if child is None:
            assert source[name] is None
        elif isinstance(child, RawModel):
            assert_raw_tree(child, source[name])
        else:
            for item, item_source in zip(child, source[name], strict=True):
                assert_raw_tree(item, item_source)


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_the_model_has_exactly_the_documented_fields(resource: Resource) -> None:
    fields = resource.model.model_fields
    assert set(fields) == set(resource.sample())
    required = {name for name, field in fields.items() if field.is_required()}
    assert required == resource.not_null


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_no_field_invents_a_default(resource: Resource) -> None:
    # The contract documents no default for any of these fields: a field is either required or
    # optional (None), so there is no value the SDK could substitute for a null.
    defaults = {
        name: field.default
        for name, field in resource.model.model_fields.items()
        if not field.is_required() and field.default is not None
    }
    assert defaults == {}


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_raw_is_the_received_object_down_to_nested_ones(resource: Resource) -> None:
    data = resource.sample()
    original = copy.deepcopy(data)
    model = resource.model.model_validate(data)
    assert_raw_tree(model, data)
    assert data == original


@pytest.mark.parametrize("resource", _by_name(PAGED))
def test_a_page_keeps_itself_and_each_object_as_raw(resource: Resource) -> None:
    assert resource.page is not None
    data = resource.page_json()
    page = resource.page.model_validate(data)
    assert_raw_tree(page, data)
    assert [type(item) for item in page.objects()] == [resource.model]


@pytest.mark.parametrize("resource", _by_name(PAGED))
def test_raw_of_a_page_parsed_from_bytes_is_the_parsed_json(resource: Resource) -> None:
    assert resource.page is not None
    data = resource.page_json()
    page = resource.page.model_validate_json(json.dumps(data).encode())
    assert page.raw == data
    assert_raw_tree(page, page.raw)


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_raw_of_an_object_parsed_from_bytes_is_the_parsed_json(resource: Resource) -> None:
    data = resource.sample()
    model = resource.model.model_validate_json(json.dumps(data).encode())
    assert model.raw == data
    assert_raw_tree(model, model.raw)


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_the_json_dump_is_what_the_api_sent(resource: Resource) -> None:
    data = resource.sample()
    model = resource.model.model_validate_json(json.dumps(data))
    assert json.loads(model.model_dump_json()) == data
    assert model.model_dump(mode="json") == data
    assert resource.model.model_validate_json(model.model_dump_json()) == model


@pytest.mark.parametrize("resource", _by_name(PAGED))
def test_the_page_cursor_and_list_key(resource: Resource) -> None:
    assert resource.page is not None
    page = resource.page.model_validate(resource.page_json())
    assert page.cursor == (CURSOR if resource.paginated else None)
    assert json.loads(page.model_dump_json()) == resource.page_json()


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_nulls_in_every_nullable_field_read_as_none(resource: Resource) -> None:
    data = resource.sample()
    nullable = set(data) - resource.not_null
    data.update(dict.fromkeys(nullable, None))
    model = resource.model.model_validate(data)
    assert {name: getattr(model, name) for name in nullable} == dict.fromkeys(nullable)
    assert model.raw is data
    assert json.loads(model.model_dump_json()) == data


@pytest.mark.parametrize(("resource", "name"), _fields("nullable"))
def test_a_nullable_field_may_be_absent(resource: Resource, name: str) -> None:
    data = resource.sample()
    del data[name]
    model = resource.model.model_validate(data)
    assert getattr(model, name) is None
    assert name not in model.raw


@pytest.mark.parametrize(("resource", "name"), _fields("not_null"))
def test_a_null_where_the_contract_promises_a_value_is_an_error(
    resource: Resource, name: str
) -> None:
    data = resource.sample()
    data[name] = None
    with pytest.raises(ValidationError) as caught:
        resource.model.model_validate(data)
    assert {error["loc"][0] for error in caught.value.errors()} == {name}


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_unknown_fields_are_kept(resource: Resource) -> None:
    data = resource.sample()
    data["loyalty_tier"] = {"level": 2, "since": "2024-01-01"}
    model = resource.model.model_validate_json(json.dumps(data))
    assert model.model_extra == {"loyalty_tier": {"level": 2, "since": "2024-01-01"}}
    assert model.raw["loyalty_tier"] == {"level": 2, "since": "2024-01-01"}
    assert json.loads(model.model_dump_json()) == data
