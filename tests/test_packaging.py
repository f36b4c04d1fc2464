"""How the packages present themselves to users who import them."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def _editable_install() -> bool:
    # Every distribution of that name: a checkout's own *.egg-info may come first on sys.path.
    for dist in importlib.metadata.distributions(name="loyverse-client"):
        direct_url = dist.read_text("direct_url.json")
        if direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"):
            return True
    return False


@pytest.mark.skipif(not _editable_install(), reason="the SDK is not an editable install")
def test_an_editable_install_is_visible_to_type_checkers_outside_the_checkout(
    tmp_path: Path,
) -> None:
    code = "import loyverse_client; reveal_type(loyverse_client.LoyverseClient)"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, (
        "mypy run outside the checkout does not find loyverse_client: install it editable with "
        f"--config-settings editable_mode=compat, as dev.py does\n{result.stdout}"
    )
    assert "-> loyverse_client._client.LoyverseClient" in result.stdout
