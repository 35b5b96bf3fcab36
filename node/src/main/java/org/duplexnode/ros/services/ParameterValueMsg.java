package org.duplexnode.ros.services;

import java.util.ArrayList;
import java.util.List;
import us.ihmc.idl.CDR;

/**
 * rcl_interfaces/msg/ParameterValue: the type, then one field per type, of which only the one
 * the type names is meaningful.
 */
record ParameterValueMsg(byte type, boolean boolValue, long integerValue, double doubleValue, String stringValue,
    byte[] byteArray, List<Boolean> boolArray, List<Long> integerArray, List<Double> doubleArray,
    List<String> stringArray) {

  static final byte NOT_SET = 0;
  static final byte BOOL = 1;
  static final byte INTEGER = 2;
  static final byte DOUBLE = 3;
  static final byte STRING = 4;
  static final byte BYTE_ARRAY = 5;
  static final byte BOOL_ARRAY = 6;
  static final byte INTEGER_ARRAY = 7;
  static final byte DOUBLE_ARRAY = 8;
  static final byte STRING_ARRAY = 9;

  ParameterValueMsg {
    byteArray = byteArray.clone();
    boolArray = List.copyOf(boolArray);
    integerArray = List.copyOf(integerArray);
    doubleArray = List.copyOf(doubleArray);
    stringArray = List.copyOf(stringArray);
  }

  static ParameterValueMsg notSet() {
    return of(NOT_SET, false, 0, 0, "", List.of());
  }

  static ParameterValueMsg ofBool(boolean v) {
    return of(BOOL, v, 0, 0, "", List.of());
  }

  static ParameterValueMsg ofInteger(long v) {
    return of(INTEGER, false, v, 0, "", List.of());
  }

  static ParameterValueMsg ofDouble(double v) {
    return of(DOUBLE, false, 0, v, "", List.of());
  }

  static ParameterValueMsg ofString(String v) {
    return of(STRING, false, 0, 0, v, List.of());
  }

  static ParameterValueMsg ofStrings(List<String> v) {
    return of(STRING_ARRAY, false, 0, 0, "", v);
  }

  private static ParameterValueMsg of(byte type, boolean b, long i, double d, String s, List<String> strings) {
    return new ParameterValueMsg(type, b, i, d, s, new byte[0], List.of(), List.of(), List.of(), strings);
  }

  static void write(ParameterValueMsg v, CDR cdr) {
    cdr.write_type_9(v.type);
    cdr.write_type_7(v.boolValue);
    cdr.write_type_11(v.integerValue);
    cdr.write_type_6(v.doubleValue);
    ServiceCdr.writeString(cdr, v.stringValue);
    cdr.write_type_2(v.byteArray.length);
    for (byte b : v.byteArray) {
      cdr.write_type_9(b);
    }
    cdr.write_type_2(v.boolArray.size());
    v.boolArray.forEach(cdr::write_type_7);
    cdr.write_type_2(v.integerArray.size());
    v.integerArray.forEach(cdr::write_type_11);
    cdr.write_type_2(v.doubleArray.size());
    v.doubleArray.forEach(cdr::write_type_6);
    ServiceCdr.writeStrings(cdr, v.stringArray);
  }

  static ParameterValueMsg read(CDR cdr) {
    byte type = cdr.read_type_9();
    boolean b = cdr.read_type_7();
    long i = cdr.read_type_11();
    double d = cdr.read_type_6();
    String s = ServiceCdr.readString(cdr);
    byte[] bytes = new byte[ServiceCdr.count(cdr, ServiceCdr.MAX_STRING)];
    for (int k = 0; k < bytes.length; k++) {
      bytes[k] = cdr.read_type_9();
    }
    List<Boolean> bools = new ArrayList<>();
    for (int k = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); k > 0; k--) {
      bools.add(cdr.read_type_7());
    }
    List<Long> integers = new ArrayList<>();
    for (int k = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); k > 0; k--) {
      integers.add(cdr.read_type_11());
    }
    List<Double> doubles = new ArrayList<>();
    for (int k = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); k > 0; k--) {
      doubles.add(cdr.read_type_6());
    }
    return new ParameterValueMsg(type, b, i, d, s, bytes, bools, integers, doubles, ServiceCdr.readStrings(cdr));
  }

  /** The ROS type name of a ParameterValue type code, as ros2 param prints it. */
  static String typeName(byte type) {
    return switch (type) {
      case BOOL -> "bool";
      case INTEGER -> "integer";
      case DOUBLE -> "double";
      case STRING -> "string";
      case BYTE_ARRAY -> "byte_array";
      case BOOL_ARRAY -> "bool_array";
      case INTEGER_ARRAY -> "integer_array";
      case DOUBLE_ARRAY -> "double_array";
      case STRING_ARRAY -> "string_array";
      default -> "not set";
    };
  }
}
