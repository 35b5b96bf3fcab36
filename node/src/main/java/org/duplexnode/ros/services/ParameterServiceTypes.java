package org.duplexnode.ros.services;

import java.util.ArrayList;
import java.util.List;
import us.ihmc.idl.CDR;

/**
 * The rcl_interfaces parameter services the node answers (Humble's definitions), as records with
 * their CDR codecs: list_parameters, get_parameters, set_parameters, describe_parameters and
 * get_parameter_types.
 */
final class ParameterServiceTypes {
  private static final int REQUEST_BYTES = 256 * 1024;
  private static final int RESPONSE_BYTES = 1024 * 1024;

  private ParameterServiceTypes() {}

  record ListRequest(List<String> prefixes, long depth) {}

  record ListResponse(List<String> names, List<String> prefixes) {}

  record NamesRequest(List<String> names) {}

  record GetResponse(List<ParameterValueMsg> values) {}

  record Parameter(String name, ParameterValueMsg value) {}

  record SetRequest(List<Parameter> parameters) {}

  record SetResult(boolean successful, String reason) {}

  record SetResponse(List<SetResult> results) {}

  /** rcl_interfaces/msg/ParameterDescriptor without ranges (the node declares none). */
  record Descriptor(String name, byte type, String description, String additionalConstraints, boolean readOnly) {}

  record DescribeResponse(List<Descriptor> descriptors) {}

  record TypesResponse(List<Byte> types) {}

  private static final WireCodec<NamesRequest> NAMES = new WireCodec<>() {
    @Override
    public void write(NamesRequest v, CDR cdr) {
      ServiceCdr.writeStrings(cdr, v.names());
    }

    @Override
    public NamesRequest read(CDR cdr) {
      return new NamesRequest(ServiceCdr.readStrings(cdr));
    }
  };

  static final ServiceType<ListRequest, ListResponse> LIST = new ServiceType<>("rcl_interfaces/srv/ListParameters",
      new WireCodec<>() {
        @Override
        public void write(ListRequest v, CDR cdr) {
          ServiceCdr.writeStrings(cdr, v.prefixes());
          cdr.write_type_12(v.depth());
        }

        @Override
        public ListRequest read(CDR cdr) {
          List<String> prefixes = ServiceCdr.readStrings(cdr);
          return new ListRequest(prefixes, cdr.read_type_12());
        }
      },
      new WireCodec<>() {
        @Override
        public void write(ListResponse v, CDR cdr) {
          ServiceCdr.writeStrings(cdr, v.names());
          ServiceCdr.writeStrings(cdr, v.prefixes());
        }

        @Override
        public ListResponse read(CDR cdr) {
          List<String> names = ServiceCdr.readStrings(cdr);
          return new ListResponse(names, ServiceCdr.readStrings(cdr));
        }
      }, REQUEST_BYTES, RESPONSE_BYTES);

  static final ServiceType<NamesRequest, GetResponse> GET = new ServiceType<>("rcl_interfaces/srv/GetParameters",
      NAMES, new WireCodec<>() {
        @Override
        public void write(GetResponse v, CDR cdr) {
          cdr.write_type_2(v.values().size());
          v.values().forEach(p -> ParameterValueMsg.write(p, cdr));
        }

        @Override
        public GetResponse read(CDR cdr) {
          List<ParameterValueMsg> values = new ArrayList<>();
          for (int n = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); n > 0; n--) {
            values.add(ParameterValueMsg.read(cdr));
          }
          return new GetResponse(values);
        }
      }, REQUEST_BYTES, RESPONSE_BYTES);

  static final ServiceType<SetRequest, SetResponse> SET = new ServiceType<>("rcl_interfaces/srv/SetParameters",
      new WireCodec<>() {
        @Override
        public void write(SetRequest v, CDR cdr) {
          cdr.write_type_2(v.parameters().size());
          for (Parameter p : v.parameters()) {
            ServiceCdr.writeString(cdr, p.name());
            ParameterValueMsg.write(p.value(), cdr);
          }
        }

        @Override
        public SetRequest read(CDR cdr) {
          List<Parameter> parameters = new ArrayList<>();
          for (int n = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); n > 0; n--) {
            String name = ServiceCdr.readString(cdr);
            parameters.add(new Parameter(name, ParameterValueMsg.read(cdr)));
          }
          return new SetRequest(parameters);
        }
      },
      new WireCodec<>() {
        @Override
        public void write(SetResponse v, CDR cdr) {
          cdr.write_type_2(v.results().size());
          for (SetResult r : v.results()) {
            cdr.write_type_7(r.successful());
            ServiceCdr.writeString(cdr, r.reason());
          }
        }

        @Override
        public SetResponse read(CDR cdr) {
          List<SetResult> results = new ArrayList<>();
          for (int n = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); n > 0; n--) {
            boolean ok = cdr.read_type_7();
            results.add(new SetResult(ok, ServiceCdr.readString(cdr)));
          }
          return new SetResponse(results);
        }
      }, REQUEST_BYTES, RESPONSE_BYTES);

  static final ServiceType<NamesRequest, DescribeResponse> DESCRIBE = new ServiceType<>(
      "rcl_interfaces/srv/DescribeParameters", NAMES, new WireCodec<>() {
        @Override
        public void write(DescribeResponse v, CDR cdr) {
          cdr.write_type_2(v.descriptors().size());
          for (Descriptor d : v.descriptors()) {
            ServiceCdr.writeString(cdr, d.name());
            cdr.write_type_9(d.type());
            ServiceCdr.writeString(cdr, d.description());
            ServiceCdr.writeString(cdr, d.additionalConstraints());
            cdr.write_type_7(d.readOnly());
            cdr.write_type_7(false); // dynamic_typing: a parameter keeps its declared type
            cdr.write_type_2(0); // floating_point_range
            cdr.write_type_2(0); // integer_range
          }
        }

        @Override
        public DescribeResponse read(CDR cdr) {
          List<Descriptor> out = new ArrayList<>();
          for (int n = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); n > 0; n--) {
            String name = ServiceCdr.readString(cdr);
            byte type = cdr.read_type_9();
            String description = ServiceCdr.readString(cdr);
            String constraints = ServiceCdr.readString(cdr);
            boolean readOnly = cdr.read_type_7();
            cdr.read_type_7();
            for (int r = ServiceCdr.count(cdr, 1); r > 0; r--) {
              cdr.read_type_6();
              cdr.read_type_6();
              cdr.read_type_6();
            }
            for (int r = ServiceCdr.count(cdr, 1); r > 0; r--) {
              cdr.read_type_11();
              cdr.read_type_11();
              cdr.read_type_12();
            }
            out.add(new Descriptor(name, type, description, constraints, readOnly));
          }
          return new DescribeResponse(out);
        }
      }, REQUEST_BYTES, RESPONSE_BYTES);

  static final ServiceType<NamesRequest, TypesResponse> TYPES = new ServiceType<>(
      "rcl_interfaces/srv/GetParameterTypes", NAMES, new WireCodec<>() {
        @Override
        public void write(TypesResponse v, CDR cdr) {
          cdr.write_type_2(v.types().size());
          v.types().forEach(cdr::write_type_9);
        }

        @Override
        public TypesResponse read(CDR cdr) {
          List<Byte> types = new ArrayList<>();
          for (int n = ServiceCdr.count(cdr, ServiceCdr.MAX_ELEMENTS); n > 0; n--) {
            types.add(cdr.read_type_9());
          }
          return new TypesResponse(types);
        }
      }, REQUEST_BYTES, RESPONSE_BYTES);
}
