package org.duplexnode.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchListChanged;

/**
 * The JSON payloads the bridge publishes (schema in docs/interfaces.md, "MQTT"). Field names are
 * those of the ROS messages; stamps are {@code {"sec": S, "nanosec": N}} like builtin_interfaces/Time
 * (nanoseconds as one number would lose precision in JavaScript). Every payload carries
 * {@code schema_version}, {@code type} and {@code robot_id}; queued ones also the outbox {@code seq}.
 */
public final class PayloadCodec {
  /** Raised when a field changes meaning or goes away; new fields keep the version. */
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String robotId;

  public PayloadCodec(String robotId) {
    this.robotId = robotId;
  }

  /** ~/events as JSON; {@code frameId} is the header's frame id as the ROS message has it. */
  public byte[] event(ProactiveAlert a, String frameId, long seq) {
    ObjectNode n = header("event", seq);
    n.put("event_id", a.eventId());
    n.put("kind", a.kind());
    n.put("text", a.text());
    n.put("watch_id", a.watchId());
    n.put("watch_condition", a.watchCondition());
    n.put("utterance_id", a.utteranceId());
    n.put("unit_index", a.unitIndex());
    n.put("frame_id", frameId);
    n.set("stamp", stamp(a.audioStampNs()));
    n.set("frame_stamp", stamp(Math.max(0, a.frameStampNs())));
    n.set("audio_stamp", stamp(a.audioStampNs()));
    n.put("latency_s", a.latencyS());
    n.put("is_final", a.isFinal());
    return bytes(n);
  }

  public byte[] transcript(TranscriptUpdate t, String frameId, long seq) {
    ObjectNode n = header("transcript", seq);
    n.put("utterance_id", t.utteranceId());
    n.put("unit_index", t.unitIndex());
    n.put("frame_id", frameId);
    n.set("stamp", stamp(t.stampNs()));
    n.put("text", t.text());
    n.put("text_so_far", t.textSoFar());
    n.put("is_final", t.isFinal());
    n.put("proactive", t.proactive());
    n.put("interrupted", t.interrupted());
    n.set("audio_start", stamp(t.audioStartNs()));
    n.set("audio_end", stamp(t.audioEndNs()));
    return bytes(n);
  }

  public byte[] state(StateUpdate s, String frameId) {
    ObjectNode n = header("state", -1);
    n.put("frame_id", frameId);
    n.set("stamp", stamp(s.stampNs()));
    n.put("mode", s.speaking() ? "speaking" : "listening");
    n.put("speaking", s.speaking());
    n.put("unit_index", s.unitIndex());
    n.put("utterance_id", s.utteranceId());
    n.put("compute_s", s.computeS());
    n.put("budget_s", s.budgetS());
    n.put("queue_depth", s.queueDepth());
    n.put("dropped_units", s.droppedUnits());
    n.put("dropped_frames", s.droppedFrames());
    n.put("input_errors", s.inputErrors());
    n.put("cache_tokens", s.cacheTokens());
    n.put("muted", s.muted());
    n.put("barge_in", s.bargeIn());
    return bytes(n);
  }

  /** ~/user_speech as JSON: {@code event} "start" or "end", {@code start}, {@code end} (zero on start). */
  public byte[] userSpeech(UserSpeechChange c, String frameId, long seq) {
    ObjectNode n = header("user_speech", seq);
    n.put("frame_id", frameId);
    n.set("stamp", stamp(c.stampNs()));
    n.put("event", c.kind() == UserSpeechChange.Kind.START ? "start" : "end");
    n.set("start", stamp(c.startNs()));
    n.set("end", stamp(c.endNs()));
    return bytes(n);
  }

  public byte[] watches(WatchListChanged w) {
    ObjectNode n = header("watches", -1);
    n.set("stamp", stamp(w.stampNs()));
    var list = n.putArray("watches");
    for (Watch watch : w.watches()) {
      ObjectNode m = list.addObject();
      m.put("watch_id", watch.id());
      m.put("condition", watch.condition());
      m.put("state", watch.firedCount() > 0 ? "fired" : "armed");
      m.put("once", watch.once());
      m.set("added", stamp(watch.addedNs()));
      m.set("expires", stamp(watch.expiresNs()));
      m.put("fired_count", watch.firedCount());
    }
    return bytes(n);
  }

  /** The retained status: "online" after connecting, "offline" as the last will and on a clean stop. */
  public byte[] status(boolean online) {
    ObjectNode n = header("status", -1);
    n.put("status", online ? "online" : "offline");
    return bytes(n);
  }

  /** Answer to an accepted command, on the reply topic. */
  public byte[] reply(String command, String requestId) {
    ObjectNode n = header("reply", -1);
    n.put("command", command);
    n.put("request_id", requestId);
    n.put("status", "accepted");
    return bytes(n);
  }

  /**
   * The node's answer to a command it applied or refused (a watch, a conversation control), on
   * the reply topic: {@code status} "accepted" or "refused" with the reason code and message.
   */
  public byte[] reply(CommandReply r) {
    ObjectNode n = header("reply", -1);
    n.put("command", r.command());
    n.put("request_id", r.requestId());
    n.put("status", r.accepted() ? "accepted" : "refused");
    if (!r.accepted()) {
      n.put("reason", r.reason());
    }
    n.put("message", r.message());
    n.set("stamp", stamp(r.stampNs()));
    return bytes(n);
  }

  /** Answer to a rejected command, on the error topic. */
  public byte[] error(String command, String requestId, String reason, String message) {
    ObjectNode n = header("error", -1);
    n.put("command", command);
    n.put("request_id", requestId);
    n.put("reason", reason);
    n.put("message", message);
    return bytes(n);
  }

  private ObjectNode header(String type, long seq) {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema_version", SCHEMA_VERSION);
    n.put("type", type);
    n.put("robot_id", robotId);
    if (seq >= 0) {
      n.put("seq", seq);
    }
    return n;
  }

  /** builtin_interfaces/Time: seconds and nanoseconds, both non-negative. */
  static ObjectNode stamp(long ns) {
    ObjectNode t = JSON.createObjectNode();
    t.put("sec", Math.floorDiv(ns, 1_000_000_000L));
    t.put("nanosec", Math.floorMod(ns, 1_000_000_000L));
    return t;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON of a tree cannot fail", e);
    }
  }
}
