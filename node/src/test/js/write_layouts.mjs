// Writes one MCAP file for every summary layout Foxglove's McapWriter can produce: each
// combination of its layout options (chunks or none, chunk and message indexes, statistics,
// repeated schemas and channels, summary offsets, attachment and metadata indexes). Every file
// holds the same records: 30 std_msgs/msg/String messages on /chatter and 20 std_msgs/msg/Int32
// messages on /count (interleaved, 1 ms apart from t = 1 s), one attachment, one metadata record.
// Chunked files alternate lz4 and uncompressed chunks. Prints a JSON array of
// {file, options} to stdout.
// Usage: node write_layouts.mjs OUTPUT_DIR
import { McapWriter } from "@mcap/core";
import lz4 from "lz4js";
import { open } from "node:fs/promises";
import { join } from "node:path";

const [dir] = process.argv.slice(2);
const flags = ["useChunks", "useChunkIndex", "useMessageIndex", "useStatistics", "repeatSchemas",
  "repeatChannels", "useSummaryOffsets", "useAttachmentIndex"];
const written = [];
for (let bits = 0; bits < 1 << flags.length; bits++) {
  const options = Object.fromEntries(flags.map((f, i) => [f, (bits & (1 << i)) !== 0]));
  if (!options.useChunks && (options.useChunkIndex || options.useMessageIndex)) {
    continue; // indexes of chunks need chunks
  }
  options.useMetadataIndex = options.useAttachmentIndex;
  const lz4Chunks = bits % 4 === 1;
  const name = `layout-${bits.toString().padStart(3, "0")}.mcap`;
  await writeFile(join(dir, name), options, lz4Chunks);
  written.push({ file: name, options: { ...options, compression: options.useChunks ? (lz4Chunks ? "lz4" : "") : "" } });
}
process.stdout.write(JSON.stringify(written, null, 1));

async function writeFile(path, options, lz4Chunks) {
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
    ...options,
    chunkSize: 300,
    compressChunk: lz4Chunks
      ? (data) => ({ compression: "lz4", compressedData: Uint8Array.from(lz4.compress(data)) })
      : undefined,
  });
  await writer.start({ profile: "ros2", library: "@mcap/core layouts" });
  const text = new TextEncoder();
  const stringSchema = await writer.registerSchema({
    name: "std_msgs/msg/String", encoding: "ros2msg", data: text.encode("string data\n") });
  const int32Schema = await writer.registerSchema({
    name: "std_msgs/msg/Int32", encoding: "ros2msg", data: text.encode("int32 data\n") });
  const chatter = await writer.registerChannel({
    topic: "/chatter", schemaId: stringSchema, messageEncoding: "cdr", metadata: new Map() });
  const count = await writer.registerChannel({
    topic: "/count", schemaId: int32Schema, messageEncoding: "cdr", metadata: new Map() });
  let chatterSent = 0;
  for (let i = 0; i < 50; i++) {
    const time = 1_000_000_000n + BigInt(i) * 1_000_000n;
    const onChatter = i % 5 !== 1 && i % 5 !== 3 ? chatterSent < 30 : false;
    const channelId = onChatter ? chatter : count;
    if (onChatter) {
      chatterSent++;
    }
    // CDR: 4-byte encapsulation header, then the value.
    const data = onChatter ? cdrString(`hello ${i}`) : cdrInt32(i);
    await writer.addMessage({ channelId, sequence: i, logTime: time, publishTime: time, data });
  }
  await writer.addAttachment({ name: "notes.txt", mediaType: "text/plain", logTime: 1_000_000_000n,
    createTime: 1_000_000_000n, data: text.encode("layout test") });
  await writer.addMetadata({ name: "layout", metadata: new Map([["written_by", "@mcap/core"]]) });
  await writer.end();
  await handle.close();
}

function cdrString(value) {
  const bytes = new TextEncoder().encode(value);
  const out = new Uint8Array(4 + 4 + bytes.length + 1);
  const view = new DataView(out.buffer);
  out.set([0, 1, 0, 0]);
  view.setUint32(4, bytes.length + 1, true);
  out.set(bytes, 8);
  return out;
}

function cdrInt32(value) {
  const out = new Uint8Array(8);
  out.set([0, 1, 0, 0]);
  new DataView(out.buffer).setInt32(4, value, true);
  return out;
}
