#!/usr/bin/env python3
"""Where the importer stands on the exporter zoo: one line per file with whether it loads, its logits and
input-gradient differences from the references, Grad-CAM's default layer and the first error, then what
the failing files need. Needs only the Python standard library:

    swift build -c release --build-tests
    python3 tools/report_exporter_zoo.py              # Tests/ONNXTests/Fixtures/exporters
    python3 tools/report_exporter_zoo.py --heldout    # the held-out part: once, at the end of the work
    python3 tools/report_exporter_zoo.py --markdown   # the table as Markdown, for a report

It runs `swift test -c release --skip-build --filter ExporterZoo` (ExporterZooTests and ExporterZooCAMTests,
with EXPORTER_ZOO_SPLIT for the held-out part) and reads the issues the tests record, each of which starts
with the file's name, and the lines they print ("exporter zoo: <file> logits difference <d>", "… gradient
difference <d>", "… default CAM layer <name>"). A test process that crashes is rerun one file at a time
(EXPORTER_ZOO_FIXTURES), so a crash is charged to its file.
The "needs" lines are read from the manifest, not from the run: the file's operators that neither
Sources/ONNX/Operators/OperatorTable.swift nor Sources/ONNX/Folding/ShapeArithmetic.swift names, an opset
outside ONNXModel.supportedOpsets, external data, a fixed batch, symbolic height and width.
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "ONNXTests" / "Fixtures"
ISSUE = re.compile(r"^↳ (?P<name>[\w.\-]+/[\w.\-]+): (?P<message>.*)")
MEASURED = re.compile(r"^exporter zoo: (?P<name>[\w.\-]+/[\w.\-]+) (?P<what>logits difference|gradient difference|"
                      r"default CAM layer) (?P<value>.*)$")
CHECKS = {"does not load": "loads", "logits": "logits", "forward fails": "logits", "input gradient": "gradient",
          "gradient fails": "gradient", "loads, but should be refused": "refusal", "refused, but": "refusal"}


def known_operators():
    """The operators the importer names: its operator table, and the shape arithmetic it folds at load
    time (those only where their inputs are constants), plus Shape and Size, which it reads itself."""
    sources = [ROOT / "Sources" / "ONNX" / "Operators" / "OperatorTable.swift",
               ROOT / "Sources" / "ONNX" / "Folding" / "ShapeArithmetic.swift"]
    return {"Shape", "Size"}.union(*(re.findall(r'"(\w+)":', path.read_text()) for path in sources if path.exists()))


def supported_opsets():
    source = (ROOT / "Sources" / "ONNX" / "ONNXModel.swift").read_text()
    low, high = re.search(r"supportedOpsets = (\d+)\.\.\.(\d+)", source).groups()
    return int(low), int(high)


def needs(entry, operators, opsets):
    wanted = [op for op in entry["operators"] if op not in operators]
    features = []
    if not opsets[0] <= entry["opset"] <= opsets[1]:
        features.append(f"opset {entry['opset']}")
    if entry.get("external_data"):
        features.append("external data")
    if entry["batch"] != "dynamic":
        features.append(f"batch fixed at {entry['batch']}")
    if entry.get("load_input_shape"):
        features.append("symbolic H×W")
    return wanted, features


def run_tests(split, only=None):
    """The test output and whether the process ended normally."""
    environment = os.environ | {"EXPORTER_ZOO_SPLIT": split}
    if only:
        environment["EXPORTER_ZOO_FIXTURES"] = ",".join(only)
    result = subprocess.run(["swift", "test", "-c", "release", "--skip-build", "--filter",
                             "ExporterZoo"],
                            cwd=ROOT, env=environment, capture_output=True, text=True)
    output = result.stdout + result.stderr
    finished = re.search(r"Test run with \d+ tests? .*(passed|failed|issues?)", output) is not None
    return output, finished


def issues(output):
    """(file name, check) → first message, from the issue lines the tests record: swift-testing prints each
    issue's comment on a line of its own, "↳ <file>: <message>"."""
    found = {}
    for line in output.splitlines():
        match = ISSUE.match(line)
        if match is None:
            continue
        check = next((value for key, value in CHECKS.items() if match["message"].startswith(key)), None)
        if check:
            found.setdefault((match["name"], check), match["message"])
    return found


