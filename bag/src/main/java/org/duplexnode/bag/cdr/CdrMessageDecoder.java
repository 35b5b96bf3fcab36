package org.duplexnode.bag.cdr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes CDR messages into a tree for inspection, driven by a {@link MsgSchema}: a message is a
 * {@code Map<String, Object>} in field order; arrays are {@code List}s, except arrays of uint8
 * and byte, which are {@code byte[]}. bool is Boolean; byte, char, uint8, int8, int16, uint16 and
 * int32 are Integer; uint32 and int64 are Long; uint64 is Long, or BigInteger above
 * Long.MAX_VALUE; float32 is Float; float64 is Double; string is String.
 *
 * <p>Failure: malformed bytes throw {@link CdrFormatException} naming the field.
 */
public final class CdrMessageDecoder {
  /** Deeper nesting than this means a recursive (malformed) schema. */
  private static final int MAX_DEPTH = 64;

  private final MsgSchema schema;

  public CdrMessageDecoder(MsgSchema schema) {
    this.schema = schema;
  }

  public Map<String, Object> decode(byte[] message) throws CdrFormatException {
    return decodeType(new CdrReader(message), schema.root(), 0);
  }

  private Map<String, Object> decodeType(CdrReader in, MsgType type, int depth) throws CdrFormatException {
    if (depth > MAX_DEPTH) {
      throw new CdrFormatException("message nesting deeper than " + MAX_DEPTH + " in " + schema.rootName());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (type.fields().isEmpty()) {
      in.readUint8();
      return out;
    }
    for (MsgField field : type.fields()) {
      try {
        out.put(field.name(), decodeField(in, field.type(), depth));
      } catch (CdrFormatException e) {
        throw new CdrFormatException(type.name() + "." + field.name() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private Object decodeField(CdrReader in, MsgFieldType type, int depth) throws CdrFormatException {
    if (type.arrayKind() == MsgFieldType.ArrayKind.NONE) {
      return decodeValue(in, type, depth);
    }
    int count;
    if (type.arrayKind() == MsgFieldType.ArrayKind.FIXED) {
      count = type.arrayLength();
    } else {
      count = in.readSequenceLength(type.primitive() ? MsgPrimitives.size(type.baseType()) : 1);
      if (type.arrayKind() == MsgFieldType.ArrayKind.BOUNDED && count > type.arrayLength()) {
        throw new CdrFormatException("sequence of " + count + " exceeds its bound " + type.arrayLength());
      }
    }
    if (type.primitive() && MsgPrimitives.isOctet(type.baseType())) {
      return in.readBytes(count);
    }
    if (count > in.remaining()) {
      throw new CdrFormatException("array of " + count + " elements cannot fit in " + in.remaining() + " bytes");
    }
    MsgFieldType element = type.element();
    List<Object> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(decodeValue(in, element, depth));
    }
    return values;
  }

  private Object decodeValue(CdrReader in, MsgFieldType type, int depth) throws CdrFormatException {
    if (!type.primitive()) {
      return decodeType(in, schema.type(type.baseType()), depth + 1);
    }
    switch (type.baseType()) {
      case "bool": return in.readBool();
      case "byte": case "char": case "uint8": return in.readUint8();
      case "int8": return in.readInt8();
      case "int16": return in.readInt16();
      case "uint16": return in.readUint16();
      case "int32": return in.readInt32();
      case "uint32": return in.readUint32();
      case "int64": return in.readInt64();
      case "uint64": return unsigned(in.readUint64());
      case "float32": return in.readFloat32();
      case "float64": return in.readFloat64();
      case "string": return in.readString();
      default:
        throw new CdrFormatException(type.baseType() + " fields are not supported");
    }
  }

  private static Number unsigned(long bits) {
    return bits >= 0 ? (Number) bits : new BigInteger(Long.toUnsignedString(bits));
  }
}
