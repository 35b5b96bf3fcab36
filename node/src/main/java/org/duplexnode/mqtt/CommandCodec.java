package org.duplexnode.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.ports.WatchRules;

/**
 * Reads and validates inbound command payloads (schema in docs/interfaces.md, "MQTT"): the size
 * first, then JSON, {@code schema_version}, then every field by name, type and range, with the
 * same limits as the ROS ~/watch and ~/force_listen messages (watch id 64, condition 1024, reason
 * 256 characters). Unknown fields are refused so that a typo cannot go unnoticed.
 */
public final class CommandCodec {
  public static final String WATCH = "watch";
  public static final String FORCE_LISTEN = "force_listen";
  public static final String SAY = "say";
  public static final String CONTEXT = "context";
  public static final String RESET = "reset";
  public static final String MUTE = "mute";
  public static final int MAX_REQUEST_ID_CHARS = 64;
  public static final int MAX_REASON_CHARS = 256;
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> WATCH_FIELDS = Set.of("schema_version", "request_id", "action", "watch_id",
      "condition", "expire_after_s", "once");
  private static final Set<String> FORCE_LISTEN_FIELDS = Set.of("schema_version", "request_id", "reason");
  private static final Set<String> SAY_FIELDS = Set.of("schema_version", "request_id", "text", "mode");
  private static final Set<String> CONTEXT_FIELDS = Set.of("schema_version", "request_id", "action", "context_id",
      "text");
  private static final Set<String> RESET_FIELDS = Set.of("schema_version", "request_id", "keep_watches",
      "keep_context");
  private static final Set<String> MUTE_FIELDS = Set.of("schema_version", "request_id", "muted");

  private final int maxPayloadBytes;

