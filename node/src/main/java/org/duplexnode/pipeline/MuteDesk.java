package org.duplexnode.pipeline;

import org.duplexnode.ingest.MicrophoneMute;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.session.UnitDispatcher;

/**
 * Applies mute requests as they arrive, on the ingest thread, and answers each at once. Muted,
 * the microphone is silenced before the voice detector and the session ({@link MicrophoneMute}),
 * and every unit completed from then on is marked muted: the model is made to listen (an utterance
 * in progress stops as with force-listen) and whatever it would say is not published. Unmuting
 * restores both from the next samples and the next unit. A mute request is never refused: one that
 * changes nothing (mute while muted) is accepted and says so.
 */
final class MuteDesk {
  static final String COMMAND = "mute";

  private final MicrophoneMute microphone;
  private final UnitDispatcher<?> dispatcher;
  private final OutputPort out;

  MuteDesk(MicrophoneMute microphone, UnitDispatcher<?> dispatcher, OutputPort out) {
    this.microphone = microphone;
    this.dispatcher = dispatcher;
    this.out = out;
  }

  /** Applies {@code request} at input time {@code stampNs} and answers it. */
  synchronized void request(MuteRequest request, long stampNs) {
    boolean was = microphone.muted();
    microphone.set(request.muted());
    dispatcher.setMuted(request.muted());
    String now = request.muted() ? "muted" : "unmuted";
    String message = was == request.muted() ? now + " (it already was)" : now;
    out.reply(CommandReply.accepted(stampNs, request.requestId(), COMMAND, message));
  }

  boolean muted() {
    return microphone.muted();
  }
}
