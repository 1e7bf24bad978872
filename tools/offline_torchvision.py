"""torchvision's models beside the CPU torch wheel, offline.

PyPI's torchvision is built against PyPI's CUDA torch: beside the CPU wheel its C extension (the detection
ops) does not load, and `import torchvision` then fails while registering fake kernels for
`torchvision::nms`. The classification models need none of it, so `import_torchvision` declares the two
missing op schemas first when the extension is absent. Used by the tools/ scripts that build torchvision
models; never by the product or the tests.
"""
import sys

import torch

_library = None


def import_torchvision():
    global _library
    try:
        import torchvision
        return torchvision
    except RuntimeError as error:  # operator torchvision::nms does not exist
        print(f"torchvision's C extension is missing ({error}); declaring its detection ops", file=sys.stderr)
    for name in [key for key in sys.modules if key == "torchvision" or key.startswith("torchvision.")]:
        del sys.modules[name]
    _library = torch.library.Library("torchvision", "DEF")  # the definitions last as long as this object
    for op in ("nms", "qnms"):
        _library.define(f"{op}(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    import torchvision
    return torchvision
