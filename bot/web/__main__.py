from __future__ import annotations

import argparse
import logging
import os

from aiohttp import web

from bot.web.app import create_app
from bot.web.shared_state import REDIS_URL_VARIABLE


def main() -> None:
    parser = argparse.ArgumentParser(description="Ombudsguidens webbserver")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    # Linux's SO_REUSEPORT: several web processes listen on one port and the kernel spreads the connections.
    parser.add_argument("--reuse-port", action="store_true",
                        help=f"flera webbprocesser på samma port (Linux); kräver {REDIS_URL_VARIABLE}")
    args = parser.parse_args()
    if args.reuse_port and not os.environ.get(REDIS_URL_VARIABLE, "").strip():
        # Each process would keep its own limits and its own list of deleted conversations: a message
        # to a conversation deleted through one process would be taken by the next.
        parser.error(f"--reuse-port kräver {REDIS_URL_VARIABLE}, så att alla webbprocesser delar gränser "
                     "och raderade samtal.")
    # Warnings only: an access log would keep client addresses the inbox has no need to keep.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    web.run_app(create_app(), host=args.host, port=args.port, reuse_port=args.reuse_port, print=None)


if __name__ == "__main__":
    main()
