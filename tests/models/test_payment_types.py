"""PaymentType and PaymentTypePage (``type``, an open enum, is read by ``test_resources.py``)."""

from __future__ import annotations

from datetime import datetime, timezone

from loyverse_models import PaymentTypeKind, PaymentTypePage
from tests.models.samples import CARD_TYPE_ID, STORE_ID, payment_type


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
