"""The workbench commands end to end through `saliency-kernel run`, checked against onnxruntime
(logits, finite-difference gradients), the files they write and the errors they give."""
import hashlib
import json
import os
import pathlib
import subprocess

import numpy as np
import onnx
import onnxruntime
import pytest

KERNEL = os.environ["SALIENCY_KERNEL"]
ROOT = pathlib.Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "shapes-cnn.onnx"


def run(code, cwd, check=True):
    result = subprocess.run([KERNEL, "run", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def session():
    return onnxruntime.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])


def test_predict_raw_logits_match_onnxruntime(tmp_path, session):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 7\n%save img x.npy\n"
        "logits = %predict img --raw\n%save logits logits.npy", tmp_path)
    image = np.load(tmp_path / "x.npy")
    (expected,) = session.run(None, {session.get_inputs()[0].name: image})
    np.testing.assert_allclose(np.load(tmp_path / "logits.npy"), expected, rtol=1e-4, atol=1e-4)
    sidecar = json.loads((tmp_path / "logits.npy.json").read_text())
    assert sidecar["method"] == "logits" and sidecar["image_sha256"] and sidecar["model_sha256"]


def test_gradient_map_matches_finite_differences_of_onnxruntime(tmp_path, session):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 3\n%save img x.npy\n"
        "g = %saliency gradient img --target 3 --signed\n%save g g.npy\n"
        "m = %saliency gradient img --target 3\n%save m m.npy", tmp_path)
    image = np.load(tmp_path / "x.npy").astype(np.float64)
    gradient = np.load(tmp_path / "g.npy")
    assert gradient.shape == image.shape
    # Without --signed, the map is the gradient's magnitude (Captum's Saliency, abs=True).
    assert gradient.min() < 0 and np.array_equal(np.load(tmp_path / "m.npy"), np.abs(gradient))
    assert json.loads((tmp_path / "g.npy.json").read_text())["display"]["sign"] == "all"
    name = session.get_inputs()[0].name
    rng = np.random.default_rng(0)
    strongest = np.argsort(np.abs(gradient).ravel())[-5:]
    for flat in list(strongest) + list(rng.integers(0, image.size, 5)):
        step = np.zeros_like(image)
        step.flat[flat] = 2e-3
        up = session.run(None, {name: (image + step).astype(np.float32)})[0][0, 3]
        down = session.run(None, {name: (image - step).astype(np.float32)})[0][0, 3]
        # Central differences across ReLU and max-pool kinks are exact only to a few per cent.
        assert abs((up - down) / 4e-3 - gradient.flat[flat]) <= 5e-2 * max(1.0, np.abs(gradient).max())


def test_deeplift_sums_to_the_score_change_onnxruntime_measures(tmp_path, session):
    """On shapes-cnn (conv, BatchNorm, ReLU, max pooling, global max pooling, linear) DeepLIFT's rules make
    the map sum to f(x) − f(black), and the provenance says by how much it misses."""
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 3\n%save img x.npy\n"
        "d = %saliency deeplift img --target 3\n%save d d.npy\ng = %saliency inputxgradient img --target 3\n%save g g.npy",
        tmp_path)
    image = np.load(tmp_path / "x.npy")
    name = session.get_inputs()[0].name
    change = (session.run(None, {name: image})[0][0, 3]
              - session.run(None, {name: np.zeros_like(image)})[0][0, 3])
    attributions = np.load(tmp_path / "d.npy")
    assert abs(change) > 1
    assert abs(attributions.sum(dtype=np.float64) - change) <= 1e-3 * abs(change)
    # Input × gradient, DeepLIFT's one-point cousin, misses the sum on this nonlinear network.
    assert abs(np.load(tmp_path / "g.npy").sum(dtype=np.float64) - change) > 1e-2 * abs(change)
    parameters = json.loads((tmp_path / "d.npy.json").read_text())["parameters"]
    assert parameters["baseline"] == "zeros" and abs(float(parameters["convergence_delta"])) <= 1e-3 * abs(change)


