"""How many officials at once (`python bench/load_bench.py`): real Chromium sessions against `pledges serve`.

Starts the dashboard on the city-scale store of bench/store_bench.py and drives N
simultaneous sessions (one Chromium context each) through 현황 → 공약 상세 → 예산 → 변화 by
the sidebar links, as an official clicks. "Drawn" means the page's last element is on
screen and Streamlit has finished running the script (no status widget for 0.4 s). It
prints p50/p95 of the time to drawn per N, the errors and the server's peak memory.

`--deployment` runs the same against docs/deploy.md's shape on this machine: two app
processes on PostgreSQL behind nginx, sticky by client (each simulated client sends its
own `X-Client` header, which nginx hashes, because every browser here has the same IP).
Goals: p95 under 3 s at 10 sessions on one process, no error at 20.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITY = ROOT / "bench" / "out" / "city_25x8x100.sqlite"
CHROMIUM = "/usr/bin/chromium"
#: page link → what is on screen once the page is drawn
STEPS = [("현황", "[data-testid='stMetric']"), ("공약 상세", ".js-plotly-plot"), ("예산", ".js-plotly-plot"),
         ("변화", "[data-testid='stMetric']")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{base} did not start")


def start_app(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PLEDGES_DB": url}
    return subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


async def drawn(page, selector: str) -> None:  # noqa: ANN001
    await page.locator(selector).first.wait_for(timeout=60_000)
    quiet_since = None
    while True:
        running = await page.locator("[data-testid='stStatusWidget']").count()
        now = time.perf_counter()
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= 0.4:
            return
        await asyncio.sleep(0.05)


async def session(browser, base: str, client: int, times: dict, errors: list) -> None:  # noqa: ANN001
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR",
                                        extra_http_headers={"X-Client": f"client-{client}"})
    page = await context.new_page()
    try:
        started = time.perf_counter()
        await page.goto(f"{base}/")
        await drawn(page, STEPS[0][1])
        times.setdefault(STEPS[0][0], []).append(time.perf_counter() - started - 0.4)
        for name, selector in STEPS[1:]:
            started = time.perf_counter()
            await page.get_by_role("link", name=name, exact=True).first.click()
            await drawn(page, selector)
            times.setdefault(name, []).append(time.perf_counter() - started - 0.4)
        if await page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count():
            errors.append(f"client {client}: an error on screen")
    except Exception as problem:  # noqa: BLE001 - a failed session is a figure, not a crash
        errors.append(f"client {client}: {type(problem).__name__}: {str(problem)[:120]}")
    finally:
        await context.close()


async def load(base: str, n: int) -> tuple[dict, list]:
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {}
    errors: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        await asyncio.gather(*(session(browser, base, i, times, errors) for i in range(n)))
        await browser.close()
    return times, errors


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(label: str, base: str, pids: list[int], counts: list[int]) -> None:
    print(f"\n{label}")
    print("| sessions | p50 (s) | p95 (s) | slowest page at p95 | errors | server peak memory |")
    print("|---:|---:|---:|---|---:|---:|")
    for n in counts:
        times, errors = asyncio.run(load(base, n))
        every = [t for values in times.values() for t in values]
        worst = max(times, key=lambda k: quantile(times[k], 0.95)) if times else "-"
        memory = sum(peak_kb(pid) for pid in pids) / 1024
        p50 = f"{statistics.median(every):.2f}" if every else "-"
        p95 = f"{quantile(every, 0.95):.2f}" if every else "-"
        print(f"| {n} | {p50} | {p95} | {worst} | {len(errors)} | {memory:.0f} MB |", flush=True)
        for error in errors[:3]:
            print(f"  - {error}")


def single(counts: list[int]) -> None:
    port = free_port()
    app = start_app(f"sqlite:///{CITY}", port)
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        report("one process, SQLite (pledges serve)", f"http://127.0.0.1:{port}", [app.pid], counts)
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(30)


NGINX = """worker_processes 1; pid {folder}/nginx.pid; error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  upstream pledges {{ hash $http_x_client consistent; server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{ proxy_pass http://pledges; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
                 proxy_set_header Connection $connection_upgrade; proxy_set_header Host $host;
                 proxy_read_timeout 86400; }}
  }}
}}
"""


def deployment(pg_url: str, counts: list[int]) -> None:
    """Two app processes on PostgreSQL behind nginx (the city store copied into `pg_url` first)."""
    from sqlalchemy import create_engine, inspect, text

    from store import open_store

    target = open_store(pg_url)  # schema at head
    source = create_engine(f"sqlite:///{CITY}")
    with target.engine.begin() as out, source.connect() as inp:
        if not out.execute(text("select count(*) from snapshots")).scalar():
            print("copying the city store into PostgreSQL …", flush=True)
            tables = [t for t in inspect(source).get_sorted_table_names() if t != "alembic_version"]
            for table in tables:
                rows = [dict(r._mapping) for r in inp.execute(text(f'select * from "{table}"'))]
                if rows:
                    columns = ", ".join(f'"{c}"' for c in rows[0])
                    values = ", ".join(f":{c}" for c in rows[0])
                    out.execute(text(f'insert into "{table}" ({columns}) values ({values})'), rows)
            for table in tables:  # serial ids continue after the copied rows
                if "id" in [c["name"] for c in inspect(source).get_columns(table)]:
                    out.execute(text(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(select coalesce(max(id), 1) from \"{table}\"))"))
    a, b, port = free_port(), free_port(), free_port()
    apps = [start_app(pg_url, a), start_app(pg_url, b)]
    folder = Path(tempfile.mkdtemp())
    (folder / "nginx.conf").write_text(NGINX.format(folder=folder, a=a, b=b, port=port))
    proxy = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf"),
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for p in (a, b):
            wait_healthy(f"http://127.0.0.1:{p}")
        wait_healthy(f"http://127.0.0.1:{port}")
        report("two processes, PostgreSQL, nginx with sticky sessions (docs/deploy.md)",
               f"http://127.0.0.1:{port}", [p.pid for p in apps], counts)
    finally:
        proxy.terminate()
        for app in apps:
            os.killpg(app.pid, signal.SIGTERM)
            app.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,5,10,20", help="comma-separated N")
    parser.add_argument("--deployment", metavar="POSTGRES_URL",
                        help="also run against two processes on this PostgreSQL database behind nginx")
    args = parser.parse_args()
    if not CITY.exists():
        sys.exit("bench/out/city_25x8x100.sqlite is missing: run `python bench/store_bench.py` first")
    counts = [int(n) for n in args.sessions.split(",")]
    from store import open_store

    open_store(f"sqlite:///{CITY}").engine.dispose()  # migrations (and their one-off fill) before timing
    single(counts)
    if args.deployment:
        deployment(args.deployment, counts)


if __name__ == "__main__":
    main()
