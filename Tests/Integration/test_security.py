"""Signed messages, replay protection, CurveZMQ: a message the kernel cannot trust is dropped."""
import zmq

from kernel_clients import RawShell, execute, running_kernel


def test_bad_signature_is_dropped_and_kernel_keeps_serving():
    with running_kernel() as (km, kc):
        raw = RawShell(km)
        frames, _ = raw.signed_frames("execute_request", {"code": "x = %echo pwned --result", "silent": False})
        signature_at = frames.index(b"<IDS|MSG>") + 1
        frames[signature_at] = b"0" * len(frames[signature_at])
        raw.send(frames)
        assert raw.receive() is None
        missing = list(frames)
        missing[signature_at] = b""
        raw.send(missing)
        assert raw.receive() is None
        reply, outputs = execute(kc, "%who")
        assert reply["content"]["status"] == "ok"
        assert "pwned" not in str(outputs)
        raw.close()


def test_replayed_message_is_dropped():
    with running_kernel() as (km, kc):
        raw = RawShell(km)
        frames, msg_id = raw.signed_frames("kernel_info_request")
        raw.send(frames)
        first = raw.receive()
        assert first is not None and first["parent_header"]["msg_id"] == msg_id
        raw.send(frames)
        assert raw.receive() is None
        fresh, fresh_id = raw.signed_frames("kernel_info_request")
        raw.send(fresh)
        assert raw.receive()["parent_header"]["msg_id"] == fresh_id
        raw.close()


def test_curve_encryption_required():
    assert zmq.has("curve")
    with running_kernel(transport_encryption="required") as (km, kc):
        info = km.get_connection_info()
        assert len(info["curve_publickey"]) == 40 and len(info["curve_secretkey"]) == 40
        reply, outputs = execute(kc, "%echo over curve")
        assert reply["content"]["status"] == "ok"
        assert outputs[0]["content"]["text"] == "over curve\n"
        assert kc.is_alive()

        # A client without the server key completes no handshake, so gets no reply.
        plain = zmq.Context.instance().socket(zmq.DEALER)
        plain.linger = 0
        plain.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        plain.send_multipart(km.session.serialize(km.session.msg("kernel_info_request", {})))
        assert not plain.poll(1500)
        plain.close()

        # A curve client that knows the server key is answered.
        raw = RawShell(km)
        frames, msg_id = raw.signed_frames("kernel_info_request")
        raw.send(frames)
        assert raw.receive(timeout=5)["parent_header"]["msg_id"] == msg_id
        raw.close()