def test_agnostic_maps_can_draw_their_samples_from_images(tmp_path):
    run("net = %model zoo shapes-cnn\nscenes = %data shapes --count 8 --split validation\n"
        "a = %agnostic star --iterations 4 --restarts 1 --batch 4\n%save a noise.npy\n"
        "b = %agnostic star --iterations 4 --restarts 1 --batch 4 --from scenes\n%save b scenes.npy", tmp_path)
    recorded = {name: json.loads((tmp_path / f"{name}.npy.json").read_text())["parameters"] for name in ("noise", "scenes")}
    assert recorded["noise"]["distribution"] == "uniform" and "samples_sha256" not in recorded["noise"]
    assert recorded["scenes"]["distribution"] == "images(8)" and len(recorded["scenes"]["samples_sha256"]) == 64
    noise, scenes = np.load(tmp_path / "noise.npy"), np.load(tmp_path / "scenes.npy")
    assert noise.shape == scenes.shape and np.abs(noise - scenes).max() > 1e-3


def test_a_scan_compared_with_its_baseline_scores_the_rise_above_it_and_needs_the_same_settings(tmp_path):
    scan = ("net = %model zoo shapes-cnn\nfew = %data shapes --count 4 --split validation\n"
            "ref = %backdoor scan --images few --iterations 2 --restarts 1 --batch 2 --score fooling-rate\n")
    run(scan + "same = %backdoor scan --images few --iterations 2 --restarts 1 --batch 2 --score fooling-rate "
               "--baseline ref\n%save ref ref.json\n%save same same.json", tmp_path)
    reference, same = (json.loads((tmp_path / f"{name}.json").read_text()) for name in ("ref", "same"))
    # Scanned against itself, every class rises by exactly nothing.
    assert same["baseline"] == reference["all_scores"]["fooling-rate"] == same["all_scores"]["fooling-rate"]
    assert same["scores"] == [0] * 10 and same["backdoored"] is False and same["provenance"]["baseline"] == "ref"
    for line, message in [("--iterations 3 --baseline ref", "iterations 2 there, 3 here"),
                          ("--iterations 2 --baseline net", "'net' is a model, not a backdoor scan"),
                          ("--iterations 2 --baseline few", "not a backdoor scan")]:
        result = run(scan + f"%backdoor scan --images few --restarts 1 --batch 2 --score fooling-rate {line}", tmp_path, check=False)
        assert result.returncode != 0 and message in result.stderr, result.stderr
    other = run(scan + "more = %data shapes --count 5 --split validation\n"
                       "%backdoor scan --images more --iterations 2 --restarts 1 --batch 2 --score fooling-rate --baseline ref",
                tmp_path, check=False)
    assert other.returncode != 0 and "other held-out images" in other.stderr, other.stderr


def test_the_verdict_against_the_model_itself_reads_no_difference_and_neural_cleanse_runs_beside_it(tmp_path):
    setup = "net = %model zoo shapes-cnn\ntwin = %model zoo shapes-cnn\nfew = %data shapes --count 8 --split validation\n"
    run(setup + "v = %backdoor scan --images few --iterations 2 --batch 2\n%save v alone.json\n"
                "w = %backdoor scan --images few --iterations 2 --batch 2 --reference twin\n%save w twin.json\n"
                "n = %backdoor scan --images few --method neural-cleanse --steps 10 --batch 4\n%save n cleanse.json", tmp_path)
    alone, twin, cleanse = (json.loads((tmp_path / f"{name}.json").read_text()) for name in ("alone", "twin", "cleanse"))
    assert len(alone["scores"]) == 10 and len(alone["readings"]) == 15 and alone["suspect"] in range(10)
    assert alone["anomaly"] == max(alone["scores"]) and alone["backdoored"] == (alone["anomaly"] > alone["threshold"])
    # The same maps, measured on the model and on its twin: every perturbation fools both alike.
    for name, reading in twin["readings"].items():
        assert reading["rates"] == alone["readings"][name]["rates"] == reading["reference_rates"], name
    assert twin["scores"] == [0] * 10 and twin["backdoored"] is False and twin["provenance"]["reference"] == "twin"
    assert len(cleanse["mask_norms"]) == 10 and cleanse["provenance"]["method"] == "neural-cleanse"
    for line, message in [("", "needs held-out clean images"), ("--images few --method magic", "verdict, neural-cleanse"),
                          ("--images few --reference few", "'few' is not a model")]:
        result = run(setup + f"%backdoor scan {line}", tmp_path, check=False)
        assert result.returncode != 0 and message in result.stderr, result.stderr


