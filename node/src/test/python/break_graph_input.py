#!/usr/bin/python3
"""Writes a copy of an ONNX graph with one input broken, for the package-check tests.

    break_graph_input.py IN.onnx OUT.onnx rename INPUT NEW_NAME
    break_graph_input.py IN.onnx OUT.onnx int32 INPUT      (int64 input declared int32, cast inside)
"""
import sys

import onnx
from onnx import TensorProto, helper


def main():
    src, dst, mode, name = sys.argv[1:5]
    model = onnx.load(src)
    graph = model.graph
    inp = next(i for i in graph.input if i.name == name)
    if mode == "rename":
        new = sys.argv[5]
        for node in graph.node:
            node.input[:] = [new if x == name else x for x in node.input]
        inp.name = new
    elif mode == "int32":
        inner = name + "_as_int64"
        for node in graph.node:
            node.input[:] = [inner if x == name else x for x in node.input]
        inp.type.tensor_type.elem_type = TensorProto.INT32
        graph.node.insert(0, helper.make_node("Cast", [name], [inner], to=TensorProto.INT64))
    else:
        raise SystemExit("unknown mode " + mode)
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    main()