  public CommandCodec(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The command in {@code payload}, sent to the topic of {@code command} (WATCH, FORCE_LISTEN or MUTE). */
  public InboundCommand decode(String command, byte[] payload) throws CommandRejected {
    if (payload.length > maxPayloadBytes) {
      throw new CommandRejected(CommandRejected.TOO_LARGE, "", "payload of " + payload.length
          + " bytes is over the limit of " + maxPayloadBytes);
    }
    JsonNode n;
    try {
      n = JSON.readTree(payload);
    } catch (IOException e) {
      throw new CommandRejected(CommandRejected.MALFORMED_JSON, "", "not valid JSON: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw new CommandRejected(CommandRejected.MALFORMED_JSON, "", "the payload must be a JSON object");
    }
    String requestId = requestId(n);
    JsonNode version = n.get("schema_version");
    if (version == null || !version.isIntegralNumber()) {
      throw new CommandRejected(CommandRejected.UNSUPPORTED_SCHEMA_VERSION, requestId,
          "schema_version (an integer) is required; this node reads " + PayloadCodec.SCHEMA_VERSION);
    }
    if (version.asLong() != PayloadCodec.SCHEMA_VERSION) {
      throw new CommandRejected(CommandRejected.UNSUPPORTED_SCHEMA_VERSION, requestId, "schema_version "
          + version.asText() + " is not supported; this node reads " + PayloadCodec.SCHEMA_VERSION);
    }
    return switch (command) {
      case WATCH -> watch(n, requestId);
      case FORCE_LISTEN -> forceListen(n, requestId);
      case SAY -> say(n, requestId);
      case CONTEXT -> context(n, requestId);
      case RESET -> reset(n, requestId);
      case MUTE -> mute(n, requestId);
      default -> throw new IllegalArgumentException("unknown command " + command);
    };
  }

  private static InboundCommand watch(JsonNode n, String requestId) throws CommandRejected {
    onlyFields(n, WATCH_FIELDS, requestId);
    String actionText = text(n, "action", true, 16, requestId);
    WatchRequest.Action action;
    switch (actionText.toLowerCase(Locale.ROOT)) {
      case "add" -> action = WatchRequest.Action.ADD;
      case "remove" -> action = WatchRequest.Action.REMOVE;
      case "clear" -> action = WatchRequest.Action.CLEAR;
      default -> throw invalid(requestId, "action must be \"add\", \"remove\" or \"clear\", not \"" + actionText + "\"");
    }
    String id = text(n, "watch_id", action != WatchRequest.Action.CLEAR, WatchRules.MAX_ID_CHARS, requestId);
    String condition = text(n, "condition", action == WatchRequest.Action.ADD, WatchRules.MAX_CONDITION_CHARS,
        requestId);
    double expire = 0;
    JsonNode e = n.get("expire_after_s");
    if (e != null) {
      if (!e.isNumber()) {
        throw invalid(requestId, "expire_after_s must be a number");
      }
      expire = e.asDouble();
    }
    boolean once = false;
    JsonNode o = n.get("once");
    if (o != null) {
      if (!o.isBoolean()) {
        throw invalid(requestId, "once must be true or false");
      }
      once = o.booleanValue();
    }
    var why = switch (action) {
      case ADD -> WatchRules.invalidAdd(id, condition, expire);
      case REMOVE -> WatchRules.invalidId(id);
      case CLEAR -> java.util.Optional.<String>empty();
    };
    if (why.isPresent()) {
      throw invalid(requestId, why.get());
    }
    return new InboundCommand.Watch(requestId, new WatchRequest(requestId, action, id, condition, expire, once));
  }

  private static InboundCommand forceListen(JsonNode n, String requestId) throws CommandRejected {
    onlyFields(n, FORCE_LISTEN_FIELDS, requestId);
    return new InboundCommand.ForceListen(requestId, text(n, "reason", false, MAX_REASON_CHARS, requestId));
  }

  private static InboundCommand say(JsonNode n, String requestId) throws CommandRejected {
    onlyFields(n, SAY_FIELDS, requestId);
    String text = text(n, "text", true, ConversationControl.Say.MAX_CHARS, requestId);
    String mode = text(n, "mode", false, 16, requestId);
    boolean interrupt = switch (mode.toLowerCase(Locale.ROOT)) {
      case "", "queue" -> false;
      case "interrupt" -> true;
      default -> throw invalid(requestId, "mode must be \"queue\" or \"interrupt\", not \"" + mode + "\"");
    };
    return new InboundCommand.Control(new ConversationControl.Say(requestId, text, interrupt));
  }

  private static InboundCommand context(JsonNode n, String requestId) throws CommandRejected {
    onlyFields(n, CONTEXT_FIELDS, requestId);
    String actionText = text(n, "action", true, 16, requestId);
    ConversationControl.Context.Action action;
    switch (actionText.toLowerCase(Locale.ROOT)) {
      case "add" -> action = ConversationControl.Context.Action.ADD;
      case "remove" -> action = ConversationControl.Context.Action.REMOVE;
      case "clear" -> action = ConversationControl.Context.Action.CLEAR;
      default -> throw invalid(requestId, "action must be \"add\", \"remove\" or \"clear\", not \"" + actionText + "\"");
    }
    String id = text(n, "context_id", action != ConversationControl.Context.Action.CLEAR,
        ConversationControl.Context.MAX_ID_CHARS, requestId);
    String text = text(n, "text", action == ConversationControl.Context.Action.ADD,
        ConversationControl.Context.MAX_CHARS, requestId);
    return new InboundCommand.Control(new ConversationControl.Context(requestId, action, id, text));
  }

  private static InboundCommand reset(JsonNode n, String requestId) throws CommandRejected {
    onlyFields(n, RESET_FIELDS, requestId);
    return new InboundCommand.Control(new ConversationControl.Reset(requestId, flag(n, "keep_watches", requestId),
        flag(n, "keep_context", requestId)));
  }

  private static boolean flag(JsonNode n, String field, String requestId) throws CommandRejected {
    JsonNode v = n.get(field);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw invalid(requestId, field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static InboundCommand mute(JsonNode n, String requestId) throws CommandRejected {
    onlyFields(n, MUTE_FIELDS, requestId);
    JsonNode m = n.get("muted");
    if (m == null || !m.isBoolean()) {
      throw invalid(requestId, "muted (true or false) is required");
    }
    return new InboundCommand.Mute(requestId, new MuteRequest(requestId, m.booleanValue()));
  }

  private static String requestId(JsonNode n) throws CommandRejected {
    JsonNode r = n.get("request_id");
    if (r == null) {
      return "";
    }
    if (!r.isTextual() || r.textValue().length() > MAX_REQUEST_ID_CHARS) {
      throw invalid("", "request_id must be a string of at most " + MAX_REQUEST_ID_CHARS + " characters");
    }
    return r.textValue();
  }

  private static void onlyFields(JsonNode n, Set<String> allowed, String requestId) throws CommandRejected {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw invalid(requestId, "unknown field \"" + clip(f) + "\" (allowed: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private static String text(JsonNode n, String field, boolean required, int maxChars, String requestId)
      throws CommandRejected {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw invalid(requestId, field + " is required");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw invalid(requestId, field + " must be a string");
    }
    if (v.textValue().length() > maxChars) {
      throw invalid(requestId, field + " must be at most " + maxChars + " characters, got " + v.textValue().length());
    }
    return v.textValue();
  }

  private static CommandRejected invalid(String requestId, String message) {
    return new CommandRejected(CommandRejected.INVALID_FIELD, requestId, message);
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int eol = s.indexOf('\n');
    return clip(eol < 0 ? s : s.substring(0, eol));
  }
}
