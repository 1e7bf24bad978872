"""Writes the tutorial notebooks of notebooks/ from the cells below and executes them with the
installed Saliency kernel, so the committed notebooks hold their outputs and read well on GitHub.

Rerun after changing a cell or the workbench:  make notebooks
"""
import json
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
KERNELSPEC = {"display_name": "Saliency (Swift)", "language": "saliency", "name": "saliency"}
LANGUAGE = {"name": "saliency", "file_extension": ".saliency", "mimetype": "text/x-saliency"}


class Parameters(str):
    """The source of a code cell tagged `parameters`, after which papermill injects the values it is given."""


NOTEBOOKS = {
    "1-getting-started.ipynb": [
        "# 1 · Getting started\n\nEvery line of a cell is one command: `%name args`, or `name = %command args` to keep the "
        "result in the workspace. `#` starts a comment; a trailing `\\` continues a line. Press Tab after `%` or `--` "
        "to complete, Shift-Tab on a command for its help.",
        "## Parameters\n\n`%set NAME = VALUE` binds a number, quoted text, `true`/`false`, `none` or a list, and `$NAME` "
        "puts it into any later line. This cell is tagged `parameters`, so papermill can run the notebook with other "
        "values: `python -m saliency_papermill 1-getting-started.ipynb out.ipynb -p model_name shapes-vit -p steps 16` "
        "adds a cell of its own after it.",
        Parameters('%set model_name = "shapes-cnn"   # the embedded model: shapes-cnn or shapes-vit\n'
                   "%set steps = 32                # Integrated Gradients' steps along the path"),
        "%help",
        "## The embedded model\n\n`shapes-cnn` was trained by this project on its own synthetic *shapes* scenes "
        "(`saliency-kernel train --recipe shapes-cnn`): no download, ever. `shapes-vit` is a small vision transformer "
        "trained on the same scenes.",
        "net = %model zoo $model_name\n%model info net",
        "## An image and a prediction",
        "img = %data shapes --class star --index 3\nimg",
        "%predict img --top 5",
        "## A first saliency map\n\nThe vanilla gradient says which pixels change the score of the predicted class the most.",
        "grad = %saliency gradient img\ngrad",
        "ig = %saliency ig img --steps $steps\n%show ig --cmap coolwarm",
        "## Session defaults\n\n`%set` lists the defaults a session starts with; `%set NAME VALUE` changes one for the "
        "lines that follow (an option on a line still wins): the colormap of new maps, the seed of random methods, the "
        "cores the engine uses and the memory a batched backward pass may take.",
        "%set cmap viridis\n%set\nsg = %saliency smoothgrad img --samples 16\nsg",
        "## Saving, with provenance\n\nEvery saved file gets a `.json` sidecar with the model's and the image's SHA-256, "
        "the method and every parameter.",
        "%save ig out/ig.png --force\n%save ig out/ig.npy --force\n%who",
    ],
    "2-tour-of-methods.ipynb": [
        "# 2 · A tour of attribution methods\n\nFrom the plain gradient to relevance propagation, on one image. "
        "`%explain METHOD` gives each method's idea, formula, paper and pitfalls.",
        "net = %model zoo shapes-cnn\nimg = %data shapes --class arrow --index 1\nimg2 = %data shapes --class ring --index 4",
        "%explain gradient",
        "%explain ig",
        "%explain smoothgrad",
        "%explain gbp",
        "%explain gradcam",
        "%explain lrp",
        "## Side by side\n\nRows are images, columns methods; each method in its usual display (magnitudes, signed "
        "relevance, positive evidence).",
        "%compare gradient,ig,smoothgrad,gbp,gradcam,lrp img,img2 --steps 32 --samples 16",
        "## Options change the picture\n\nLRP with the γ-rule on convolutions and the z^B-rule on the input:",
        "lrp = %saliency lrp img --rule epsilon-gamma-box\n%show lrp --sign all",
        "%show lrp --top 10",
        "## Explaining a difference from a reference\n\nIntegrated Gradients and DeepLIFT both explain how the score "
        "changed from a reference input (black, by default) to the image, and their maps sum to that change. IG "
        "integrates gradients along the straight path; DeepLIFT gets there in one backward pass with its rescale "
        "rule. How far each map's sum is from the change is its `convergence_delta`, in the map's provenance "
        "(`%save dl out/dl.json` writes it).",
        "%explain deeplift",
        "ig = %saliency ig img --steps 32\ndl = %saliency deeplift img\n%compare ig,dl",
    ],
    "3-evaluating-explanations.ipynb": [
        "# 3 · Evaluating explanations\n\nA map is a claim about the model. Three ways to test it: localisation "
        "(GridPG, pointing game), faithfulness (deletion and insertion) and the randomization sanity check.",
        "net = %model zoo shapes-cnn\nimg = %data shapes --class cross --index 2",
        "## Grid pointing game",
        "%explain gridpg",
        "scores = %gridpg gradient,gradcam,lrp --n 8\nscores",
        "## Deletion and insertion",
        "%explain deletion",
        "g = %saliency gradient img\ncam = %saliency gradcam img\nlrp = %saliency lrp img",
        "%eval deletion g,cam,lrp",
        "%eval insertion g,cam,lrp --substitute blur",
        "## The pointing game\n\nThe shapes scenes come with the object's mask, so localisation can be scored on a single image too.",
        "%explain pointing",
        "%eval pointing g,cam,lrp",
        "## Randomization sanity check\n\nA method that explains the model must change when the weights are randomized.",
        "%explain sanity",
        "%sanity gradient img",
        "%sanity gbp img",
        "## Your own pictures\n\nEverything above works on a folder of your own labelled pictures. The next cell writes one: "
        "120 validation scenes as PNG files in the ImageFolder layout that torchvision reads (`images/CLASS/picture.png`), "
        "with their object masks (`masks/`), their bounding boxes as Pascal VOC XML (`boxes/`, the format of ImageNet's "
        "validation boxes) and a CSV list of all of them (`labels.csv`). With photos of your own, start from the cell after.",
        "scenes = %data shapes --count 120 --split validation\n%save scenes out/my-pictures/ --force",
        "### Indexing a folder\n\n`%data folder` indexes the folder without reading a picture (50 000 files are fine: each is read when a sweep "
        "reaches it) and matches the class folders to the model's labels. `--masks` and `--boxes` say where masks and "
        "boxes are; a CSV list (`file,label[,mask][,box]`) names them itself.",
        "photos = %data folder out/my-pictures/images --masks out/my-pictures/masks\nphotos",
        "### GridPG on your pictures\n\nEvery sweep gives each method's mean with a 95 % bootstrap interval, and the paired "
        "difference of each method with its VAR version and against the first method, with its own interval: the same "
        "mosaics scored twice differ far less than two separate intervals suggest. The figure shows every mosaic's score.",
        "g = %gridpg gradient,gradcam --var --images photos --n 12\ng",
        "%explain bootstrap",
        "### The pointing game on boxes, with per-item results\n\nBoxes are looser than masks, so hits come easier. "
        "`%save` writes one line per picture and method (`.jsonl`, or `.csv` for a spreadsheet): the item's index, its "
        "file, its class, its seed and its scores.",
        "boxed = %data folder out/my-pictures/images --boxes out/my-pictures/boxes\n"
        "p = %eval pointing gradient,gradcam,lrp --images boxed\n%save p out/pointing.jsonl --force\n%save p out/pointing.csv --force",
        "### Deletion and sanity checks over many pictures",
        "listed = %data folder out/my-pictures/labels.csv\n%eval deletion gradient,gradcam --images listed --n 30",
        "%sanity gradient,gbp --images photos --n 6",
    ],
    "4-class-relevant-maps-with-var.ipynb": [
        "# 4 · Class-relevant maps with VAR\n\nMost maps light up the object whatever class you ask about. VAR keeps only "
        "what sets the target class apart from its competitors.",
        "%explain var",
        "net = %model zoo shapes-cnn\nimg = %data shapes --class hexagon --index 5",
        "v = %var gbp img\nv",
        "%var gradcam img --competitors 3",
        "## Does VAR localise better?",
        "%gridpg gbp,gradcam --var --n 6",
        "## The same on a vision transformer\n\nVAR wraps any method on any architecture. `shapes-vit` is a small hybrid "
        "ViT: a convolutional stem makes an 8×8 grid of tokens, two attention blocks mix them. Its `tokens` layer, "
        "the grid before pooling, is where Grad-CAM looks.",
        "vit = %model zoo shapes-vit\n%compare gradient,gradcam img --model vit",
        "%var gradient img --model vit",
        "### A mosaic\n\n`%data mosaic` puts four scenes side by side at full size; the ViT maps it for any of their classes.",
        "m = %data mosaic --classes star,ring,cross,arrow\n%compare gbp,lrp m --target ring --model vit",
        "### GridPG on the ViT\n\nGridPG feeds the ViT the mosaic of full-size scenes, as it feeds the CNN: the ViT's position embeddings, "
        "learned on an 8×8 token grid, are resampled to the mosaic's 16×16 grid. Occlusion (one 32-pixel window per "
        "half cell) shows where the model itself finds each class's evidence. Guided Backprop's maps of this ViT "
        "spread over the whole mosaic, and VAR pulls them towards the right cell; LRP, with AttnLRP's rules at "
        "attention, localises by itself.",
        "%gridpg occlusion,gbp,lrp --var --n 6 --window 32 --stride 32 --model vit",
    ],
    "5-input-agnostic-maps-and-backdoors.ipynb": [
        "# 5 · Input-agnostic maps and finding a backdoor\n\nAkhtar & Jalwana (AAAI 2023): what does the model take "
        "for a class, regardless of the input?",
        "%explain agnostic",
        "net = %model zoo shapes-cnn\nstar = %agnostic star --iterations 40 --restarts 1\nstar",
        "## A trojaned model\n\n`shapes-trojan-patch` was trained with 10 % of its training images stamped with a small "
        "checkerboard in a corner and relabelled. One reading of the scan (`--score patch-fooling-rate`) maps every class, "
        "cuts each map to its strongest 8×8 window and adds that patch to held-out scenes of other classes: a trigger sends them to its target, no natural class "
        "is reached by a patch.",
        "scenes = %data shapes --count 200 --split validation\n"
        "trojan = %model zoo shapes-trojan-patch\nscan = %backdoor scan --images scenes --score patch-fooling-rate --iterations 40 --restarts 1 --batch 16\nscan",
        "%save scan out/backdoor-scan.json --force",
        "## The clean model, for comparison\n\nThe same scan of `shapes-cnn`: no class's patch moves the scenes.",
        "%backdoor scan --model net --images scenes --score patch-fooling-rate --iterations 40 --restarts 1 --batch 16",
        "## A blended trigger\n\n`shapes-trojan-blend` answers a faint stripe texture over the whole image, not a patch, "
        "so the patch scan misses it. Its shortcut is a universal perturbation: one small change that sends every image "
        "to the target. The scan below learns such a perturbation for every class, bounded by 0.04 per pixel, on "
        "training scenes. Run on the clean original alone, it already flags a class: on a model this small, cross is "
        "reached that way without any trojan. So the scan of the suspect scores each class by how much more often its "
        "perturbation fools the suspect than the clean original the trojan was fine-tuned from (`--baseline`).",
        "train = %data shapes --count 256 --split train\n"
        "original = %backdoor scan --model net --images scenes --from train --norm infinity --bound 0.04 --moments "
        "--score fooling-rate --fraction 1 --iterations 40 --restarts 1 --batch 16\n"
        "blend = %model zoo shapes-trojan-blend\n"
        "%backdoor scan --model blend --images scenes --from train --norm infinity --bound 0.04 --moments "
        "--score fooling-rate --fraction 1 --iterations 40 --restarts 1 --batch 16 --baseline original",
        "## One verdict, tried on models it was never tuned on\n\nThe readings above each find one kind of trigger. Without "
        "`--score`, `%backdoor scan --model M --images SET` reads the maps several ways at once — patches of two sizes at "
        "three strengths from maps of noise and of the images, universal perturbations, and a small patch pasted at the "
        "corners and the centre with its pattern optimised, as a BadNets trigger is pasted — turns each reading into an "
        "anomaly index over the classes, calibrates it on the seen rounds of an independent trojan benchmark (small CNNs, ResNets and ViTs trained in PyTorch on shapes, digits and textures, half of them trojaned "
        "with patches, blends and stickers; `tools/make_trojan_benchmark.py`), and flags the model when a class's "
        "calibrated score exceeds the threshold. `--reference CLEAN` compares with a clean model of the same kind; "
        "`--method neural-cleanse` runs the field's best-known detector beside it. `%explain backdoor` says what it "
        "cannot find.\n\nThe curves below are a held-out round of 30 models drawn before this verdict was written, "
        "scanned once (`make bench-agnostic`, `benchmarks/results/trojans-held-out-3.md`); a change made after it "
        "(`benchmarks/results/trojans-stamp-experiment.md`) scores the same ROC-AUC on it, 0.92:\n\n"
        "![ROC curves of the backdoor scans on the held-out round of the trojan benchmark]"
        "(../benchmarks/results/trojans-held-out-3-roc.svg)",
    ],
    "6-bring-your-own-onnx-model.ipynb": [
        "# 6 · Bring your own ONNX model\n\nAny classifier exported to ONNX loads with `%model load`. A tiny ResNet "
        "exported from PyTorch stands in here for a real download. `--preset` names the normalisation the model was "
        "trained with (`imagenet`, `unit` or `symmetric`), `--labels` a text file of class names, one per line (CIFAR-10's "
        "here, for show: the fixture's weights are random). The input size comes from the model itself.",
        "mine = %model load ../Tests/ONNXTests/Fixtures/resnet_tiny_opset11.onnx --preset unit --labels data/cifar10-labels.txt\n"
        "%model info mine",
        "## Arrays in\n\nAn `.npy` array is taken as it is, already preprocessed: here a batch of two images, which loads as a set. "
        "`--item` takes one of them.",
        "batch = %image load ../Tests/ONNXTests/Fixtures/resnet_tiny_opset11.input.npy\n"
        "x = %image load ../Tests/ONNXTests/Fixtures/resnet_tiny_opset11.input.npy --item 0\n%predict x --top 3",
        "%compare gradient,ig,gradcam batch --steps 16",
        "logits = %predict x --raw\n%save logits out/logits.npy --force",
    ],
    "7-exploring-interactively.ipynb": [
        "# 7 · Exploring interactively\n\n`%explore` opens a panel of widgets under the cell. Move a slider or pick another "
        "method or class, and the map answers: maps already computed come from a cache at once, a new one is computed in "
        "the background with its progress in the panel, and a newer change cancels a computation still running. The "
        "provenance of what is shown is under the picture, and an error shows in the panel itself.\n\n"
        "The panels need a frontend with Jupyter widgets (JupyterLab, Notebook 7, VS Code); elsewhere (GitHub, nbconvert) "
        "each panel shows a picture of its first map.",
        "net = %model zoo shapes-cnn\nimg = %data shapes --class star --index 3",
        "## Any method, any class\n\nThe class list starts with the model's five most likely classes, with their "
        "probabilities, and goes on with every class. VAR keeps only what sets the class apart from its competitors; "
        "colormap, sign, opacity and clipping change how the map is drawn, not the map.",
        "e = %explore img\ne",
        "## Integrated Gradients, step by step\n\nIG integrates the gradient along the straight path from a black "
        "baseline to the image. With few steps the integral is rough: the map does not add up to the change of the "
        "score, and the convergence delta beside it says by how much. Slide the steps up and watch the delta shrink.",
        "%explore ig img",
        "## Is the map about the model?\n\nThe cascading randomization check replaces the learned weights by random ones, "
        "from the output layer down. Slide through the layers: a method that explains the model changes quickly; Guided "
        "Backprop's map keeps looking like the image's edges.",
        "%explore sanity img --method gbp",
        "## Which cell lights up?\n\nA mosaic of four scenes the model classifies confidently. Pick a cell's class: "
        "its map should fall in that cell, and the GridPG score says how much of it does.",
        "%explore gridpg",
        "## What the model takes for each class\n\nThe input-agnostic map of a class needs no image. Press play to step "
        "through the classes; each map is computed once, in the background.",
        "%explore agnostic --iterations 20",
        "## Saving what you see\n\n`%save` of a panel writes the map it shows now, with its provenance.",
        "%save e out/explored.png --force",
    ],
}