def measured(output):
    """(file name, "logits difference" | "gradient difference" | "default CAM layer") → the printed value."""
    return {(match["name"], match["what"]): match["value"] for match in map(MEASURED.match, output.splitlines()) if match}


def number(value):
    return "—" if value is None else f"{float(value):.1e}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="the held-out part (once, at the end)")
    parser.add_argument("--markdown", action="store_true")
    arguments = parser.parse_args()
    split = "exporters-heldout" if arguments.heldout else "exporters"
    manifest = json.loads((FIXTURES / split / "manifest.json").read_text())
    output, finished = run_tests(split)
    found, values = issues(output), measured(output)
    crashed = []
    if not finished:
        print("the test process did not finish; running the files one by one", file=sys.stderr)
        found, values = {}, {}
        for entry in manifest:
            single, ok = run_tests(split, [entry["name"]])
            found |= issues(single)
            values |= measured(single)
            if not ok:
                crashed.append(entry["name"])
    operators, opsets = known_operators(), supported_opsets()
    rows, counts = [], {"files": 0, "loads": 0, "logits": 0, "gradient": 0}
    for entry in manifest:
        name = entry["name"]
        counts["files"] += 1
        if entry["expect"] == "refused":
            refused_ok = (name, "refusal") not in found and name not in crashed
            rows.append((name, entry["exporter"], entry["opset"], "refused ok" if refused_ok else "NOT refused right",
                         "", "", "", "", "", found.get((name, "refusal"), ""), "", ""))
            continue
        loads = (name, "loads") not in found and name not in crashed
        logits = loads and (name, "logits") not in found
        gradient = "—" if not entry.get("input_gradient") else ("yes" if loads and (name, "gradient") not in found else "no")
        counts["loads"] += loads
        counts["logits"] += logits
        counts["gradient"] += gradient == "yes"
        error = "crashed" if name in crashed else next((found[(name, check)] for check in ("loads", "logits", "gradient")
                                                         if (name, check) in found), "")
        wanted, features = needs(entry, operators, opsets)
        rows.append((name, entry["exporter"], entry["opset"], "yes" if loads else "no", "yes" if logits else "no",
                     gradient, number(values.get((name, "logits difference"))),
                     number(values.get((name, "gradient difference"))), values.get((name, "default CAM layer"), "—"),
                     error, " ".join(wanted), ", ".join(features)))
    if arguments.markdown:
        header = ("file", "exporter", "opset", "loads", "logits error", "gradient error", "Grad-CAM default layer")
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            logits_error = row[6] + ("" if row[4] in ("yes", "") or row[6] == "—" else " ✗")
            gradient_error = row[7] + (" ✗" if row[5] == "no" and row[7] != "—" else "")
            cells = (row[0], row[1], row[2], row[3], logits_error, gradient_error, f"`{row[8]}`" if row[8] else "")
            print("| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |")
    else:
        for row in rows:
            print(f"{row[0]:52} {row[1][:12]:12} {row[2]:>3} {row[3]:>4} {row[6]:>8} {row[7]:>8}  {row[8][:40]:40} {row[9][:80]}")
            if row[10] or row[11]:
                print(f"{'':52} needs: {row[10]}{' | ' if row[10] and row[11] else ''}{row[11]}")
    print(f"\n{split}: {counts['files']} files; load {counts['loads']}, logits ok {counts['logits']}, "
          f"gradient ok {counts['gradient']}" + (f"; crashed: {', '.join(crashed)}" if crashed else ""))
    failing = [row for row in rows if "no" in row[3:6] or row[3] == "NOT refused right"]
    wanted = Counter(op for row in failing for op in row[10].split())
    features = Counter(re.sub(r"\d+", "N", feature) for row in failing for feature in row[11].split(", ") if feature)
    print(f"what the {len(failing)} failing files need (a file can need several):")
    print("  operators: " + ", ".join(f"{op} {count}" for op, count in wanted.most_common()))
    print("  features: " + ", ".join(f"{feature} {count}" for feature, count in features.most_common()))


if __name__ == "__main__":
    main()
