"""`pledges serve [--db URL] [--port N] [--host ADDRESS]`: the dashboard, with the store chosen here.

It listens on this machine only (127.0.0.1) unless `--host` opens it to the
network; opened with no account on the store, anyone on the network could
upload, so it says so in the log and the app says so on every page.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

from cli.common import CliError, store_from
from figures.colors import BLUE

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
#: set for the app when it listens beyond this machine (dashboard/app.py warns while no account exists)
OPEN_ENV = "PLEDGES_OPEN_TO_NETWORK"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def command(port: int, address: str, secrets: str | None = None) -> list[str]:
    """The same settings as .streamlit/config.toml, as flags, so any working directory works."""
    return [
        # dashboard/launch.py: the pages' modules and charts loaded, then `streamlit run` with these flags
        sys.executable, "-m", "dashboard.launch", "run", str(APP),
        # the city's single sign-on ([auth]) and anything else the operator keeps out of the code
        *(["--secrets.files", str(Path(secrets).resolve())] if secrets else []),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", address,
        "--server.maxUploadSize", "20",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--client.showErrorDetails", "none",
        # the official's terminal keeps our Korean line with the address: not Streamlit's English banner
        # nor its server's start-up log (warnings and errors still show)
        "--logger.hideWelcomeMessage", "true",
        "--logger.level", "warning",
        "--theme.base", "light",
        "--theme.primaryColor", BLUE,  # figures/colors.py, the one palette
        # measured under load (bench/load_bench.py, py-spy): checking every imported module for changes
        # after each rerun took 7 % of the server's time and the full garbage collection after each rerun
        # 9 %; a served dashboard never edits its own code, and Python's own collector still runs
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--runner.postScriptGC", "false",
    ]


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.db:
        env["PLEDGES_DB"] = args.db
    store = store_from(args)  # the schema is made (or the store refused) before the server starts
    if is_loopback(args.host):
        env.pop(OPEN_ENV, None)
        print(f"대시보드: http://localhost:{args.port}  (이 컴퓨터에서만 열립니다. 끝내려면 Ctrl+C)")
    else:
        env[OPEN_ENV] = "1"
        print(f"대시보드: http://{args.host}:{args.port}  (네트워크의 다른 컴퓨터에서도 열립니다. 끝내려면 Ctrl+C)")
        if not store.has_accounts():
            print("주의: 저장소에 계정이 없는 채로 네트워크에 열었습니다. 업로드 화면에서 곧바로 관리자 계정을 "
                  "만들어 주세요 (그 전에는 네트워크의 누구든 첫 관리자가 될 수 있습니다)", file=sys.stderr)
    store.engine.dispose()
    sys.stdout.flush()
    # become the server (no child process left behind when a service manager or a test stops us)
    if args.secrets and not Path(args.secrets).is_file():
        raise CliError(f"secrets 파일이 없습니다: {args.secrets}", 2)
    os.execve(sys.executable, command(args.port, args.host, args.secrets), env)
    return 0  # pragma: no cover - execve does not return
