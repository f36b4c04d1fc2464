"""``python -m loyverse_client.testing serve``: a fake Loyverse over HTTP, for manual tries and
benchmarks in another process. ``--shop`` fills it with the sample shop as well (every declared
collection: items, variants, taxes, ...).

It prints its base URL and (fake) token as ``NAME=value`` lines, easy to read from a parent
process, and stops cleanly on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from ._fake import FakeLoyverse
from ._server import FakeLoyverseServer


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m loyverse_client.testing",
        description="Tools for testing code that uses the Loyverse API.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="serve a fake Loyverse API over HTTP, with sample customers (and a shop)"
    )
    serve.add_argument("--port", type=int, required=True, help="port to listen on; 0 picks one")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument(
        "--customers", type=int, default=100, help="sample customers to start with (default: 100)"
    )
    serve.add_argument(
        "--shop",
        action="store_true",
        help="also fill a sample shop: merchant, stores, staff, catalogue, stock, shifts, ...",
    )
    serve.add_argument("--seed", type=int, default=0, help="seed of the sample data")
    serve.add_argument(
        "--token", default="fake-loyverse-token", help="the access token the fake accepts"
    )
    args = parser.parse_args(argv)

    fake = FakeLoyverse(access_token=args.token)
    fake.add_sample_customers(args.customers, seed=args.seed)
    if args.shop:
        fake.add_sample_shop(seed=args.seed)
    try:
        server = FakeLoyverseServer(fake, args.host, args.port)
    except OSError as error:
        parser.exit(1, f"error: cannot listen on {args.host}:{args.port}: {error}\n")
    shop = " and the sample shop" if args.shop else ""
    print(
        f"Fake Loyverse with {args.customers} customers{shop} (seed {args.seed}); Ctrl-C stops it."
    )
    print(f"LOYVERSE_BASE_URL={server.base_url}")
    print(f"LOYVERSE_ACCESS_TOKEN={fake.access_token}", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
