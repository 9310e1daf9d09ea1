"""`pledges serve [--db URL] [--port N]`: the dashboard, headless, with the store chosen here."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="대시보드를 엽니다 (브라우저로 http://localhost:PORT)")
    parser.add_argument("--db", metavar="URL", help="저장소 주소 (기본: PLEDGES_DB 또는 data/pledges.sqlite)")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0", help="들을 주소 (기본 0.0.0.0)")
    parser.set_defaults(func=run)


def command(port: int, address: str) -> list[str]:
    """The same settings as .streamlit/config.toml, as flags, so any working directory works."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", address,
        "--server.maxUploadSize", "20",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--client.showErrorDetails", "none",
        "--theme.base", "light",
        "--theme.primaryColor", "#0072B2",
    ]


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.db:
        env["PLEDGES_DB"] = args.db
    print(f"대시보드: http://localhost:{args.port}  (끝내려면 Ctrl+C)")
    try:
        return subprocess.call(command(args.port, args.address), env=env)
    except KeyboardInterrupt:
        return 0
