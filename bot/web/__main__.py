from __future__ import annotations

import argparse
import logging
import os

from aiohttp import web

from bot.web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description="Ombudsguidens webbserver")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    args = parser.parse_args()
    # Warnings only: an access log would keep client addresses the inbox has no need to keep.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    web.run_app(create_app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
