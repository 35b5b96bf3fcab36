"""duplex-node's model-package tools: the graph contract, ONNX export, packages and engines.

    contract, package_check, onnx_export, random_weights   shared by every source of modules
    release/      the real model: its modules wrapped as graphs, make_package, the release-shape harness
    tiny/         the tiny random-weight test model (tensorrt-engines/tiny-model) and its reference loop
    export_minicpmo, build_engines, quantize_weights        command-line tools

release/ never imports tiny/. Run from tensorrt-engines/ (or with it on PYTHONPATH), e.g.
`python3 -m duplex_export.release.make_package`; pyproject.toml names the same entry points.
"""
