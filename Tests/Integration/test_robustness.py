"""Malformed input never crashes the kernel: it is logged and dropped, or answered with an error."""
import json

from kernel_clients import RawShell, execute, running_kernel


def test_malformed_frames_json_and_types():
    with running_kernel() as (km, kc):
        raw = RawShell(km)
        session = km.session

        raw.send([b"no delimiter at all"])
        raw.send([b"<IDS|MSG>", b"sig"])

        def signed(parts):
            return [b"<IDS|MSG>", session.sign(parts)] + parts

        raw.send(signed([b"{not json", b"{}", b"{}", b"{}"]))
        raw.send(signed([b"[1, 2]", b"{}", b"{}", b"{}"]))
        header = session.msg_header("execute_request")
        header["date"] = header["date"].isoformat()
        raw.send(signed([json.dumps(header).encode(), b"{}", b"{}", b"42"]))
        assert raw.receive(timeout=1.5) is None

        frames, msg_id = raw.signed_frames("no_such_request")
        raw.send(frames)
        reply = raw.receive()
        assert reply["header"]["msg_type"] == "no_such_reply"
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "UnknownMessageType"

        frames, msg_id = raw.signed_frames("execute_request", {"silent": False})
        raw.send(frames)
        reply = raw.receive()
        assert reply["content"]["status"] == "error"
        assert "code" in reply["content"]["evalue"]

        frames, msg_id = raw.signed_frames("complete_request", {"code": "%ec", "cursor_pos": "three"})
        raw.send(frames)
        assert raw.receive()["content"]["status"] == "error"

        reply, _ = execute(kc, "%echo still here")
        assert reply["content"]["status"] == "ok"
        raw.close()


def test_command_errors_name_the_line_and_suggest():
    with running_kernel() as (km, kc):
        reply, outputs = execute(kc, "a = %echo kept --result\n%sleep 1 --quite\nb = %echo never --result")
        content = reply["content"]
        assert content["status"] == "error"
        assert content["ename"] == "UsageError"
        assert "line 2" in content["evalue"] and "--quiet" in content["evalue"]
        assert [m["msg_type"] for m in outputs] == ["error"]
        _, outputs = execute(kc, "%who")
        listing = outputs[0]["content"]["data"]["text/plain"]
        assert "a\ttext\tkept" in listing and "b\t" not in listing


def test_comms_are_refused_politely():
    with running_kernel() as (km, kc):
        msg_id = kc.comm_info()
        reply = kc.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["comms"] == {}
        msg = km.session.msg("comm_open", {"comm_id": "c1", "target_name": "widgets", "data": {}})
        kc.shell_channel.send(msg)
        while True:
            out = kc.get_iopub_msg(timeout=10)
            if out["msg_type"] == "comm_close":
                assert out["content"]["comm_id"] == "c1"
                break
