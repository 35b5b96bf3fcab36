// Reads every message of an MCAP file with @mcap/core (indexed reader, chunks decompressed by
// fzstd / lz4js) and prints {"messages", "bytes", "seconds"} as JSON. Used by McapReadBench.
// Usage: node bench_read.mjs FILE.mcap
import { McapIndexedReader } from "@mcap/core";
import { decompress as zstdDecompress } from "fzstd";
import lz4 from "lz4js";
import { open } from "node:fs/promises";

const decompressHandlers = {
  zstd: (data, size) => zstdDecompress(data, new Uint8Array(Number(size))),
  lz4: (data, size) => Uint8Array.from(lz4.decompress(data, Number(size))),
};

const path = process.argv[2];
const start = process.hrtime.bigint();
const handle = await open(path, "r");
const size = (await handle.stat()).size;
const readable = {
  size: async () => BigInt(size),
  read: async (offset, length) => {
    const buffer = new Uint8Array(Number(length));
    await handle.read(buffer, 0, Number(length), Number(offset));
    return buffer;
  },
};
const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
let messages = 0;
let bytes = 0;
for await (const m of reader.readMessages()) {
  messages++;
  bytes += m.data.byteLength;
}
await handle.close();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ messages, bytes, seconds }));
