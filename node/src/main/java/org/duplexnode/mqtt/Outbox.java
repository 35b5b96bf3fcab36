package org.duplexnode.mqtt;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, ordered queue of messages for the broker, kept on disk so that what was produced while
 * the broker was away, or before the node restarted, is still delivered (at least once).
 *
 * <p>Layout of its folder: append-only segment files {@code SEQ.seg} (named by their first
 * sequence number, {@link SegmentFormat}), and {@code done}, the highest sequence number that no
 * longer needs sending (acknowledged by the broker, or dropped). A segment is deleted once all its
 * messages are done. Appends are written to the file at once (they survive a crash of the node);
 * {@link #sync()} flushes them to the disk and records {@code done} (the bridge calls it every 200
 * ms), so a power cut loses at most that much, and a restart re-sends at most what was acknowledged
 * since the last sync (duplicates, never gaps).
 *
 * <p>Bounds: at most {@code maxEvents} messages and {@code maxBytes} of payload. Appending to a
 * full outbox drops the oldest message and counts it in {@link #dropped()}. A write error (disk
 * full) keeps the message in memory only, counted in {@link #writeErrors()} and logged once.
 *
 * <p>Thread-safe: one producer appends, a sender reads and acknowledges.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final String DONE = "done";

  private final Path dir;
  private final long maxEvents;
  private final long maxBytes;
  private final long segmentBytes;
  private final EntryRing entries = new EntryRing();
  private final Deque<Segment> segments = new ArrayDeque<>();
  private long bytes;
  private long nextSeq;
  private long doneSeq;
  private long syncedDoneSeq = -1;
  private long dropped;
  private long appended;
  private long writeErrors;
  private FileChannel active;
  private final List<FileChannel> rolled = new ArrayList<>();
  private long activeSize;
  private volatile Runnable listener = () -> { };

  private static final class Segment {
    final Path file;
    long lastSeq;

    Segment(Path file, long lastSeq) {
      this.file = file;
      this.lastSeq = lastSeq;
    }
  }

  private Outbox(Path dir, long maxEvents, long maxBytes) {
    this.dir = dir;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(64 << 10, Math.min(4 << 20, maxBytes / 8));
  }

  /** Opens (creating it if needed) the outbox in {@code dir}, reading back what was not yet done. */
  public static Outbox open(Path dir, long maxEvents, long maxBytes) throws IOException {
    Files.createDirectories(dir);
    Outbox o = new Outbox(dir, maxEvents, maxBytes);
    o.recover();
    return o;
  }

  private void recover() throws IOException {
    Path doneFile = dir.resolve(DONE);
    if (Files.exists(doneFile)) {
      try {
        doneSeq = Long.parseLong(Files.readString(doneFile, StandardCharsets.US_ASCII).strip());
      } catch (NumberFormatException e) {
        LOG.warn("outbox {}: unreadable '{}' file; every stored message will be sent again", dir, DONE);
        doneSeq = 0;
      }
    }
    syncedDoneSeq = doneSeq;
    long last = doneSeq;
    int damaged = 0;
    for (Path f : segmentFiles()) {
      SegmentFormat.Read read = SegmentFormat.read(f);
      damaged += read.damagedTail() ? 1 : 0;
      long segmentLast = -1;
      for (OutboxEntry e : read.entries()) {
        segmentLast = Math.max(segmentLast, e.seq());
        if (e.seq() > doneSeq && e.seq() > last) {
          admit(e);
          last = e.seq();
        }
      }
      segments.addLast(new Segment(f, segmentLast));
    }
    if (damaged > 0) {
      LOG.warn("outbox {}: {} segment(s) ended in a damaged record (an interrupted write); read up to it", dir, damaged);
    }
    nextSeq = last + 1;
    if (entries.size() > 0) {
      LOG.info("outbox {}: {} messages from before the restart wait for the broker", dir, entries.size());
    }
    deleteFinishedSegments();
  }

  private List<Path> segmentFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
      ds.forEach(files::add);
    }
    files.sort((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b)));
    return files;
  }

  private static long firstSeqOf(Path f) {
    String n = f.getFileName().toString();
    try {
      return Long.parseLong(n.substring(0, n.length() - 4));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Called (outside the outbox's lock) after every append, so a sender can wake up. */
  public void onAppend(Runnable r) {
    this.listener = r;
  }

  /**
   * Appends a message; {@code payload} receives the message's sequence number. Never blocks on the
   * broker: when full, the oldest message makes room.
   */
  public long append(String topic, int qos, LongFunction<byte[]> payload) {
    long seq;
    synchronized (this) {
      seq = nextSeq++;
      OutboxEntry e = new OutboxEntry(seq, topic, qos, payload.apply(seq));
      appended++;
      write(e);
      admit(e);
    }
    listener.run();
    return seq;
  }

  private void admit(OutboxEntry e) {
    if (e.weight() > maxBytes) {
      dropped++;
      doneSeq = Math.max(doneSeq, e.seq());
      return;
    }
    while (entries.size() > 0 && (entries.size() >= maxEvents || bytes + e.weight() > maxBytes)) {
      OutboxEntry old = entries.removeFirst();
      bytes -= old.weight();
      dropped++;
      doneSeq = Math.max(doneSeq, old.seq());
    }
    entries.addLast(e);
    bytes += e.weight();
  }

  private void write(OutboxEntry e) {
    try {
      if (active == null || activeSize >= segmentBytes) {
        roll(e.seq());
      }
      var buffer = SegmentFormat.encode(e);
      while (buffer.hasRemaining()) {
        activeSize += active.write(buffer);
      }
      segments.peekLast().lastSeq = e.seq();
    } catch (IOException | RuntimeException ex) {
      if (writeErrors++ == 0) {
        LOG.error("outbox {}: cannot write ({}); messages are kept in memory only until it works again", dir,
            ex.toString());
      }
      closeActive();
    }
  }

  private void roll(long firstSeq) throws IOException {
    if (active != null) {
      rolled.add(active); // forced and closed by the next sync(), not on the producer's thread
      active = null;
    }
    Path f = dir.resolve(String.format("%020d.seg", firstSeq));
    active = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    activeSize = active.size();
    segments.addLast(new Segment(f, firstSeq - 1));
  }

  private void closeActive() {
    if (active != null) {
      try {
        active.close();
      } catch (IOException ignored) {
        // the data already written stays; the next append opens a new segment
      }
      active = null;
    }
  }

  /** The first message after {@code seq} still to be sent, or null. */
  public synchronized OutboxEntry after(long seq) {
    return entries.firstAfter(seq);
  }

  /** Everything up to and including {@code seq} is delivered and leaves the outbox. */
  public synchronized void acknowledge(long seq) {
    while (entries.size() > 0 && entries.first().seq() <= seq) {
      bytes -= entries.removeFirst().weight();
    }
    doneSeq = Math.max(doneSeq, seq);
  }

  /** The highest sequence number that needs no sending: the sender starts after it on each connect. */
  public synchronized long doneSeq() {
    return doneSeq;
  }

  /** Flushes appended messages to the disk, records what is done and deletes finished segments. */
  public void sync() {
    FileChannel ch;
    List<FileChannel> full;
    long done;
    synchronized (this) {
      ch = active;
      full = List.copyOf(rolled);
      rolled.clear();
      done = doneSeq;
    }
    for (FileChannel f : full) {
      try (f) {
        f.force(false);
      } catch (IOException e) {
        LOG.debug("outbox {}: cannot flush a full segment: {}", dir, e.toString());
      }
    }
    try {
      if (ch != null && ch.isOpen()) {
        ch.force(false);
      }
    } catch (IOException e) {
      // closed after a write error in between: the next segment starts afresh
    }
    if (done != syncedDoneSeq) {
      try {
        Path tmp = dir.resolve(DONE + ".tmp");
        Files.writeString(tmp, Long.toString(done) + "\n", StandardCharsets.US_ASCII);
        try {
          Files.move(tmp, dir.resolve(DONE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, dir.resolve(DONE), StandardCopyOption.REPLACE_EXISTING);
        }
        synchronized (this) {
          syncedDoneSeq = done;
        }
      } catch (IOException e) {
        LOG.debug("outbox {}: cannot record progress: {}", dir, e.toString());
      }
    }
    deleteFinishedSegments();
  }

  private void deleteFinishedSegments() {
    List<Path> finished = new ArrayList<>();
    synchronized (this) {
      // Only what is recorded as done on disk may go: a crash must find every message not yet recorded.
      while (segments.size() > 1 && segments.peekFirst().lastSeq <= syncedDoneSeq) {
        finished.add(segments.pollFirst().file);
      }
      if (active == null && segments.size() == 1 && segments.peekFirst().lastSeq <= syncedDoneSeq) {
        finished.add(segments.pollFirst().file);
      }
    }
    for (Path f : finished) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        LOG.debug("outbox {}: cannot delete {}: {}", dir, f, e.toString());
      }
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized long dropped() {
    return dropped;
  }

  public synchronized long appended() {
    return appended;
  }

  public synchronized long writeErrors() {
    return writeErrors;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    sync();
    synchronized (this) {
      closeActive();
    }
  }
}
