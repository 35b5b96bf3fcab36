package org.duplexnode.bag.cdr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses ros2msg schema text into {@link MsgSchema}. Service event schemas (".../srv/X_Event"
 * whose text is the .srv request "---" response) become the event message rosidl generates:
 * {info, request[<=1], response[<=1]}.
 */
final class MsgSchemaParser {
  private static final Pattern SEPARATOR = Pattern.compile("^={3,}\\s*$");
  private static final Pattern TYPE = Pattern.compile("^([A-Za-z][A-Za-z0-9_/]*)(<=(\\d+))?(\\[(<=)?(\\d*)\\])?$");
  private static final Pattern NAME = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*)(.*)$", Pattern.DOTALL);
  private static final String EVENT_SUFFIX = "_Event";

  private final String rootName;
  private final String text;
  private final Map<String, MsgType> types = new LinkedHashMap<>();
  private final Map<String, String> packages = new LinkedHashMap<>();

  MsgSchemaParser(String rootType, String text) {
    this.rootName = MsgSchema.canonical(rootType.trim());
    this.text = text.replace("\r\n", "\n");
  }

  MsgSchema parse() throws CdrFormatException {
    List<List<String>> sections = split();
    parseRoot(sections.get(0));
    for (List<String> section : sections.subList(1, sections.size())) {
      parseDependency(section);
    }
    resolveAll();
    rejectCycles(rootName, new ArrayDeque<>(), new HashSet<>());
    return new MsgSchema(rootName, types);
  }

  /** A type that contains itself has no finite serialization; rosidl forbids it too. */
  private void rejectCycles(String name, Deque<String> path, Set<String> done)
      throws CdrFormatException {
    if (done.contains(name)) {
      return;
    }
    if (path.contains(name)) {
      throw new CdrFormatException("type " + name + " of schema " + rootName + " contains itself");
    }
    path.push(name);
    for (MsgField field : types.get(name).fields()) {
      if (!field.type().primitive()) {
        rejectCycles(field.type().baseType(), path, done);
      }
    }
    path.pop();
    done.add(name);
  }

  private List<List<String>> split() {
    List<List<String>> sections = new ArrayList<>();
    List<String> current = new ArrayList<>();
    sections.add(current);
    for (String line : text.split("\n", -1)) {
      if (SEPARATOR.matcher(line.trim()).matches()) {
        current = new ArrayList<>();
        sections.add(current);
      } else {
        current.add(line);
      }
    }
    return sections;
  }

  private void parseRoot(List<String> lines) throws CdrFormatException {
    String pkg = rootName.split("/")[0];
    int split = lines.indexOf("---");
    if (rootName.contains("/srv/") && rootName.endsWith(EVENT_SUFFIX) && split >= 0) {
      String service = rootName.substring(0, rootName.length() - EVENT_SUFFIX.length());
      add(service + "_Request", pkg, fields(lines.subList(0, split), service + "_Request"));
      add(service + "_Response", pkg, fields(lines.subList(split + 1, lines.size()), service + "_Response"));
      add(rootName, pkg, List.of(
          new MsgField("info", BuiltinMsgTypes.complex("service_msgs/msg/ServiceEventInfo")),
          new MsgField("request", new MsgFieldType(service + "_Request", false, MsgFieldType.ArrayKind.BOUNDED, 1, 0)),
          new MsgField("response", new MsgFieldType(service + "_Response", false, MsgFieldType.ArrayKind.BOUNDED, 1, 0))));
      return;
    }
    if (split >= 0) {
      throw new CdrFormatException("schema of " + rootName + " has a \"---\" separator; only messages "
          + "and service events can be decoded");
    }
    add(rootName, pkg, fields(lines, rootName));
  }

  private void parseDependency(List<String> lines) throws CdrFormatException {
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    String header = first < lines.size() ? lines.get(first).trim() : "";
    if (header.startsWith("IDL:")) {
      throw new CdrFormatException("schema of " + rootName + " is IDL (ros2idl); only ros2msg is supported");
    }
    if (!header.startsWith("MSG:")) {
      throw new CdrFormatException("schema of " + rootName + ": a section after \"====\" does not start with \"MSG: \"");
    }
    String name = MsgSchema.canonical(header.substring(4).trim());
    List<String> body = lines.subList(first + 1, lines.size());
    if (!types.containsKey(name)) {
      add(name, name.split("/")[0], fields(body, name));
    }
  }

  private void add(String name, String pkg, List<MsgField> fields) {
    types.put(name, new MsgType(name, fields));
    packages.put(name, pkg);
  }

  private List<MsgField> fields(List<String> lines, String owner) throws CdrFormatException {
    List<MsgField> fields = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] typeAndRest = line.split("\\s+", 2);
      if (typeAndRest.length < 2) {
        throw new CdrFormatException(owner + ": cannot parse line \"" + line + "\"");
      }
      Matcher name = NAME.matcher(typeAndRest[1]);
      if (!name.matches()) {
        throw new CdrFormatException(owner + ": no field name in line \"" + line + "\"");
      }
      if (name.group(2).strip().startsWith("=")) {
        continue;
      }
      fields.add(new MsgField(name.group(1), fieldType(typeAndRest[0], owner, line)));
    }
    return fields;
  }

  private static MsgFieldType fieldType(String spec, String owner, String line) throws CdrFormatException {
    Matcher m = TYPE.matcher(spec);
    if (!m.matches()) {
      throw new CdrFormatException(owner + ": cannot parse type \"" + spec + "\" in line \"" + line + "\"");
    }
    String base = m.group(1);
    int stringBound = m.group(3) == null ? 0 : parseInt(m.group(3), line);
    MsgFieldType.ArrayKind kind = MsgFieldType.ArrayKind.NONE;
    int length = 0;
    if (m.group(4) != null) {
      if (m.group(6).isEmpty()) {
        kind = MsgFieldType.ArrayKind.UNBOUNDED;
      } else {
        kind = m.group(5) != null ? MsgFieldType.ArrayKind.BOUNDED : MsgFieldType.ArrayKind.FIXED;
        length = parseInt(m.group(6), line);
      }
    }
    return new MsgFieldType(base, MsgPrimitives.isPrimitive(base), kind, length, stringBound);
  }

  private static int parseInt(String digits, String line) throws CdrFormatException {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new CdrFormatException("number out of range in line \"" + line + "\"");
    }
  }

  /** Rewrites complex field types to canonical names, adding built-ins that are referenced. */
  private void resolveAll() throws CdrFormatException {
    List<String> pending = new ArrayList<>(types.keySet());
    for (int i = 0; i < pending.size(); i++) {
      MsgType type = types.get(pending.get(i));
      String pkg = packages.getOrDefault(type.name(), type.name().split("/")[0]);
      List<MsgField> resolved = new ArrayList<>();
      for (MsgField field : type.fields()) {
        MsgFieldType t = field.type();
        if (!t.primitive()) {
          String target = resolveName(t.baseType(), pkg, type.name(), field.name());
          if (!types.containsKey(target) && BuiltinMsgTypes.find(target).isPresent()) {
            MsgType builtin = BuiltinMsgTypes.find(target).get();
            types.put(target, builtin);
            pending.add(target);
          }
          t = new MsgFieldType(target, false, t.arrayKind(), t.arrayLength(), t.stringBound());
        }
        resolved.add(new MsgField(field.name(), t));
      }
      types.put(type.name(), new MsgType(type.name(), resolved));
    }
  }

  private String resolveName(String name, String pkg, String owner, String field) throws CdrFormatException {
    List<String> candidates = new ArrayList<>();
    if (name.contains("/")) {
      candidates.add(MsgSchema.canonical(name));
    } else {
      candidates.add(pkg + "/msg/" + name);
      if (name.equals("Header")) {
        candidates.add("std_msgs/msg/Header");
      }
    }
    for (String candidate : candidates) {
      if (types.containsKey(candidate) || BuiltinMsgTypes.find(candidate).isPresent()) {
        return candidate;
      }
    }
    throw new CdrFormatException("type " + name + " of field " + owner + "." + field
        + " is not defined in the schema of " + rootName);
  }
}
