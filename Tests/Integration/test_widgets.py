"""Comms and Jupyter widgets (protocol 2.1, ipywidgets 8) spoken with jupyter_client, as JupyterLab's widget
manager speaks them: a `%explore` panel opens its widgets, the frontend moves a control and gets the echo,
a new picture and busy/idle with its message as parent; binary buffers go both ways; a reloaded page gets
every state on the control channel; bad comm messages get a log line and an error on stderr, never a crash."""
import contextlib
import re
import struct
import time

from jupyter_client.manager import KernelManager

from kernel_clients import TIMEOUT, execute

SETUP = "net = %model zoo shapes-cnn\nimg = %data shapes --class star --index 3"
PNG = b"\x89PNG\r\n\x1a\n"


@contextlib.contextmanager
def kernel_with_log(tmp_path):
    """A started kernel whose stderr (its log) goes to a file, and a ready client."""
    log_path = tmp_path / "kernel.log"
    with open(log_path, "w") as log:
        km = KernelManager(kernel_name="saliency")
        km.start_kernel(stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            yield km, kc, log_path
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def open_explorer(kc, code="e = %explore img\ne"):
    """Runs the cell; returns the widgets it opened by comm id: their state, buffers and open message."""
    execute(kc, SETUP)
    reply, outputs = execute(kc, code, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    opened = {m["content"]["comm_id"]: m for m in outputs if m["msg_type"] == "comm_open"}
    assert opened and all(m["content"]["target_name"] == "jupyter.widget" for m in opened.values())
    assert all(m["metadata"]["version"] == "2.1.0" for m in opened.values())
    return opened, outputs


def widgets_named(opened, model_name, description=None):
    return [comm_id for comm_id, m in opened.items() if m["content"]["data"]["state"]["_model_name"] == model_name
            and (description is None or m["content"]["data"]["state"].get("description") == description)]


def method_picker(opened):
    """The panel's method drop-down, its options, and the widget that shows the provenance."""
    method = widgets_named(opened, "DropdownModel", "method")[0]
    provenance = [i for i in widgets_named(opened, "HTMLModel") if "provenance" in opened[i]["content"]["data"]["state"]["value"]][0]
    return method, opened[method]["content"]["data"]["state"]["_options_labels"], provenance


def send_comm(kc, msg_type, content, buffers=()):
    msg = kc.session.msg(msg_type, content)
    msg["buffers"] = list(buffers)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def messages_until_idle(kc, msg_id, timeout=TIMEOUT):
    """The IOPub messages whose parent is `msg_id`, from busy to idle."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        seen.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return seen
    raise AssertionError(f"no idle for {msg_id}: {[m['msg_type'] for m in seen]}")


def wait_for(kc, predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if predicate(msg):
            return msg
    raise AssertionError("the awaited message did not come")


def image_update(msg, image_id):
    return (msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == image_id
            and msg["content"]["data"].get("method") == "update" and ["value"] in msg["content"]["data"].get("buffer_paths", []))


def shown_method(msg, provenance):
    """The method whose provenance an update of the provenance widget shows, if it is one."""
    if msg["msg_type"] != "comm_msg" or msg["content"]["comm_id"] != provenance:
        return None
    found = re.search(r'"method"\s*:\s*"([\w-]+)"', msg["content"]["data"].get("state", {}).get("value", ""))
    return found and found.group(1)


def png_size(data):
    assert bytes(data[:8]) == PNG
    return struct.unpack(">II", bytes(data[16:24]))


def test_explore_opens_a_panel_that_displays_as_a_widget_with_a_picture_fallback(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, _):
        opened, outputs = open_explorer(kc)
        result = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        root = result["application/vnd.jupyter.widget-view+json"]["model_id"]
        assert opened[root]["content"]["data"]["state"]["_model_name"] == "VBoxModel"
        assert png_size(__import__("base64").b64decode(result["image/png"]))[0] > 0 and result["text/plain"]
        images = widgets_named(opened, "ImageModel")
        assert len(images) == 1
        image = opened[images[0]]
        assert image["content"]["data"]["buffer_paths"] == [["value"]] and png_size(image["buffers"][0])[0] > 0
        # Every DOM widget refers to its Layout, every control to its Style, each opened before it.
        order = list(opened)
        for comm_id, m in opened.items():
            state = m["content"]["data"]["state"]
            for key in ("layout", "style"):
                if key in state:
                    ref = state[key].removeprefix("IPY_MODEL_")
                    assert order.index(ref) < order.index(comm_id)
        kc.comm_info(target_name="jupyter.widget")
        listed = kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]
        assert set(listed) == set(opened) and all(v["target_name"] == "jupyter.widget" for v in listed.values())


def test_a_control_change_is_echoed_redrawn_and_framed_by_busy_and_idle(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, _):
        opened, _ = open_explorer(kc)
        opacity = widgets_named(opened, "FloatSliderModel", "opacity")[0]
        image = widgets_named(opened, "ImageModel")[0]
        before = bytes(opened[image]["buffers"][0])
        msg_id = send_comm(kc, "comm_msg", {"comm_id": opacity, "data": {"method": "update", "state": {"value": 0.2},
                                                                        "buffer_paths": []}})
        seen = messages_until_idle(kc, msg_id)
        kinds = [m["msg_type"] for m in seen]
        assert kinds[0] == "status" and seen[0]["content"]["execution_state"] == "busy"
        echo = [m for m in seen if m["msg_type"] == "comm_msg" and m["content"]["data"]["method"] == "echo_update"]
        assert echo and echo[0]["content"]["comm_id"] == opacity and echo[0]["content"]["data"]["state"] == {"value": 0.2}
        redrawn = [m for m in seen if image_update(m, image)]
        assert redrawn, "a cached map's new style is drawn before the kernel goes idle"
        assert bytes(redrawn[0]["buffers"][0]) != before and png_size(redrawn[0]["buffers"][0])[0] > 0


def test_a_new_map_is_computed_in_the_background_and_a_newer_choice_cancels_it(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, _):
        opened, _ = open_explorer(kc)
        method, methods, provenance = method_picker(opened)

        def choose(name):
            return send_comm(kc, "comm_msg", {"comm_id": method, "data": {"method": "update", "state": {"index": methods.index(name)},
                                                                          "buffer_paths": []}})
        slow = choose("rise")  # 2000 masks: seconds of work
        messages_until_idle(kc, slow)  # the event is answered at once; the work goes on in the background
        started = time.monotonic()
        fast = choose("ig")
        messages_until_idle(kc, fast)
        shown = wait_for(kc, lambda m: shown_method(m, provenance) == "ig", timeout=30)
        assert time.monotonic() - started < 5, "the newer choice did not wait for the older computation to finish"
        assert shown["parent_header"]["msg_id"] == fast
        # RISE's map never arrives after IG's: it was cancelled.
        time.sleep(1.0)
        late = []
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=0.5)
            except Exception:
                break
            late.append(shown_method(msg, provenance))
        assert "rise" not in late, late


def test_buffers_travel_both_ways_and_a_reloaded_page_gets_every_state(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, _):
        opened, _ = open_explorer(kc)
        image = widgets_named(opened, "ImageModel")[0]
        payload = bytes(range(256)) * 64
        msg_id = send_comm(kc, "comm_msg", {"comm_id": image, "data": {"method": "update", "state": {},
                                                                      "buffer_paths": [["value"]]}}, [payload])
        echo = [m for m in messages_until_idle(kc, msg_id) if m["msg_type"] == "comm_msg"]
        assert echo[0]["content"]["data"]["method"] == "echo_update" and bytes(echo[0]["buffers"][0]) == payload

        # A reloaded page: a control comm, request_states, every widget's full state with its buffers.
        msg = kc.session.msg("comm_open", {"comm_id": "control-1", "target_name": "jupyter.widget.control", "data": {}})
        msg["metadata"] = {"version": "1.0.0"}
        kc.shell_channel.send(msg)
        open_id = msg["header"]["msg_id"]
        messages_until_idle(kc, open_id)
        msg_id = send_comm(kc, "comm_msg", {"comm_id": "control-1", "data": {"method": "request_states"}})
        answer = [m for m in messages_until_idle(kc, msg_id) if m["msg_type"] == "comm_msg"][0]
        data = answer["content"]["data"]
        assert data["method"] == "update_states" and set(data["states"]) == set(opened)
        assert data["buffer_paths"] == [[image, "state", "value"]] and bytes(answer["buffers"][0]) == payload
        for comm_id, m in opened.items():
            assert data["states"][comm_id]["model_name"] == m["content"]["data"]["state"]["_model_name"]
        send_comm(kc, "comm_close", {"comm_id": "control-1", "data": {}})

        # request_state on one widget, then its close.
        msg_id = send_comm(kc, "comm_msg", {"comm_id": image, "data": {"method": "request_state"}})
        state = [m for m in messages_until_idle(kc, msg_id) if m["msg_type"] == "comm_msg"][0]
        assert state["content"]["data"]["method"] == "update" and bytes(state["buffers"][0]) == payload
        messages_until_idle(kc, send_comm(kc, "comm_close", {"comm_id": image, "data": {}}))
        kc.comm_info()
        assert image not in kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]


def test_bad_comm_messages_get_a_log_line_and_never_a_crash(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, log_path):
        opened, _ = open_explorer(kc)
        slider = widgets_named(opened, "FloatSliderModel", "clip %")[0]
        bad = [
            ({"comm_id": "no-such-comm", "data": {"method": "update", "state": {"value": 1}}}, [], "no open comm has the id no-such-comm"),
            ({"comm_id": slider, "data": {"method": "update", "state": {"value": "lots"}}}, [], "cannot be"),
            ({"comm_id": slider, "data": {"method": "update", "state": {"frobnicate": 1}}}, [], "has no key 'frobnicate'"),
            ({"comm_id": slider, "data": {"method": "launch"}}, [], "unknown method 'launch'"),
            ({"comm_id": slider, "data": "not an object"}, [], "data is not a JSON object"),
            ({"comm_id": slider, "data": {"method": "update", "state": {}, "buffer_paths": [["value"]]}},
             [b"\0" * (65 << 20)], "exceed the limit"),
        ]
        for content, buffers, expected in bad:
            msg_id = send_comm(kc, "comm_msg", content, buffers)
            seen = messages_until_idle(kc, msg_id, timeout=60)
            errors = [m["content"]["text"] for m in seen if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"]
            assert errors and expected in errors[0], (expected, errors)
            if content["data"] == {"method": "update", "state": {"value": "lots"}}:
                # The frontend is told the value the kernel kept, so that the slider shows it again.
                corrections = [m["content"]["data"] for m in seen if m["msg_type"] == "comm_msg"]
                assert corrections == [{"method": "update", "buffer_paths": [],
                                        "state": {"value": opened[slider]["content"]["data"]["state"]["value"]}}], corrections
        assert km.is_alive()
        reply, _ = execute(kc, "%echo still here")
        assert reply["content"]["status"] == "ok"
        # The slider kept its value, and the kernel's log names every refusal.
        msg_id = send_comm(kc, "comm_msg", {"comm_id": slider, "data": {"method": "request_state"}})
        state = [m for m in messages_until_idle(kc, msg_id) if m["msg_type"] == "comm_msg"][0]
        assert state["content"]["data"]["state"]["value"] == opened[slider]["content"]["data"]["state"]["value"]
        log = log_path.read_text()
        for _, _, expected in bad:
            assert expected in log, (expected, log[-2000:])


def test_a_comm_to_an_unknown_target_is_closed_and_the_control_target_checks_its_version(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, _):
        for target, metadata in (("no.such.target", {}), ("jupyter.widget.control", {"version": "9.0.0"})):
            msg = kc.session.msg("comm_open", {"comm_id": "x-" + target, "target_name": target, "data": {}})
            msg["metadata"] = metadata
            kc.shell_channel.send(msg)
            closes = [m for m in messages_until_idle(kc, msg["header"]["msg_id"]) if m["msg_type"] == "comm_close"]
            assert [m["content"]["comm_id"] for m in closes] == ["x-" + target]
        kc.comm_info()
        assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"] == {}


def test_an_interrupt_stops_a_computation_running_for_a_widget(tmp_path):
    with kernel_with_log(tmp_path) as (km, kc, _):
        opened, _ = open_explorer(kc)
        method, methods, provenance = method_picker(opened)
        slow = send_comm(kc, "comm_msg", {"comm_id": method, "data": {"method": "update", "state": {"index": methods.index("rise")},
                                                                      "buffer_paths": []}})
        messages_until_idle(kc, slow)
        time.sleep(0.3)
        km.interrupt_kernel()
        status = wait_for(kc, lambda m: m["msg_type"] == "comm_msg"
                          and "interrupted" in str(m["content"]["data"].get("state", {}).get("value", "")), timeout=10)
        assert status["parent_header"]["msg_id"] == slow
        time.sleep(1.0)
        shown = []
        while True:
            try:
                shown.append(shown_method(kc.get_iopub_msg(timeout=0.5), provenance))
            except Exception:
                break
        assert "rise" not in shown, shown
        reply, _ = execute(kc, "%echo the kernel goes on")
        assert reply["content"]["status"] == "ok"
