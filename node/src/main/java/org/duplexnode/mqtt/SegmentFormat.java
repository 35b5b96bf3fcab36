package org.duplexnode.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The outbox's segment file format: a sequence of records, each
 * {@code length:int32 crc32:int32 seq:int64 qos:int8 topicLength:int16 topic payload}
 * (big-endian; the CRC covers everything after it). Reading stops at the first record that is
 * cut short or fails its CRC: that is where a crash interrupted a write.
 */
final class SegmentFormat {
  static final int MAX_RECORD = 64 << 20;
  private static final int HEADER = 8;
  private static final int FIXED = 8 + 1 + 2;

  private SegmentFormat() {}

  static ByteBuffer encode(OutboxEntry e) {
    byte[] topic = e.topic().getBytes(StandardCharsets.UTF_8);
    int body = FIXED + topic.length + e.payload().length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + body);
    b.putInt(body).putInt(0).putLong(e.seq()).put((byte) e.qos()).putShort((short) topic.length).put(topic)
        .put(e.payload());
    CRC32 crc = new CRC32();
    crc.update(b.array(), HEADER, body);
    b.putInt(4, (int) crc.getValue());
    return b.flip();
  }

  /** What a segment held: its intact records, and whether a damaged tail was left unread. */
  record Read(List<OutboxEntry> entries, boolean damagedTail) {}

  static Read read(Path file) throws IOException {
    List<OutboxEntry> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (pos < size) {
        header.clear();
        if (ch.read(header, pos) < HEADER) {
          return new Read(out, true);
        }
        int length = header.getInt(0);
        int crcValue = header.getInt(4);
        if (length < FIXED || length > MAX_RECORD || pos + HEADER + length > size) {
          return new Read(out, true);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        ch.read(body, pos + HEADER);
        CRC32 crc = new CRC32();
        crc.update(body.array(), 0, length);
        if ((int) crc.getValue() != crcValue) {
          return new Read(out, true);
        }
        body.flip();
        long seq = body.getLong();
        int qos = body.get();
        int topicLength = body.getShort() & 0xffff;
        if (topicLength > length - FIXED) {
          return new Read(out, true);
        }
        String topic = new String(body.array(), FIXED, topicLength, StandardCharsets.UTF_8);
        byte[] payload = new byte[length - FIXED - topicLength];
        System.arraycopy(body.array(), FIXED + topicLength, payload, 0, payload.length);
        out.add(new OutboxEntry(seq, topic, qos, payload));
        pos += HEADER + length;
      }
    }
    return new Read(out, false);
  }
}
