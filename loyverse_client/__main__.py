"""``python -m loyverse_client``: the ``loyverse`` command."""

from loyverse_client.cli import main

if __name__ == "__main__":  # not when a tool (pytest --doctest-modules) imports the module
    raise SystemExit(main())
