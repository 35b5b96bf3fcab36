package org.duplexnode.ros;

import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;

/**
 * Counts what arrives from a source and passes it on unchanged; the counts feed the node's
 * start-up and shutdown summaries.
 */
public final class InputStatistics implements InputPort {
  private final InputPort next;
  private final AtomicLong images = new AtomicLong();
  private final AtomicLong compressed = new AtomicLong();
  private final AtomicLong audioMessages = new AtomicLong();
  private final AtomicLong audioBytes = new AtomicLong();
  private final AtomicLong farEndMessages = new AtomicLong();
  private final AtomicLong watchRequests = new AtomicLong();
  private final AtomicLong forceListens = new AtomicLong();
  private final AtomicLong muteRequests = new AtomicLong();

  public InputStatistics(InputPort next) {
    this.next = next;
  }

  @Override
  public void onImage(RawImage image) {
    images.incrementAndGet();
    next.onImage(image);
  }

  @Override
  public void onCompressedImage(RawCompressedImage image) {
    compressed.incrementAndGet();
    next.onCompressedImage(image);
  }

  @Override
  public void onAudio(RawAudio audio) {
    audioMessages.incrementAndGet();
    audioBytes.addAndGet(audio.data().length);
    next.onAudio(audio);
  }

  @Override
  public void onFarEnd(RawAudio audio) {
    farEndMessages.incrementAndGet();
    next.onFarEnd(audio);
  }

  @Override
  public void onWatchRequest(WatchRequest request) {
    watchRequests.incrementAndGet();
    next.onWatchRequest(request);
  }

  @Override
  public void onControl(ConversationControl control) {
    next.onControl(control);
  }

  @Override
  public void onCommandRefused(CommandReply reply) {
    next.onCommandRefused(reply);
  }

  @Override
  public void onForceListen(long stampNanos, String reason) {
    forceListens.incrementAndGet();
    next.onForceListen(stampNanos, reason);
  }

  @Override
  public void onMute(MuteRequest request) {
    muteRequests.incrementAndGet();
    next.onMute(request);
  }

  public String summary() {
    return "images " + images.get() + ", compressed images " + compressed.get() + ", audio messages "
        + audioMessages.get() + " (" + audioBytes.get() + " bytes), far end " + farEndMessages.get()
        + ", watch requests " + watchRequests.get()
        + ", force-listen " + forceListens.get() + ", mute " + muteRequests.get();
  }
}
