// Prints an MCAP file as JSON, read twice by @mcap/core (indexed, then streamed with CRC
// checks) and with every ros2msg/cdr message decoded by @foxglove/rosmsg2-serialization.
// Usage: node read_mcap.mjs FILE.mcap
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { decompress as zstdDecompress } from "fzstd";
import lz4 from "lz4js";
import { open, readFile } from "node:fs/promises";

const decompressHandlers = {
  zstd: (data, size) => zstdDecompress(data, new Uint8Array(Number(size))),
  lz4: (data, size) => Uint8Array.from(lz4.decompress(data, Number(size))),
};

function plain(value) {
  if (typeof value === "bigint") return value.toString();
  if (ArrayBuffer.isView(value)) return Array.from(value, plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

async function readIndexed(path) {
  const handle = await open(path, "r");
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
    const readers = new Map();
    const channels = [];
    for (const channel of reader.channelsById.values()) {
      const schema = reader.schemasById.get(channel.schemaId);
      channels.push({ id: channel.id, topic: channel.topic, messageEncoding: channel.messageEncoding,
        metadata: plain(channel.metadata), schemaName: schema?.name, schemaEncoding: schema?.encoding });
      if (schema && schema.encoding === "ros2msg" && channel.messageEncoding === "cdr") {
        const text = new TextDecoder().decode(schema.data);
        readers.set(channel.id, new MessageReader(parse(text, { ros2: true })));
      }
    }
    const messages = [];
    for await (const m of reader.readMessages()) {
      const channel = reader.channelsById.get(m.channelId);
      const decoder = readers.get(m.channelId);
      messages.push({ topic: channel.topic, sequence: m.sequence, logTime: m.logTime.toString(),
        publishTime: m.publishTime.toString(), decoded: decoder ? plain(decoder.readMessage(m.data)) : null });
    }
    const metadata = [];
    for await (const record of reader.readMetadata()) {
      metadata.push({ name: record.name, metadata: plain(record.metadata) });
    }
    return { header: plain(reader.header), statistics: plain(reader.statistics),
      chunkCount: reader.chunkIndexes.length, channels, metadata, messages };
  } finally {
    await handle.close();
  }
}

async function readStreamed(path) {
  const stream = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  stream.append(new Uint8Array(await readFile(path)));
  let messages = 0;
  let dataEnd = false;
  for (let record; (record = stream.nextRecord()); ) {
    if (record.type === "Message") messages++;
    if (record.type === "DataEnd") dataEnd = true;
  }
  return { messages, dataEnd, done: stream.done() };
}

const path = process.argv[2];
const result = await readIndexed(path);
result.streamed = await readStreamed(path);
process.stdout.write(JSON.stringify(result));