def test_save_writes_provenance_and_refuses_to_overwrite(tmp_path):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 1\nig = %saliency ig img --steps 8\n%save ig out/ig.png\n"
        "cam = %saliency gradcam img\n%save cam out/cam.npy", tmp_path)
    # The layer a CAM used by default is named, not described.
    assert json.loads((tmp_path / "out" / "cam.npy.json").read_text())["parameters"]["layer"] == "relu4"
    sidecar = json.loads((tmp_path / "out" / "ig.png.json").read_text())
    assert sidecar["model_sha256"] == hashlib.sha256(MODEL.read_bytes()).hexdigest()
    assert sidecar["method"] == "ig" and sidecar["parameters"]["steps"] == "8"
    assert sidecar["input_shape"] == [3, 64, 64] and sidecar["normalization"] == {"mean": [0], "std": [1]}
    assert (tmp_path / "out" / "ig.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = run("net = %model zoo shapes-cnn\nimg = %data shapes --index 1\nig = %saliency ig img --steps 8\n%save ig out/ig.png",
                tmp_path, check=False)
    assert again.returncode != 0 and "--force" in again.stderr
    # How the picture was drawn is recorded too, so that it can be drawn again.
    assert sidecar["display"] == {"sign": "all", "colormap": "coolwarm", "clip_percent": 2, "overlay": True, "alpha": 0.55}
    # A sidecar left from an earlier save is not replaced behind the user's back either.
    (tmp_path / "out" / "ig.png").unlink()
    orphan = run("net = %model zoo shapes-cnn\nimg = %data shapes --index 1\nig = %saliency ig img --steps 8\n%save ig out/ig.png",
                 tmp_path, check=False)
    assert orphan.returncode != 0 and "ig.png.json exists" in orphan.stderr and not (tmp_path / "out" / "ig.png").exists()


def test_same_commands_give_identical_bytes(tmp_path):
    code = ("net = %model zoo shapes-cnn\nimg = %data shapes --index 2\n"
            "s = %saliency smoothgrad img --samples 8\n%save s {}.png\n%save s {}.npy")
    run(code.format("a", "a"), tmp_path)
    run(code.format("b", "b"), tmp_path)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert (tmp_path / "a.npy").read_bytes() == (tmp_path / "b.npy").read_bytes()


def test_set_changes_the_session_defaults_and_an_option_on_the_line_still_wins(tmp_path):
    start = "net = %model zoo shapes-cnn\nimg = %data shapes --index 2\n"
    run(start + "a = %saliency smoothgrad img --samples 4 --seed 7\n%save a a.npy\n"
        "e = %saliency gradient img\n%show e --cmap gray\n%save e e.png\n"
        "%set seed 7\n%set threads 1\n%set memory 64M\n%set cmap gray\n"
        "b = %saliency smoothgrad img --samples 4\n%save b b.npy\n"
        "c = %saliency smoothgrad img --samples 4 --seed 0\n%save c c.npy\n"
        "d = %saliency gradient img\n%save d d.png", tmp_path)
    a, b, c = (np.load(tmp_path / f"{name}.npy") for name in "abc")
    # One thread and a small chunk budget change neither the noise drawn nor the arithmetic.
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, c)
    assert json.loads((tmp_path / "b.npy.json").read_text())["parameters"]["seed"] == "7"
    assert (tmp_path / "d.png").read_bytes() == (tmp_path / "e.png").read_bytes()
    listing = run("%set seed 3\n%set threads 1\n%set threads default\n%set", tmp_path).stdout
    assert "seed\t3" in listing and f"threads\t{os.cpu_count()}" in listing


def test_a_folder_of_pictures_loads_as_one_set_that_compare_takes_whole(tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "notes.txt").write_text("not a picture")
    run("net = %model zoo shapes-cnn\n" + "".join(f"i = %data shapes --index {k}\n%save i pics/{k}.png\n" for k in (2, 0, 1)), tmp_path)
    run("net = %model zoo shapes-cnn\npics = %image load pics --label star\n%save pics set.npy\n"
        "one = %image load pics/1.png\n%save one one.npy\n"
        "c = %compare gradient,gradcam pics\n%save c c.json", tmp_path)
    batch = np.load(tmp_path / "set.npy")
    assert batch.shape == (3, 3, 64, 64)
    # The set holds the pictures in file-name order, each prepared as a single load prepares it.
    np.testing.assert_array_equal(batch[1:2], np.load(tmp_path / "one.npy"))
    sidecar = json.loads((tmp_path / "set.npy.json").read_text())
    assert [image["image"] for image in sidecar["images"]] == ["0.png", "1.png", "2.png"]
    compared = json.loads((tmp_path / "c.json").read_text())["provenance"]
    assert compared["images"] == ["0.png", "1.png", "2.png"] and len(set(compared["image_sha256"])) == 3
    failed = run("net = %model zoo shapes-cnn\npics = %image load pics\n%saliency gradient pics", tmp_path, check=False)
    assert failed.returncode != 0 and "works on one image and was given 3" in failed.stderr


