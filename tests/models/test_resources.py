"""Every response model of inventory, stores, employees, payment types, POS devices, shifts,
suppliers, the merchant, the catalogue (items, variants, categories, modifiers, discounts, taxes)
and receipts: the contract's fields, its defaults and enums, exact ``.raw``, tolerant reading.

Each test runs once per model (nested ones included); ``samples.py`` holds the data.
"""

from __future__ import annotations

import copy
import json
from enum import Enum
from typing import Any

import pytest
from pydantic import ValidationError

from loyverse_models import RawModel
from tests.models.samples import (
    CHOICES,
    CURSOR,
    ENUMS,
    PAGED,
    RESOURCES,
    Choice,
    Json,
    Resource,
)

BY_NAME = {resource.name: resource for resource in RESOURCES}


def _by_name(resources: list[Resource]) -> list[Any]:
    return [pytest.param(resource, id=resource.name) for resource in resources]


def _fields(select: str) -> list[Any]:
    """(resource, field) pairs: the never-null fields without a documented default, the nullable
    ones, or those with a documented default."""
    pairs = []
    for resource in RESOURCES:
        chosen = {
            "not_null": resource.not_null - set(resource.defaults),
            "nullable": set(resource.sample()) - resource.not_null,
            "defaults": set(resource.defaults),
        }[select]
        pairs += [
            pytest.param(resource, name, id=f"{resource.name}.{name}") for name in sorted(chosen)
        ]
    return pairs


def _spellings() -> list[Any]:
    """(resource, other spelling, field) triples."""
    return [
        pytest.param(resource, spelling, name, id=f"{resource.name}.{spelling}")
        for resource in RESOURCES
        for spelling, name in resource.spellings.items()
    ]


def _parsed_both_ways(model: type[RawModel], data: Json) -> list[RawModel]:
    """``data`` parsed from the dict itself and from its JSON text."""
    return [model.model_validate(data), model.model_validate_json(json.dumps(data))]


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
    assert required == resource.not_null - set(resource.defaults)


@pytest.mark.parametrize("resource", _by_name(RESOURCES))
def test_the_only_defaults_are_the_documented_ones(resource: Resource) -> None:
    # A field is required, optional (None), or has the default the contract documents: there is
    # no other value the SDK could substitute for a null.
    assert set(resource.defaults) <= resource.not_null
    defaults = {
        name: field.get_default(call_default_factory=True)
        for name, field in resource.model.model_fields.items()
        if not field.is_required()
    }
    invented = {name: value for name, value in defaults.items() if value is not None}
    assert invented == resource.defaults


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


@pytest.mark.parametrize(("resource", "name"), _fields("defaults"))
def test_a_null_or_no_key_in_a_field_with_a_documented_default_reads_as_the_default(
    resource: Resource, name: str
) -> None:
    data = resource.sample()
    data[name] = None
    for model in _parsed_both_ways(resource.model, data):
        assert getattr(model, name) == resource.defaults[name]
        assert model.raw == data  # the null itself stays in .raw
    del data[name]
    assert getattr(resource.model.model_validate(data), name) == resource.defaults[name]


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


@pytest.mark.parametrize(("resource", "spelling", "name"), _spellings())
def test_the_other_spelling_is_read_into_the_field(
    resource: Resource, spelling: str, name: str
) -> None:
    data = resource.sample()
    data[spelling] = data.pop(name)
    expected = getattr(resource.model.model_validate(resource.sample()), name)
    for model in _parsed_both_ways(resource.model, data):
        assert getattr(model, name) == expected
        assert model.model_extra == {}
        assert model.raw == data  # as received, under the other spelling
        assert model.model_dump(mode="json") == resource.sample()  # written under the field's


@pytest.mark.parametrize(("resource", "spelling", "name"), _spellings())
def test_when_both_spellings_come_the_field_s_own_is_read_and_the_other_kept(
    resource: Resource, spelling: str, name: str
) -> None:
    data = resource.sample()
    other = "elsewhere" if isinstance(data[name], str) else ["elsewhere"]
    model = resource.model.model_validate({**data, spelling: other})
    assert getattr(model, name) == getattr(resource.model.model_validate(data), name)
    assert model.model_extra == {spelling: other}


@pytest.mark.parametrize(
    ("enum", "values"),
    [pytest.param(enum, values, id=enum.__name__) for enum, values in ENUMS.items()],
)
def test_the_enum_holds_exactly_the_documented_values(
    enum: type[Enum], values: tuple[str, ...]
) -> None:
    assert [member.value for member in enum] == list(values)


def _choices() -> list[Any]:
    return [pytest.param(choice, id=f"{choice.resource}.{choice.field}") for choice in CHOICES]


def _parsed_with(choice: Choice, value: str) -> tuple[Json, list[RawModel]]:
    """The choice's resource sample with the field set to ``value``, and it parsed both ways."""
    resource = BY_NAME[choice.resource]
    data = {**resource.sample(), choice.field: value}
    return data, _parsed_both_ways(resource.model, data)


@pytest.mark.parametrize("choice", _choices())
def test_every_listed_value_reads_as_its_member(choice: Choice) -> None:
    assert set(choice.members) <= set(ENUMS[choice.enum])
    for value in choice.members:
        _, models = _parsed_with(choice, value)
        assert all(getattr(model, choice.field) is choice.enum(value) for model in models)


@pytest.mark.parametrize("choice", _choices())
def test_a_value_outside_the_enum_is_kept_as_the_string_it_was(choice: Choice) -> None:
    for value in (*choice.strings, "ADDED_IN_2030", choice.members[0].lower()):
        data, models = _parsed_with(choice, value)
        for model in models:
            kept = getattr(model, choice.field)
            assert (type(kept), kept) == (str, value)
            assert model.model_dump(mode="json") == data
