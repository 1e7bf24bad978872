"""The pieces of tools/make_exporter_zoo.py: model families, exporters, references, hand-built graphs."""
