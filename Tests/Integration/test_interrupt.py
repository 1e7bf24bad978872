"""A long command keeps the kernel responsive: heartbeat, control and interrupts all work during it."""
import signal
import time

import zmq

from kernel_clients import execute, running_kernel, wait_for_output


def start_long_sleep(kc):
    execute(kc, "kept = %echo safe --result")
    msg_id = kc.execute("undone = %echo line-one --result\nlost = %sleep 60")
    wait_for_output(kc, msg_id, "display_data")  # the progress bar: the sleep is under way
    return msg_id


def finishes_with_keyboard_interrupt(kc, msg_id, started):
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - started < 10
    error = wait_for_output(kc, msg_id, "error")
    assert error["content"]["ename"] == "KeyboardInterrupt"
    status = wait_for_output(kc, msg_id, "status")
    while status["content"]["execution_state"] != "idle":
        status = wait_for_output(kc, msg_id, "status")


def workspace_is_intact(kc):
    reply, outputs = execute(kc, "%who")
    assert reply["content"]["status"] == "ok"
    listing = outputs[0]["content"]["data"]["text/plain"]
    # As before the interrupted cell: its finished first line is undone too.
    assert listing.startswith("kept\ttext\tsafe") and "lost" not in listing and "undone" not in listing


def test_interrupt_request_during_long_command():
    with running_kernel() as (km, kc):
        started = time.monotonic()
        msg_id = start_long_sleep(kc)
        km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on control
        finishes_with_keyboard_interrupt(kc, msg_id, started)
        workspace_is_intact(kc)


def test_sigint_during_long_command():
    with running_kernel() as (km, kc):
        started = time.monotonic()
        msg_id = start_long_sleep(kc)
        km.signal_kernel(signal.SIGINT)
        finishes_with_keyboard_interrupt(kc, msg_id, started)
        workspace_is_intact(kc)


def test_heartbeat_and_control_answer_during_long_command():
    with running_kernel() as (km, kc):
        msg_id = start_long_sleep(kc)
        info = km.get_connection_info()

        heartbeat = zmq.Context.instance().socket(zmq.REQ)
        heartbeat.linger = 0
        heartbeat.connect(f"tcp://{info['ip']}:{info['hb_port']}")
        for ping in (b"ping-1", b"ping-2"):
            heartbeat.send(ping)
            assert heartbeat.poll(1000), "heartbeat did not answer while a cell runs"
            assert heartbeat.recv() == ping
        heartbeat.close()

        request = kc.session.msg("kernel_info_request")
        kc.control_channel.send(request)
        reply = kc.control_channel.get_msg(timeout=2)
        assert reply["parent_header"]["msg_id"] == request["header"]["msg_id"]
        assert reply["content"]["protocol_version"] == "5.4"

        km.interrupt_kernel()
        assert kc.get_shell_msg(timeout=10)["content"]["ename"] == "KeyboardInterrupt"


def test_a_computation_shows_its_time_left_and_stops_within_a_second_of_the_interrupt():
    """Not a sleep but attribution work: RISE polls the cancellation flag between its batches of masks."""
    with running_kernel() as (km, kc):
        execute(kc, "net = %model zoo shapes-cnn\nimg = %data shapes --index 1\nkept = %echo safe --result")
        msg_id = kc.execute("lost = %saliency rise img --samples 100000")
        # The bar appears after half a second; its updates name the stage and the time left.
        update = wait_for_output(kc, msg_id, "update_display_data")
        while "left" not in update["content"]["data"]["text/plain"]:
            update = wait_for_output(kc, msg_id, "update_display_data")
        assert update["content"]["data"]["text/plain"].startswith("rise")
        assert update["content"]["metadata"]["progress"] is True
        interrupted = time.monotonic()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=10)
        stopped = time.monotonic() - interrupted
        assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["ename"] == "KeyboardInterrupt"
        assert stopped < 1, f"the computation took {stopped:.2f} s to stop"
        _, outputs = execute(kc, "%who")
        listing = outputs[0]["content"]["data"]["text/plain"]
        assert "kept" in listing and "img" in listing and "lost" not in listing
