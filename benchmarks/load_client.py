"""A person at the dashboard without a browser: Streamlit's own WebSocket protocol.

One ``StreamUser`` is one browser tab's session: it opens ``/_stcore/stream``, asks for runs
of the script (``BackMsg.rerun_script`` with the widget states a browser would send) and reads
the answers (``ForwardMsg``) until the run has finished. A page switch is a run asked for
another page's script hash; it has settled when ``script_finished`` says the run finished
(a run that ends early because the script asked for a rerun is followed by the next one).
Widgets not named in a run keep their default values, as on a freshly opened page (a page
switch sends none: the sidebar's choices are not carried over). Costs a few milliseconds of this process's CPU per run instead of a Chromium per person, so
that on a small machine what is measured is the server.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from tornado.websocket import WebSocketClientConnection, websocket_connect

DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class NotSettled(Exception):
    """The run did not finish in time, or the connection closed before it did."""


def run_apart(work):
    """Run a coroutine, or a plain function, in a thread of its own and return its result:
    the calling thread may already hold an event loop (Playwright's synchronous API keeps one
    running), where ``asyncio.run`` and a second Playwright refuse to start."""
    with ThreadPoolExecutor(1) as pool:
        if asyncio.iscoroutine(work):
            return pool.submit(asyncio.run, work).result()
        return pool.submit(work).result()


@dataclass
class Run:
    """What one run drew, and how long it took from asking to finished."""

    seconds: float
    elements: list[Element] = field(default_factory=list)
    page_hash: str = ""

    def problems(self) -> list[str]:
        """Exceptions and error messages the run drew: what a person would see as broken."""
        return page_problems(self.elements)

    def widgets(self, kind: str) -> list:
        """The widgets of one kind (``text_input``, ``button``...) drawn by the run."""
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]


def page_problems(elements: list[Element]) -> list[str]:
    """The exception and error-alert texts among ``elements``."""
    out = []
    for e in elements:
        kind = e.WhichOneof("type")
        if kind == "exception":
            out.append(f"exception: {e.exception.type}: {e.exception.message}"[:300])
        elif kind == "alert" and e.alert.format == Alert.ERROR:
            out.append(f"error: {e.alert.body}"[:300])
    return out


class StreamUser:
    """One session over the WebSocket. ``pages`` maps every page's address to its script hash
    (pages outside the person's menu too: they answer at their address); ``menu`` lists the
    addresses in the person's menu."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.pages: dict[str, str] = {}
        self.menu: list[str] = []
        self.page_hash = ""
        self._ws: WebSocketClientConnection | None = None

    async def connect(self) -> Run:
        """Open the session and run its first page (the sign-in page for a new session)."""
        self._ws = await websocket_connect(
            self.url, subprotocols=["streamlit"], max_message_size=256 * 1024 * 1024
        )
        return await self.rerun()

    async def rerun(self, page_hash: str = "", widgets: list[WidgetState] | None = None) -> Run:
        """Ask for a run (of ``page_hash``, else the current page) and wait until it ends."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        state.page_script_hash = page_hash or self.page_hash
        state.widget_states.widgets.extend(widgets or [])
        started = time.perf_counter()
        assert self._ws is not None, "connect() first"
        await self._ws.write_message(msg.SerializeToString(), binary=True)
        try:
            elements = await asyncio.wait_for(self._until_finished(), self.timeout)
        except TimeoutError as e:
            raise NotSettled(f"no finished run within {self.timeout:g} s") from e
        return Run(time.perf_counter() - started, elements, self.page_hash)

    async def _until_finished(self) -> list[Element]:
        elements: dict[tuple[int, ...], Element] = {}
        while True:
            raw = await self._ws.read_message()  # type: ignore[union-attr]
            if raw is None:
                raise NotSettled("the server closed the connection")
            if isinstance(raw, str):
                continue
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":  # a run begins: what it draws replaces the last one's
                elements.clear()
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                nav = msg.navigation
                self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                self.menu = [p.url_pathname for p in nav.app_pages if not p.is_hidden]
                self.page_hash = nav.page_script_hash or self.page_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                elements[tuple(msg.metadata.delta_path)] = msg.delta.new_element
            elif kind == "script_finished" and msg.script_finished in DONE:
                return [elements[k] for k in sorted(elements)]

    async def sign_in(self, username: str, password: str, labels: tuple[str, str]) -> Run:
        """Fill the sign-in form (found by its two labels) and press its submit button."""
        first = await self.rerun()
        boxes = {w.label: w.id for w in first.widgets("text_input")}
        submit = [b.id for b in first.widgets("button") if b.is_form_submitter]
        if labels[0] not in boxes or labels[1] not in boxes or not submit:
            raise NotSettled(f"no sign-in form on the page (fields: {sorted(boxes)})")
        states = [
            WidgetState(id=boxes[labels[0]], string_value=username),
            WidgetState(id=boxes[labels[1]], string_value=password),
            WidgetState(id=submit[0], trigger_value=True),
        ]
        return await self.rerun(widgets=states)

    async def open(self, address: str) -> Run:
        """Switch to the page at ``address`` (as a click in the sidebar menu does)."""
        if address not in self.pages:
            raise NotSettled(f"no page at {address!r}")
        return await self.rerun(self.pages[address])

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None
