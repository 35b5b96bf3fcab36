"""Writes the small ONNX graph the engine contract tests run (engine/src/test/resources/engine).

kv_append: inputs  x f32[S,4], ids i64[S], past f32[P,2,4]
           outputs rows f32[S,2,4] = stack(2x, x+1), total f32[4] = sum(past) + sum(x), next_ids i64[S] = ids + P
Run: /usr/bin/python3 engine/src/test/python/make_engine_fixture.py engine/src/test/resources/engine
"""
import sys
import torch


class KvAppend(torch.nn.Module):
    def forward(self, x, ids, past):
        rows = torch.stack([x * 2.0, x + 1.0], dim=1)
        total = past.sum(dim=(0, 1)) + x.sum(dim=0)
        next_ids = ids + past.shape[0]
        return rows, total, next_ids


def main(out):
    torch.onnx.export(
        KvAppend(),
        (torch.ones(3, 4), torch.arange(3, dtype=torch.int64), torch.ones(2, 2, 4)),
        out + "/kv_append.onnx",
        input_names=["x", "ids", "past"],
        output_names=["rows", "total", "next_ids"],
        dynamic_axes={"x": {0: "S"}, "ids": {0: "S"}, "past": {0: "P"}, "rows": {0: "S"}, "next_ids": {0: "S"}},
        opset_version=17,
    )


if __name__ == "__main__":
    main(sys.argv[1])
