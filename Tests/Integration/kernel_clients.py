"""Helpers that talk to the kernel the way a Jupyter client does, and the way an attacker might:
raw ZeroMQ sockets with hand-made (or hand-broken) signatures."""
import contextlib
import json

import zmq
from jupyter_client.manager import KernelManager

TIMEOUT = 10


@contextlib.contextmanager
def running_kernel(**manager_options):
    """A started saliency kernel and a ready blocking client; shut down afterwards."""
    km = KernelManager(kernel_name="saliency", **manager_options)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def execute(kc, code, timeout=TIMEOUT):
    """Runs a cell; returns the execute_reply and the IOPub messages that belong to it."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return reply, outputs
        if msg["msg_type"] not in ("status", "execute_input"):
            outputs.append(msg)


def wait_for_output(kc, msg_id, msg_type, timeout=TIMEOUT):
    """Waits for the first IOPub message of `msg_type` caused by request `msg_id`."""
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == msg_type:
            return msg


class RawShell:
    """A DEALER socket on the kernel's shell port that sends frames exactly as given."""

    def __init__(self, km, channel="shell"):
        info = km.get_connection_info()
        self.session = km.session
        self.socket = zmq.Context.instance().socket(zmq.DEALER)
        self.socket.linger = 0
        if info.get("curve_publickey"):
            public, secret = zmq.curve_keypair()
            self.socket.curve_publickey, self.socket.curve_secretkey = public, secret
            self.socket.curve_serverkey = info["curve_publickey"].encode()
        if info["transport"] == "tcp":
            self.socket.connect(f"tcp://{info['ip']}:{info[channel + '_port']}")
        else:
            self.socket.connect(f"ipc://{info['ip']}-{info[channel + '_port']}")

    def signed_frames(self, msg_type, content=None):
        """The wire frames of a correctly signed request (after the delimiter's position)."""
        msg = self.session.msg(msg_type, content or {})
        return self.session.serialize(msg), msg["header"]["msg_id"]

    def send(self, frames):
        self.socket.send_multipart(frames)

    def receive(self, timeout=2.0):
        """The decoded reply, or None when the kernel stays silent for `timeout` seconds."""
        if not self.socket.poll(int(timeout * 1000)):
            return None
        frames = self.socket.recv_multipart()
        split = frames.index(b"<IDS|MSG>")
        return {
            "header": json.loads(frames[split + 2]),
            "parent_header": json.loads(frames[split + 3]),
            "content": json.loads(frames[split + 5]),
        }

    def close(self):
        self.socket.close()