def test_data_count_gives_a_set_of_the_scenes_single_loads_give(tmp_path):
    run("net = %model zoo shapes-cnn\nstars = %data shapes --class star --index 2 --count 3\n%save stars set.npy\n"
        "third = %data shapes --class star --index 4\n%save third one.npy", tmp_path)
    batch = np.load(tmp_path / "set.npy")
    assert batch.shape == (3, 3, 64, 64)
    np.testing.assert_array_equal(batch[2:3], np.load(tmp_path / "one.npy"))
    sources = [image["image"] for image in json.loads((tmp_path / "set.npy.json").read_text())["images"]]
    assert sources == ["shapes test #23", "shapes test #33", "shapes test #43"]
    # An array of several images comes back as a set, as is; --item takes one of them.
    run("net = %model zoo shapes-cnn\nback = %image load set.npy\n%save back back.npy\n"
        "one = %image load set.npy --item 2\n%save one item.npy", tmp_path)
    np.testing.assert_array_equal(np.load(tmp_path / "back.npy"), batch)
    np.testing.assert_array_equal(np.load(tmp_path / "item.npy"), batch[2:3])


def test_pointing_game_uses_the_tolerance_it_is_given(tmp_path):
    maps = ",".join(f"m{k}" for k in range(10))
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 6\n"
        + "".join(f"m{k} = %saliency gradient img --target {k}\n" for k in range(10))
        + "".join(f"p = %eval pointing {maps}{option}\n%save p {name}.json\n"
                  for name, option in (("zero", " --tolerance 0"), ("default", ""), ("wide", " --tolerance 100"))), tmp_path)
    saved = {name: json.loads((tmp_path / f"{name}.json").read_text()) for name in ("zero", "default", "wide")}
    tolerances = {name: value["provenance"]["tolerance"] for name, value in saved.items()}
    assert tolerances == {"zero": 0, "default": pytest.approx(15 * 64 / 224), "wide": 100}
    hits = {name: sum(r["hit"] for r in value["results"]) for name, value in saved.items()}
    # 100 pixels reach every pixel of a 64×64 scene from the object; a wider tolerance never hits less.
    assert hits["wide"] == 10 and hits["zero"] <= hits["default"] <= hits["wide"]


def test_compare_puts_maps_already_made_side_by_side(tmp_path):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 5\nfew = %saliency ig img --steps 4\n"
        "many = %saliency ig img --steps 64\nc = %compare few,many\n%save c c.json\n%save c c.png", tmp_path)
    maps = json.loads((tmp_path / "c.json").read_text())["provenance"]["maps"]
    assert [m["parameters"]["steps"] for m in maps] == ["4", "64"]
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    failed = run("net = %model zoo shapes-cnn\nimg = %data shapes\n%compare gradient", tmp_path, check=False)
    assert failed.returncode != 0 and "an image" in failed.stderr


def test_each_method_of_a_comparison_takes_its_own_options(tmp_path):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 5\n"
        "c = %compare ig,lrp img --steps 8 --integration riemann_trapezoid --rule epsilon\n%save c c.json", tmp_path)
    methods = json.loads((tmp_path / "c.json").read_text())["provenance"]["methods"]
    assert methods["ig"]["steps"] == "8" and methods["ig"]["method"] == "riemann_trapezoid"  # Captum calls it method
    assert methods["lrp"]["composite"] == "epsilon"


