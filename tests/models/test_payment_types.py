"""PaymentType and PaymentTypePage: ``type`` is an open enum."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from loyverse_models import PaymentType, PaymentTypeKind, PaymentTypePage
from tests.models.samples import CARD_TYPE_ID, STORE_ID, payment_type

DOCUMENTED_KINDS = [
    "CASH",
    "NONINTEGRATEDCARD",
    "CHECK",
    "WORLDPAY",
    "COINEY",
    "IZETTLE",
    "SUMUP",
    "TYRO",
    "CHECURITY",
    "SMARTPAY",
    "YOCO",
    "NICEPAY",
    "PAYGATE",
    "EZETAP",
    "FIRSTDATA",
    "SOFTBANK",
    "ONEPAY",
    "KICC",
    "MERCADOPAGO",
    "OTHER",
]


def test_the_whole_list_is_one_page_of_typed_payment_types() -> None:
    page = PaymentTypePage.model_validate({"payment_types": [payment_type()]})

    [card] = page.payment_types
    assert (card.id, card.name) == (CARD_TYPE_ID, "SumUp card reader")
    assert card.type is PaymentTypeKind.SUMUP
    assert card.type == "SUMUP"
    assert card.stores == [STORE_ID]
    assert card.created_at == datetime(2020, 5, 11, 12, tzinfo=timezone.utc)
    assert card.deleted_at == datetime(2023, 1, 15, 10, tzinfo=timezone.utc)
    assert page.cursor is None  # /payment_types does not paginate


def test_the_enum_holds_the_20_documented_values() -> None:
    assert [kind.value for kind in PaymentTypeKind] == DOCUMENTED_KINDS
    assert len(DOCUMENTED_KINDS) == 20


@pytest.mark.parametrize("kind", DOCUMENTED_KINDS)
def test_every_documented_value_reads_as_its_member(kind: str) -> None:
    parsed = PaymentType.model_validate_json(json.dumps({**payment_type(), "type": kind}))
    assert parsed.type is PaymentTypeKind(kind)


@pytest.mark.parametrize("kind", ["CASHROUNDING", "STRIPE", "cash"])
def test_an_unknown_value_is_kept_as_the_string_it_was(kind: str) -> None:
    data = {**payment_type(), "type": kind}
    parsed = PaymentType.model_validate(data)
    assert parsed.type == kind
    assert not isinstance(parsed.type, PaymentTypeKind)
    assert parsed.model_dump(mode="json") == data
