"""One dashboard session over Streamlit's own websocket protocol, as the browser speaks it.

Used by bench/load_bench.py (and its test). Why the bench does not only drive Chromium: on this 2-core machine
ten Chromium pages drawing plotly charts take nearly nine tenths of the CPU (measured
with /proc during bench/load_bench.py --browser), so a browser-driven load test measures
the browsers, not the server. This
client sends the same `BackMsg.rerun_script` a browser sends when an official opens the
app or clicks a page in the sidebar (page hash, query string with the ward and 기준일)
and times until the server's `script_finished`: every element of the page has been
computed and sent. Drawing it is the browser's share, measured apart with --browser.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: a run that ends in one of these drew nothing useful
_FAILED = {ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Run:
    """What one page view sent back: how long, how many elements, whether an error showed."""

    seconds: float
    elements: int
    error: str | None = None


@dataclass
class Session:
    """A websocket session on `base` (http://host:port), keeping the query string as the browser does."""

    base: str
    headers: dict[str, str] = field(default_factory=dict)
    query: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url path → page script hash
    socket: websockets.ClientConnection | None = None

    async def __aenter__(self) -> Session:
        url = self.base.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.socket = await websockets.connect(
            url, subprotocols=["streamlit"], origin=self.base, additional_headers=self.headers,
            max_size=None, open_timeout=60)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def open(self, url_path: str = "", **query: str) -> Run:
        """Open a page as a link does: its url path (`""` for the default page) and query parameters."""
        if query:
            self.query = urlencode(query)
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = url_path
        message.rerun_script.page_script_hash = self.pages.get(url_path, "")
        message.rerun_script.context_info.timezone = "Asia/Seoul"
        message.rerun_script.context_info.locale = "ko-KR"
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        return await self._until_finished(started)

    async def _until_finished(self, started: float) -> Run:
        elements, error = 0, None
        while True:
            raw = await self.socket.recv()
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = message.delta.new_element
                what = element.WhichOneof("type")
                if what == "exception":
                    error = f"exception: {element.exception.message[:120]}"
                elif what == "alert" and element.alert.format == element.alert.ERROR:
                    error = f"error on screen: {element.alert.body[:120]}"
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "page_not_found":
                error = "page not found"
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (st.rerun): the view is the next run's
                if message.script_finished in _FAILED:
                    error = error or "script did not compile"
                return Run(time.perf_counter() - started, elements, error)
