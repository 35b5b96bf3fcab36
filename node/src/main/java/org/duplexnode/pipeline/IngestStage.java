package org.duplexnode.pipeline;

import java.util.Optional;
import java.util.function.Consumer;
import org.duplexnode.ingest.audio.AudioChunk;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.RejectReason;
import org.duplexnode.ingest.audio.SampleFormat;
import org.duplexnode.ports.CameraFrame;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.session.FrameSlot;
import org.duplexnode.session.UnitDispatcher;

/**
 * The ingest stage as a source sees it: audio goes through {@link AudioIngest} (and from there to
 * the unit clock), frames are kept as they arrived in the {@link FrameSlot} (the model thread
 * converts the one a unit picks), watch requests and force-listen are handed to the session, mute
 * requests to the {@link MuteDesk}.
 * Runs on the source's thread and never waits for the model.
 */
public final class IngestStage implements InputPort {
  private final AudioIngest audio;
  private final FrameSlot<CameraFrame> frames;
  private final UnitDispatcher<CameraFrame> dispatcher;
  private final CommandDesk commands;
  private final OutputPort replies;
  private final java.util.function.LongSupplier clockNs;
  private volatile long lastAudioStampNs = Long.MIN_VALUE;
  private final Consumer<Long> forceListens;
  private final MuteDesk mute;
  private final Consumer<RawAudio> farEnd;

  public IngestStage(AudioIngest audio, FrameSlot<CameraFrame> frames, UnitDispatcher<CameraFrame> dispatcher,
                     CommandDesk commands, OutputPort replies, java.util.function.LongSupplier clockNs,
                     Consumer<Long> forceListens, MuteDesk mute) {
    this(audio, frames, dispatcher, commands, replies, clockNs, forceListens, mute, a -> { });
  }

  /** As above, the far end ({@code audio/far_end}) going to {@code farEnd}: the echo path's reference. */
  public IngestStage(AudioIngest audio, FrameSlot<CameraFrame> frames, UnitDispatcher<CameraFrame> dispatcher,
                     CommandDesk commands, OutputPort replies, java.util.function.LongSupplier clockNs,
                     Consumer<Long> forceListens, MuteDesk mute, Consumer<RawAudio> farEnd) {
    this.farEnd = farEnd;
    this.audio = audio;
    this.frames = frames;
    this.dispatcher = dispatcher;
    this.commands = commands;
    this.replies = replies;
    this.clockNs = clockNs;
    this.forceListens = forceListens;
    this.mute = mute;
  }

  @Override
  public void onFarEnd(RawAudio a) {
    farEnd.accept(a);
  }

  @Override
  public void onImage(RawImage image) {
    frames.offer(image.stampNanos(), image);
  }

  @Override
  public void onCompressedImage(RawCompressedImage image) {
    frames.offer(image.stampNanos(), image);
  }

  @Override
  public void onAudio(RawAudio a) {
    Optional<SampleFormat> format = SampleFormat.parse(a.sampleFormat());
    if (format.isEmpty()) {
      audio.rejectedUpstream(RejectReason.UNKNOWN_FORMAT);
      return;
    }
    lastAudioStampNs = a.stampNanos();
    audio.accept(AudioChunk.ofBytes(a.stampNanos(), a.sampleRate(), a.channels(), format.get(), a.data()));
  }

  /**
   * A watch request is applied and answered now. It is stamped with the audio time it arrived at
   * (the last audio message seen), not a clock: the model then takes it at the same unit in a
   * replay at any speed, and live whatever clock the microphone driver stamps with. Before any
   * audio it is stamped with the node clock and armed from the first unit.
   */
  @Override
  public void onWatchRequest(WatchRequest request) {
    atInputTime((stampNs, applyFromNs) -> commands.request(request, stampNs, applyFromNs));
  }

  /** As a watch request: applied or handed to the model now, stamped with the last audio seen. */
  @Override
  public void onControl(ConversationControl control) {
    atInputTime((stampNs, applyFromNs) -> commands.control(control, stampNs, applyFromNs));
  }

  /** A command's input time and the unit end from which it applies. */
  private interface Timed {
    void at(long stampNs, long applyFromNs);
  }

  /**
   * Hands {@code command} the audio time it arrived at (the last audio message seen), as its stamp
   * and as the unit end it applies from; before any audio, the node clock and
   * {@link Long#MIN_VALUE} (the next unit, whatever the microphone's clock).
   */
  private void atInputTime(Timed command) {
    long audioNs = lastAudioStampNs;
    if (audioNs == Long.MIN_VALUE) {
      command.at(clockNs.getAsLong(), Long.MIN_VALUE);
    } else {
      command.at(audioNs, audioNs);
    }
  }

  @Override
  public void onCommandRefused(CommandReply reply) {
    replies.reply(reply);
  }

  @Override
  public void onForceListen(long stampNanos, String reason) {
    dispatcher.requestForceListen();
    forceListens.accept(stampNanos);
  }

  /**
   * A mute request is applied and answered now, stamped like a watch request with the audio time
   * it arrived at (the node clock before any audio): the samples after it are silenced and the
   * unit in progress is the first muted one, at the same unit in a replay at any speed.
   */
  @Override
  public void onMute(MuteRequest request) {
    atInputTime((stampNs, applyFromNs) -> mute.request(request, stampNs));
  }

  /** End of input (bag replay): completes the unit in progress. */
  public void finish() {
    audio.finish();
  }
}
