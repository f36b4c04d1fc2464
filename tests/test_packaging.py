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
