// Writes an MCAP file with @mcap/core (lz4 chunks, statistics, indexes, CRCs) holding COUNT
// std_msgs/msg/String messages "foxglove <i>" on /chatter, serialized by
// @foxglove/rosmsg2-serialization, 1 ms apart from t = 1 s.
// Usage: node write_mcap.mjs FILE.mcap COUNT
import { McapWriter } from "@mcap/core";
import { parse } from "@foxglove/rosmsg";
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import lz4 from "lz4js";
import { open } from "node:fs/promises";

const [path, countText] = process.argv.slice(2);
const handle = await open(path, "w");
let position = 0n;
const writable = {
  position: () => position,
  write: async (buffer) => {
    await handle.write(buffer);
    position += BigInt(buffer.byteLength);
  },
};
const writer = new McapWriter({
  writable,
  useStatistics: true,
  useChunks: true,
  useChunkIndex: true,
  useMessageIndex: true,
  useSummaryOffsets: true,
  chunkSize: 512,
  compressChunk: (data) => ({ compression: "lz4", compressedData: Uint8Array.from(lz4.compress(data)) }),
});
await writer.start({ profile: "ros2", library: "@mcap/core crosscheck" });
const text = "string data\n";
const schemaId = await writer.registerSchema({
  name: "std_msgs/msg/String", encoding: "ros2msg", data: new TextEncoder().encode(text) });
const channelId = await writer.registerChannel({
  topic: "/chatter", schemaId, messageEncoding: "cdr", metadata: new Map([["offered_qos_profiles", ""]]) });
const cdr = new MessageWriter(parse(text, { ros2: true }));
for (let i = 0; i < Number(countText); i++) {
  const time = 1_000_000_000n + BigInt(i) * 1_000_000n;
  await writer.addMessage({ channelId, sequence: i, logTime: time, publishTime: time,
    data: cdr.writeMessage({ data: `foxglove ${i}` }) });
}
await writer.end();
await handle.close();
