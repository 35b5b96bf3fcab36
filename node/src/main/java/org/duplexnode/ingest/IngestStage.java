package org.duplexnode.ingest;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.duplexnode.ingest.audio.AudioChunk;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.RejectReason;
import org.duplexnode.ingest.audio.SampleFormat;
import org.duplexnode.session.FrameSlot;
import org.duplexnode.session.UnitDispatcher;
import org.duplexnode.sources.RawAudio;
import org.duplexnode.sources.RawCompressedImage;
import org.duplexnode.sources.RawImage;
import org.duplexnode.sources.SourceListener;
import org.duplexnode.sources.WatchRequest;

/**
 * The ingest stage as a source sees it: audio goes through {@link AudioIngest} (and from there to
 * the unit clock), frames are converted and offered to the {@link FrameSlot}, watch requests and
 * force-listen are handed to the session. Runs on the source's thread and never waits for the
 * model. A frame that cannot be converted is dropped by the converter, which counts why.
 *
 * @param <F> the model-ready frame type
 */
public final class IngestStage<F> implements SourceListener {
  private final AudioIngest audio;
  private final FrameSlot<F> frames;
  private final Function<RawImage, Optional<F>> rawFrames;
  private final Function<RawCompressedImage, Optional<F>> compressedFrames;
  private final UnitDispatcher<F> dispatcher;
  private final Consumer<WatchRequest> watchRequests;
  private final Consumer<Long> forceListens;

  public IngestStage(AudioIngest audio, FrameSlot<F> frames, Function<RawImage, Optional<F>> rawFrames,
                     Function<RawCompressedImage, Optional<F>> compressedFrames, UnitDispatcher<F> dispatcher,
                     Consumer<WatchRequest> watchRequests, Consumer<Long> forceListens) {
    this.audio = audio;
    this.frames = frames;
    this.rawFrames = rawFrames;
    this.compressedFrames = compressedFrames;
    this.dispatcher = dispatcher;
    this.watchRequests = watchRequests;
    this.forceListens = forceListens;
  }

  @Override
  public void onImage(RawImage image) {
    rawFrames.apply(image).ifPresent(f -> frames.offer(image.stampNanos(), f));
  }

  @Override
  public void onCompressedImage(RawCompressedImage image) {
    compressedFrames.apply(image).ifPresent(f -> frames.offer(image.stampNanos(), f));
  }

  @Override
  public void onAudio(RawAudio a) {
    Optional<SampleFormat> format = SampleFormat.parse(a.sampleFormat());
    if (format.isEmpty()) {
      audio.rejectedUpstream(RejectReason.UNKNOWN_FORMAT);
      return;
    }
    audio.accept(AudioChunk.ofBytes(a.stampNanos(), a.sampleRate(), a.channels(), format.get(), a.data()));
  }

  @Override
  public void onWatchRequest(WatchRequest request) {
    watchRequests.accept(request);
  }

  @Override
  public void onForceListen(long stampNanos, String reason) {
    dispatcher.requestForceListen();
    forceListens.accept(stampNanos);
  }

  /** End of input (bag replay): completes the unit in progress. */
  public void finish() {
    audio.finish();
  }
}
