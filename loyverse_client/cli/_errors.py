"""How the command reports failure: the exceptions it raises, their exit codes, their wording.

Exit codes: 0 success, 1 the API or the file system failed, 2 bad usage (argparse errors, and
input that ``pydantic`` refused before any request was sent), 130 interrupted by Ctrl-C, 141 the
reader of stdout went away (``loyverse customers list | head``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import ValidationError

from loyverse_client._core import OUTCOME_UNKNOWN_NOTE
from loyverse_client.errors import APIStatusError, LoyverseError, SalesHistoryLimitError
from loyverse_models import WRITABLE_FIELDS

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 128 + 13
"""128 + SIGPIPE: what a shell reports for ``cat`` and the like when the reader of their output
exits first. Not 0, since the output was cut short (an export to ``-`` is incomplete); not 1, which
would say that Loyverse or a file failed; ``set -o pipefail`` scripts know it."""

# Model field -> the option a user typed, so a refused value is reported in the user's words.
_OPTION_NAMES = {
    **{field: "--" + field.replace("_", "-") for field in WRITABLE_FIELDS},
    "customer_ids": "--ids",
    "email": "--email",
    "created_at_min": "--created-min",
    "created_at_max": "--created-max",
    "updated_at_min": "--updated-min",
    "updated_at_max": "--updated-max",
    "limit": "--limit",
    "cursor": "--cursor",
    "customer_id": "ID",
}
_FIELD_WORD = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")

# The models advise Python callers; on the command line the same advice is about options.
_CLI_WORDING = (
    (re.compile(r"\(pass None to leave this filter out\)"), "(or leave {option} out)"),
    (re.compile(r"\bpass None\b"), "leave {option} out"),
    (
        re.compile(r"must be timezone-aware; attach a timezone, for example .*"),
        "has no timezone: add Z for UTC or an offset such as +03:00",
    ),
)


class CommandError(Exception):
    """A failure the command reports as ``error: <message>`` and exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(CommandError):
    """The command line asks for something impossible; exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


def describe_validation_error(exc: ValidationError) -> str:
    """``pydantic``'s problems in Python's words, one line each, without URLs and input echoes
    (the demo shows what a Python caller sees; the command's own errors are
    ``describe_input_error``).

    >>> from loyverse_models import CustomerQuery
    >>> try:
    ...     CustomerQuery(limit=500)
    ... except ValidationError as exc:
    ...     print(describe_validation_error(exc))
    limit: Input should be less than or equal to 250
    """
    lines = []
    for problem in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return "\n".join(lines)


def describe_input_error(exc: ValidationError, options: Mapping[str, str] | None = None) -> str:
    """The problems in the command line's words: each located by the option the user typed
    (``--created-min``, ``--ids (item 2)``), with advice about options, not Python.

    ``options`` names the options of fields beyond the customers' ones (a resource's filters,
    ``--item-ids``). A location that is no option (a parameter of an internal helper) is left out
    rather than shown, and so is the name of the model or function that raised.
    """
    names = {**_OPTION_NAMES, **(options or {})}
    lines = []
    for problem in exc.errors(include_url=False, include_input=False):
        message = problem["msg"].removeprefix("Value error, ")
        option = _option_of(problem["loc"], names)
        for pattern, wording in _CLI_WORDING:
            message = pattern.sub(wording.replace("{option}", option or "the option"), message)
        message = _FIELD_WORD.sub(lambda m: names.get(m[0], m[0]), message)
        where = option + _items_of(problem["loc"]) if option else ""
        lines.append(f"{where}: {message}" if where else message)
    return "\n".join(lines)


def _option_of(location: tuple[int | str, ...], names: Mapping[str, str]) -> str:
    """The option that the last known name of ``location`` stands for; ``""`` when none does."""
    options = [names[part] for part in location if isinstance(part, str) and part in names]
    return options[-1] if options else ""


def _items_of(location: tuple[int | str, ...]) -> str:
    """``" (item 2)"`` for a value of a list option (``--ids a,,b``), else ``""``."""
    items = [f"item {part + 1}" for part in location if isinstance(part, int)]
    return f" ({', '.join(items)})" if items else ""


CUSTOMER_MAY_EXIST = (
    "the customer may have been created anyway (Loyverse has no idempotency keys, so it was not "
    "sent again): look it up before running the command again"
)

_SALES_HISTORY = (
    "Loyverse serves receipts received more than 31 days ago only to accounts with the Unlimited "
    "sales history add-on: choose a --day or --created-min within the last 31 days, or add the "
    "add-on in Back Office"
)


def describe_api_error(exc: LoyverseError, may_exist: str = CUSTOMER_MAY_EXIST) -> str:
    """``CODE: details (HTTP status)`` when Loyverse said why, else the SDK's message; for a write
    that may have been carried out, ``may_exist`` says so and how to check, in the command line's
    words."""
    if isinstance(exc, APIStatusError) and exc.code is not None:
        said = f"{exc.code}: {exc.details}" if exc.details else exc.code
        if exc.field:
            said += f" (field {exc.field})"
        said += f" (HTTP {exc.status_code})"
        if isinstance(exc, SalesHistoryLimitError):  # the SDK's message says it to Python
            said += "\n" + _SALES_HISTORY
    else:
        # The SDK's advice about what may have happened speaks to Python callers: said below.
        said = str(exc).partition(OUTCOME_UNKNOWN_NOTE)[0]
    if exc.outcome_unknown:
        said += "\n" + may_exist
    return said
