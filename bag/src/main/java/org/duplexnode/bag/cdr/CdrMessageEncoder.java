package org.duplexnode.bag.cdr;

import java.util.List;
import java.util.Map;

/**
 * Encodes a message tree (as {@link CdrMessageDecoder} produces) back to CDR, driven by a
 * {@link MsgSchema}. Missing fields are written as zero, false, "" or empty sequences.
 *
 * <p>Failure: a value of the wrong kind or an array of the wrong length throws
 * {@link CdrFormatException} naming the field.
 */
public final class CdrMessageEncoder {
  private final MsgSchema schema;
  private final CdrEncapsulation encapsulation;

  public CdrMessageEncoder(MsgSchema schema) {
    this(schema, CdrEncapsulation.CDR_LE);
  }

  public CdrMessageEncoder(MsgSchema schema, CdrEncapsulation encapsulation) {
    this.schema = schema;
    this.encapsulation = encapsulation;
  }

  public byte[] encode(Map<String, ?> message) throws CdrFormatException {
    CdrWriter out = new CdrWriter(encapsulation);
    encodeType(out, schema.root(), message);
    return out.toByteArray();
  }

  private void encodeType(CdrWriter out, MsgType type, Map<String, ?> value) throws CdrFormatException {
    if (type.fields().isEmpty()) {
      out.writeUint8(0);
      return;
    }
    for (MsgField field : type.fields()) {
      try {
        encodeField(out, field.type(), value == null ? null : value.get(field.name()));
      } catch (CdrFormatException | ClassCastException e) {
        throw new CdrFormatException(type.name() + "." + field.name() + ": " + e.getMessage());
      }
    }
  }

  private void encodeField(CdrWriter out, MsgFieldType type, Object value) throws CdrFormatException {
    if (type.arrayKind() == MsgFieldType.ArrayKind.NONE) {
      encodeValue(out, type, value);
      return;
    }
    int count = value == null ? 0 : value instanceof byte[] b ? b.length : ((List<?>) value).size();
    if (type.arrayKind() == MsgFieldType.ArrayKind.FIXED) {
      if (value != null && count != type.arrayLength()) {
        throw new CdrFormatException("array needs " + type.arrayLength() + " values, got " + count);
      }
      count = type.arrayLength();
    } else {
      if (type.arrayKind() == MsgFieldType.ArrayKind.BOUNDED && count > type.arrayLength()) {
        throw new CdrFormatException("sequence of " + count + " exceeds its bound " + type.arrayLength());
      }
      out.writeSequenceLength(count);
    }
    MsgFieldType element = type.element();
    for (int i = 0; i < count; i++) {
      Object item = null;
      if (value instanceof byte[] b) {
        item = b[i] & 0xff;
      } else if (value != null) {
        item = ((List<?>) value).get(i);
      }
      encodeValue(out, element, item);
    }
  }

  @SuppressWarnings("unchecked")
  private void encodeValue(CdrWriter out, MsgFieldType type, Object value) throws CdrFormatException {
    if (!type.primitive()) {
      encodeType(out, schema.type(type.baseType()), (Map<String, ?>) value);
      return;
    }
    switch (type.baseType()) {
      case "bool" -> out.writeBool(value != null && (Boolean) value);
      case "byte", "char", "uint8", "int8" -> out.writeUint8(number(value).intValue());
      case "int16", "uint16" -> out.writeInt16(number(value).intValue());
      case "int32" -> out.writeInt32(number(value).intValue());
      case "uint32" -> out.writeUint32(number(value).longValue());
      case "int64", "uint64" -> out.writeInt64(number(value).longValue());
      case "float32" -> out.writeFloat32(number(value).floatValue());
      case "float64" -> out.writeFloat64(number(value).doubleValue());
      case "string" -> {
        String s = value == null ? "" : (String) value;
        if (type.stringBound() > 0 && s.length() > type.stringBound()) {
          throw new CdrFormatException("string of " + s.length() + " exceeds its bound " + type.stringBound());
        }
        out.writeString(s);
      }
      default -> throw new CdrFormatException(type.baseType() + " fields are not supported");
    }
  }

  private static Number number(Object value) {
    return value == null ? 0 : (Number) value;
  }
}
