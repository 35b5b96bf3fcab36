// Prints, as JSON, the time range of an MCAP file as Foxglove sees it, read by @mcap/core through
// its index: the Statistics record's message start/end times, each chunk's range, and the
// smallest and largest log time of the messages it reads (not decoded).
// Usage: node time_range_mcap.mjs FILE.mcap
import { McapIndexedReader } from "@mcap/core";
import { decompress as zstdDecompress } from "fzstd";
import lz4 from "lz4js";
import { open } from "node:fs/promises";

const decompressHandlers = {
  zstd: (data, size) => zstdDecompress(data, new Uint8Array(Number(size))),
  lz4: (data, size) => Uint8Array.from(lz4.decompress(data, Number(size))),
};

const handle = await open(process.argv[2], "r");
try {
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
  let count = 0;
  let first;
  let last;
  for await (const m of reader.readMessages()) {
    count++;
    if (first === undefined || m.logTime < first) first = m.logTime;
    if (last === undefined || m.logTime > last) last = m.logTime;
  }
  const stats = reader.statistics;
  process.stdout.write(JSON.stringify({
    statistics: stats && { messageCount: stats.messageCount.toString(),
      messageStartTime: stats.messageStartTime.toString(), messageEndTime: stats.messageEndTime.toString() },
    chunks: reader.chunkIndexes.map((c) => ({ start: c.messageStartTime.toString(), end: c.messageEndTime.toString() })),
    messages: { count, first: first?.toString(), last: last?.toString() },
  }));
} finally {
  await handle.close();
}
