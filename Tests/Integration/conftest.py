"""Shared setup: the kernel under test is $SALIENCY_KERNEL, its kernelspec installed into a
temporary Jupyter data folder (never the user's home), found through JUPYTER_PATH."""
import atexit
import os
import pathlib
import shutil
import subprocess
import tempfile

KERNEL = os.environ.get("SALIENCY_KERNEL", "")
if not KERNEL or not os.access(KERNEL, os.X_OK):
    raise RuntimeError("set SALIENCY_KERNEL to the built saliency-kernel binary (make test does)")

PREFIX = pathlib.Path(tempfile.mkdtemp(prefix="saliency-kernelspec-"))
atexit.register(shutil.rmtree, PREFIX, ignore_errors=True)
subprocess.run([KERNEL, "install", "--prefix", str(PREFIX)], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = str(PREFIX / "share" / "jupyter")
