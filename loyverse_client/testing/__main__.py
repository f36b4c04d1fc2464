"""``python -m loyverse_client.testing serve``: a fake Loyverse over HTTP, for manual tries and
benchmarks in another process. ``--shop`` fills it with the sample shop as well (every declared
collection: items, variants, taxes, ...).

It prints its base URL and (fake) token as ``NAME=value`` lines, easy to read from a parent
process, and stops cleanly on Ctrl-C or SIGTERM.

It listens on loopback, or on every interface (``--host 0.0.0.0`` or ``::``, e.g. in a container
whose port is published) while printing its loopback URL: the SDK sends plain http to loopback
only, and the fake has no real security. Any other address is a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import signal
import sys
import time
from collections.abc import Sequence
from types import FrameType

from ._fake import FakeLoyverse
from ._server import FakeLoyverseServer


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError(f"expected seconds from 0 to 60, got {text!r}")
    return value


def _port(text: str) -> int:
    value = _count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


_EVERY_INTERFACE = ("0.0.0.0", "::")


def _host(text: str) -> str:
    host = text.strip().strip("[]")
    if host == "localhost" or host in _EVERY_INTERFACE:
        return host
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).is_loopback:
            return host
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a loopback address: the SDK sends plain http only to loopback "
        "(127.0.0.1, ::1, localhost), and the fake has no real security. To listen on every "
        "interface (e.g. in a container), use 0.0.0.0 and reach the fake at 127.0.0.1"
    )


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
    serve.add_argument("--port", type=_port, required=True, help="port to listen on; 0 picks one")
    serve.add_argument(
        "--host",
        type=_host,
        default="127.0.0.1",
        help="a loopback address to bind (default: 127.0.0.1), or 0.0.0.0 or :: for every "
        "interface, still announced at its loopback URL",
    )
    serve.add_argument(
        "--customers",
        type=_count,
        default=100,
        help="sample customers to start with (default: 100)",
    )
    serve.add_argument(
        "--shop",
        action="store_true",
        help="also fill a sample shop: merchant, stores, staff, catalogue, stock, shifts, ...",
    )
    serve.add_argument(
        "--receipts",
        type=_count,
        default=None,
        help="sample receipts to sell from the shop's catalogue (implies --shop; default: the "
        "shop's own week of receipts)",
    )
    serve.add_argument(
        "--latency",
        type=_seconds,
        default=0.0,
        help="hold every answer this many seconds, like a distant server (default: 0)",
    )
    serve.add_argument("--seed", type=int, default=0, help="seed of the sample data")
    serve.add_argument(
        "--token", default="fake-loyverse-token", help="the access token the fake accepts"
    )
    args = parser.parse_args(argv)

    # Served to other programs, the account lives in real time: new receipts are dated now.
    fake = FakeLoyverse(access_token=args.token, clock=time.monotonic)
    fake.add_sample_customers(args.customers, seed=args.seed)
    if args.receipts is not None:
        catalogue = [name for name in fake.resources if name != "receipts"]
        fake.add_sample_shop(seed=args.seed, resources=catalogue)
        fake.add_sample_receipts(args.receipts, seed=args.seed)
    elif args.shop:
        fake.add_sample_shop(seed=args.seed)
    try:
        server = FakeLoyverseServer(fake, args.host, args.port, latency=args.latency)
    except OSError as error:
        parser.exit(1, f"error: cannot listen on {args.host}:{args.port}: {error}\n")
    shop = " and the sample shop" if args.shop or args.receipts is not None else ""
    if args.receipts is not None:
        shop += f" with {args.receipts} receipts"
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
