package org.duplexnode.ros.services;

import us.ihmc.idl.CDR;

/** std_srvs/srv/Trigger: an empty request (one placeholder byte on the wire), success and a message back. */
final class TriggerServiceType {
  private TriggerServiceType() {}

  record Request() {}

  record Response(boolean success, String message) {}

  static final ServiceType<Request, Response> TRIGGER = new ServiceType<>("std_srvs/srv/Trigger",
      new WireCodec<>() {
        @Override
        public void write(Request v, CDR cdr) {
          cdr.write_type_9((byte) 0); // structure_needs_at_least_one_member
        }

        @Override
        public Request read(CDR cdr) {
          cdr.read_type_9();
          return new Request();
        }
      },
      new WireCodec<>() {
        @Override
        public void write(Response v, CDR cdr) {
          cdr.write_type_7(v.success());
          ServiceCdr.writeString(cdr, v.message());
        }

        @Override
        public Response read(CDR cdr) {
          boolean success = cdr.read_type_7();
          return new Response(success, ServiceCdr.readString(cdr));
        }
      }, 64, 64 * 1024 + 64);
}
