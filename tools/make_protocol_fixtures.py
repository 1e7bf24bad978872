#!/usr/bin/env python3
"""Reference data for the JupyterKernel unit tests, made by jupyter_client itself.

Writes Tests/JupyterKernelTests/Fixtures/protocol.json: an HMAC-SHA256 digest from Python's hmac,
a message serialized and signed by jupyter_client's Session, and connection files (tcp with curve
keys, ipc) written by jupyter_client.connect.write_connection_file.
Run by hand with the test venv: .venv/bin/python tools/make_protocol_fixtures.py
"""
import base64
import hashlib
import hmac
import json
import pathlib
import tempfile

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "JupyterKernelTests" / "Fixtures" / "protocol.json"


def connection_file(**options):
    with tempfile.TemporaryDirectory() as folder:
        path, _ = write_connection_file(fname=f"{folder}/kernel.json", **options)
        return pathlib.Path(path).read_text()


def main():
    key = "a0436f6c-1916-498b-8eb9-e81ab9368e84"
    parts = [b'{"msg_type":"execute_request"}', b"{}", b"{}", b'{"code":"%who"}']
    digest = hmac.new(key.encode(), b"".join(parts), hashlib.sha256).hexdigest()

    session = Session(key=key.encode(), username="student", session="fixture-session")
    message = session.msg("execute_request", {"code": "%echo hi", "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False})
    frames = session.serialize(message, ident=[b"client-identity"])

    public, secret = zmq.curve_keypair()
    fixture = {
        "hmac": {"key": key, "parts": [p.decode() for p in parts], "hexdigest": digest},
        "signed_message": {
            "key": key,
            "frames_base64": [base64.b64encode(f).decode() for f in frames],
            "msg_id": message["header"]["msg_id"],
            "msg_type": "execute_request",
            "session": "fixture-session",
            "username": "student",
            "code": "%echo hi",
        },
        "connection_tcp_curve": connection_file(
            ip="127.0.0.1", key=key.encode(), shell_port=50001, iopub_port=50002, stdin_port=50003,
            hb_port=50004, control_port=50005, curve_publickey=public, curve_secretkey=secret),
        "connection_ipc": connection_file(transport="ipc", ip="/tmp/saliency-kernel-test", key=b""),
        "curve_publickey": public.decode(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")


if __name__ == "__main__":
    main()
