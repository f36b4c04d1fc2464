"""``Open[SomeEnum]``: an enum that a response may extend.

Loyverse adds values to its enums (payment types gain providers, webhooks gain events). A response
field typed ``Open[ItemColor]`` reads a known value as the enum member, so an IDE offers the values
and ``item.color is ItemColor.RED`` works, and keeps an unknown one as the plain string it was,
instead of failing the whole page. The enums are ``str`` subclasses: ``item.color == "RED"`` holds
for both.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, TypeVar

from pydantic import Field

__all__ = ["Open"]

E = TypeVar("E", bound=Enum)

Open = Annotated[E | str, Field(union_mode="left_to_right")]