@pytest.mark.parametrize("code, message", [
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%saliency gradeint img", "did you mean gradient"),
    ("net = %model zoo shapes-cnn\n%saliency gradient imgg", "no value named 'imgg'"),
    ("%model zoo shapes-rnn", "did you mean shapes-cnn"),
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%saliency gradcam img --layer conv9", "relu4"),
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%saliency layercam img --layer rellu3", "did you mean relu3"),
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%saliency gradient img --target circel", "did you mean circle"),
    ("%model load /nonexistent/model.onnx", "cannot read"),
    ("%image load /etc/hostname", "no model is loaded"),
    ("net = %model zoo shapes-cnn\n%image load /etc/hostname", "cannot load"),
    ("net = %model zoo shapes-cnn\n%image load /proc/sys", "no PNG or JPEG pictures"),
    ("%set thread 1", "did you mean threads"),
    ("%set cmap virdis", "did you mean viridis"),
    ("%set threads 0", "from 1 to"),
    ("%set memory lots", "as 512M or 2G"),
    # An option no method on the line reads is refused, not silently ignored.
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%saliency gradcam img --steps 8", "a method that reads it: ig"),
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%compare gradient,gradcam img --samples 4", "smoothgrad"),
    ("net = %model zoo shapes-cnn\n%agnostic 3 --sigma 0.2", "--distribution gaussian"),
    ("net = %model zoo shapes-cnn\nimg = %data shapes\n%agnostic 3 --from img --distribution gaussian", "--from"),
])
def test_mistakes_get_clear_errors_naming_the_line(tmp_path, code, message):
    result = run(code, tmp_path, check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert f"line {code.count(chr(10)) + 1}" in result.stderr


def test_figures_are_written_headless(tmp_path):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 4\n%compare gradient,gradcam,lrp img", tmp_path)
    result = run("net = %model zoo shapes-cnn\nimg = %data shapes --index 4\n%compare gradient,gradcam img",
                 tmp_path)
    assert "compare" not in result.stderr
    out = subprocess.run([KERNEL, "run", "--output", str(tmp_path / "figs"), "-c",
                          "net = %model zoo shapes-cnn\nimg = %data shapes --index 4\n%compare gradient,gradcam img"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["figure-001.png"]


def write_fixed_size_classifier(path):
    """A 64×64 shapes classifier whose flattening head fixes its input size (random weights)."""
    generator = np.random.default_rng(0)
    weight = onnx.numpy_helper.from_array(generator.normal(0, 0.1, (10, 192)).astype(np.float32), "head.weight")
    bias = onnx.numpy_helper.from_array(np.zeros(10, np.float32), "head.bias")
    nodes = [onnx.helper.make_node("AveragePool", ["input"], ["pooled"], kernel_shape=[8, 8], strides=[8, 8]),
             onnx.helper.make_node("Flatten", ["pooled"], ["flat"]),
             onnx.helper.make_node("Gemm", ["flat", "head.weight", "head.bias"], ["logits"], transB=1)]
    graph = onnx.helper.make_graph(
        nodes, "fixed", [onnx.helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["N", 3, 64, 64])],
        [onnx.helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, ["N", 10])], [weight, bias])
    onnx.save(onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 13)]), path)


def test_a_mosaic_is_its_scenes_side_by_side_and_the_models_that_can_take_it_map_it(tmp_path):
    write_fixed_size_classifier(tmp_path / "fixed.onnx")
    run("m = %data mosaic --classes star,ring,cross,arrow --index 2\n%save m m.npy\n"
        "s = %data shapes --class cross --index 2\n%save s s.npy\n"
        "net = %model zoo shapes-cnn\ng = %saliency gradient m --target ring\n%save g g.npy\n"
        "vit = %model zoo shapes-vit\nl = %saliency lrp m --target star\n%save l l.npy\n"
        "p = %predict m --raw\n%save p p.npy", tmp_path)
    mosaic = np.load(tmp_path / "m.npy")
    assert mosaic.shape == (1, 3, 128, 128)
    np.testing.assert_array_equal(mosaic[:, :, 64:, :64], np.load(tmp_path / "s.npy"))  # third cell, row by row
    assert np.load(tmp_path / "g.npy").shape == np.load(tmp_path / "l.npy").shape == (1, 3, 128, 128)
    assert np.load(tmp_path / "p.npy").shape == (1, 10)
    result = run("m = %data mosaic\nnet = %model load fixed.onnx --preset unit\n%saliency gradient m", tmp_path, check=False)
    assert result.returncode != 0 and "fixed-size layers take no other size" in result.stderr
    result = run("m = %data mosaic --classes star,star,ring,cross", tmp_path, check=False)
    assert result.returncode != 0 and "4 or 9 distinct classes" in result.stderr


@pytest.mark.parametrize("load, layout", [("%model zoo shapes-cnn", "enlarged"), ("%model zoo shapes-vit", "enlarged"),
                                          ("%model load fixed.onnx --preset unit", "shrunk")])
