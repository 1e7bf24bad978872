"""Papermill for the Saliency Workbench kernel: importing this package registers the translator that
writes a notebook's parameters as the kernel's `%set NAME = VALUE` lines, under the kernelspec's language
(`saliency`). `python -m saliency_papermill` (or `saliency-papermill`) is papermill's command line with it loaded.
"""
from papermill.translators import papermill_translators

from .translator import LANGUAGE, SaliencyTranslator

papermill_translators.register(LANGUAGE, SaliencyTranslator)

__all__ = ["LANGUAGE", "SaliencyTranslator"]