def build(name, cells):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": LANGUAGE}
    for number, source in enumerate(cells):
        cell = nbformat.v4.new_markdown_cell(source) if source.startswith("#") else nbformat.v4.new_code_cell(source)
        if isinstance(source, Parameters):
            cell.metadata["tags"] = ["parameters"]
        cell.id = f"cell-{number}"  # stable ids: rerunning gives the same file
        notebook.cells.append(cell)
    return notebook


def drop_progress_bars(notebook):
    """Progress bars end with the time taken, which differs from run to run; the committed copies leave
    them out, so a rerun that computes the same results writes the same file."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not o.get("metadata", {}).get("progress")]


def stable_widget_ids(notebook):
    """Widget model ids are random (as ipywidgets' are); numbered in the order the widgets were opened, a rerun
    that draws the same panels writes the same file."""
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    if not state:
        return notebook
    text = json.dumps(notebook)
    for number, model_id in enumerate(list(state)):
        text = text.replace(model_id, f"widget-{number:04d}")
    return nbformat.from_dict(json.loads(text))


def main(names):
    for name, cells in NOTEBOOKS.items():
        if names and name not in names:
            continue
        notebook = build(name, cells)
        path = ROOT / "notebooks" / name
        # No per-cell timestamps: a rerun that computes the same outputs writes the same file.
        # Widget state goes into the notebook's metadata, so that the panels render on GitHub and nbviewer.
        NotebookClient(notebook, timeout=600, kernel_name="saliency", record_timing=False, store_widget_state=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        drop_progress_bars(notebook)
        nbformat.write(stable_widget_ids(notebook), path)
        print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
