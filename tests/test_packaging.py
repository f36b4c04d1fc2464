"""How the packages present themselves to users who import them."""

from __future__ import annotations

import subprocess
import sys

import loyverse_client
import loyverse_models


def test_the_models_never_import_httpx() -> None:
    code = "import sys, loyverse_models; print('httpx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_every_public_name_is_importable_and_listed() -> None:
    for package in (loyverse_models, loyverse_client):
        assert len(set(package.__all__)) == len(package.__all__)
        for name in package.__all__:
            assert getattr(package, name) is not None, name


def test_the_pytest_plugin_loads_neither_the_client_nor_its_dependencies() -> None:
    # Every pytest run of every project that installs the SDK imports the plugin.
    heavy = ["httpx", "pydantic", "loyverse_models", "loyverse_client._client"]
    code = (
        "import sys, loyverse_client.testing.pytest_plugin\n"
        f"print([name for name in {heavy!r} if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_public_names_load_on_first_use_in_a_fresh_interpreter() -> None:
    code = (
        "import loyverse_client as sdk\n"
        "from loyverse_client import *\n"
        "assert sdk.LoyverseClient.__module__ == 'loyverse_client._client'\n"
        "assert sdk.errors.NotFoundError is sdk.NotFoundError\n"
        "assert sdk.customers.Customers is sdk.Customers\n"
        "assert {'errors', 'customers', *sdk.__all__} <= set(dir(sdk))\n"
        "try:\n"
        "    sdk.LoyverseCilent\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "module 'loyverse_client' has no attribute 'LoyverseCilent'"