def test_gridpg_enlarges_mosaics_where_the_model_can_take_them_and_shrinks_them_otherwise(tmp_path, load, layout):
    """The CNN takes the mosaic of full-size scenes, the ViT too with its position embeddings
    resampled; a flattening classifier takes it shrunk to its input size."""
    write_fixed_size_classifier(tmp_path / "fixed.onnx")
    run(f"net = {load}\ng = %gridpg gradient --var --n 3 --confidence 0\n%save g g.json", tmp_path)
    saved = json.loads((tmp_path / "g.json").read_text())
    assert saved["provenance"]["layout"] == layout
    cells = saved["cells"]
    assert set(cells) == {"gradient", "var(gradient)"}
    for values in cells.values():
        assert len(values) == 3 * 4 and all(0 <= v <= 1 for v in values)
    assert cells["gradient"] != cells["var(gradient)"]  # VAR changes the maps it scores
    # A mosaic's score is the mean of its cells.
    assert saved["scores"]["gradient"] == pytest.approx([np.mean(cells["gradient"][4 * i:4 * i + 4]) for i in range(3)])


def test_var_takes_every_setting_of_its_class_competition(tmp_path):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 2\n"
        "v = %var gradient img --normalize joint --score signed --threshold 0.05 --temperature 0.2\n%save v v.json\n"
        "d = %var gradient img\n%save d d.json", tmp_path)
    given = json.loads((tmp_path / "v.json").read_text())["parameters"]
    assert (given["normalization"], given["score"], given["threshold"], given["temperature"]) == ("joint", "signed", "0.05", "0.2")
    # The defaults follow the authors' released code.
    default = json.loads((tmp_path / "d.json").read_text())["parameters"]
    assert (default["normalization"], default["score"], default["threshold"], default["temperature"]) == ("none", "absolute", "0.01", "0.1")


def test_lrp_box_rule_bounds_are_black_and_white_as_a_normalised_model_sees_them(tmp_path):
    fixture = ROOT / "Tests" / "ONNXTests" / "Fixtures" / "resnet_tiny_opset11"
    run(f"net = %model load {fixture}.onnx --preset imagenet\nx = %image load {fixture}.input.npy --item 0\n"
        "l = %saliency lrp x --rule epsilon-gamma-box\n%save l l.json", tmp_path)
    # ImageNet's normalisation maps black to (0 - 0.485) / 0.229 at the lowest and white to (1 - 0.406) / 0.225 at the highest.
    low, high = (float(v) for v in json.loads((tmp_path / "l.json").read_text())["parameters"]["input range"].split("…"))
    assert low == pytest.approx(-0.485 / 0.229, abs=1e-5) and high == pytest.approx(0.594 / 0.225, abs=1e-5)


def test_scores_save_as_arrays(tmp_path, session):
    run("net = %model zoo shapes-cnn\nimg = %data shapes --index 3\n%save img x.npy\n"
        "p = %predict img\n%save p p.npy\n"
        "g = %saliency gradient img\ncam = %saliency gradcam img\n"
        "d = %eval deletion g,cam --points 10\n%save d d.npy\n"
        "h = %eval pointing g,cam\n%save h h.npy\n"
        "s = %sanity gradient img\n%save s s.npy\n"
        "q = %gridpg gradient,gradcam --n 2\n%save q q.npy", tmp_path)
    logits = session.run(None, {session.get_inputs()[0].name: np.load(tmp_path / "x.npy")})[0]
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert np.allclose(np.load(tmp_path / "p.npy"), expected, atol=1e-6)
    deletion = np.load(tmp_path / "d.npy")
    assert deletion.shape == (2, 11) and np.all((deletion >= 0) & (deletion <= 1))
    # The sidecar says which maps the rows are, in order, and how they were scored.
    sidecar = json.loads((tmp_path / "d.npy.json").read_text())
    assert [m["method"] for m in sidecar["maps"]] == ["gradient", "gradcam"] and sidecar["points"] == 10
    pointing = np.load(tmp_path / "h.npy")
    assert pointing.shape == (2, 2) and set(pointing[:, 0]) <= {0.0, 1.0}
    sanity = np.load(tmp_path / "s.npy")
    assert sanity.shape[0] == 3 and sanity.shape[1] >= 2 and np.all(sanity <= 1 + 1e-6)
    gridpg = np.load(tmp_path / "q.npy")
    assert gridpg.shape == (2, 2) and np.all((gridpg >= 0) & (gridpg <= 1))  # methods × mosaics
