"""Employees (read-only): what ``GET /employees`` returns (``Employee``, ``EmployeePage``) and its
filters (``EmployeeQuery``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._page import ResourcePage
from ._query import IdList, ShowDeleted, UpdatedRange, WindowedQuery, Wire
from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["Employee", "EmployeePage", "EmployeeQuery"]


class Employee(RawModel):
    """An employee, as ``GET /employees`` and ``GET /employees/{employee_id}`` return it.

    Employees beyond the owner are a paid add-on: an account without it lists only the owner.
    """

    id: str
    name: str
    email: str | None = None
    phone_number: str | None = None
    stores: list[str] | None = Field(
        default=None, description="The ids of the stores the employee can access."
    )
    is_owner: bool = Field(description="Whether this is the account owner.")
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class EmployeePage(ResourcePage):
    """One page of ``GET /employees``: the employees, newest first, and the next page's cursor."""

    _raw_children = ("employees",)

    employees: list[Employee]


class EmployeeQuery(WindowedQuery, ShowDeleted, UpdatedRange):
    """The filters and paging of ``GET /employees``."""

    employee_ids: Annotated[IdList | None, Wire("employee_ids")] = None
