#!/usr/bin/env bash
# Regenerates Sources/ONNX/Generated/onnx.pb.swift from the onnx.proto that ships in the `onnx` PyPI
# package. Run by hand when moving to a newer onnx.proto; CI and `make test` never run it (the plugin
# takes ~10 minutes to build, so the generated file is committed).
#
# How the committed file was made (2026-11-23):
#   - protoc 3.21.12 from Debian 12's `protobuf-compiler` (apt-get install protobuf-compiler)
#   - protoc-gen-swift from swift-protobuf 1.39.0, the version Package.swift depends on:
#       git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#       git -C /tmp/swift-protobuf checkout 1.39.0
#       (cd /tmp/swift-protobuf && swift build -c release --product protoc-gen-swift)
#   - onnx.proto from `pip install onnx==1.23.2` (proto2 syntax, package onnx, IR version 14)
#
# Usage: tools/generate_onnx_proto.sh [PLUGIN] [ONNX_PROTO]
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
PLUGIN=${1:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}
PROTO=${2:-$(python3 -c 'import onnx, os; print(os.path.join(os.path.dirname(onnx.__file__), "onnx.proto"))')}
OUT="$REPO/Sources/ONNX/Generated"

[ -x "$PLUGIN" ] || { echo "protoc-gen-swift not found at $PLUGIN (see the comment above)" >&2; exit 1; }
[ -f "$PROTO" ] || { echo "onnx.proto not found at $PROTO" >&2; exit 1; }
command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }

mkdir -p "$OUT"
# Public visibility: the message types appear in the ONNX module's API (e.g. to inspect a model).
protoc --plugin=protoc-gen-swift="$PLUGIN" \
       --proto_path="$(dirname "$PROTO")" \
       --swift_opt=Visibility=Public \
       --swift_out="$OUT" \
       "$(basename "$PROTO")"
echo "wrote $OUT/onnx.pb.swift from $PROTO"
