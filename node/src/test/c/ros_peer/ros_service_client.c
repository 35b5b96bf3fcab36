/*
 * A ROS 2 service client that follows rmw_cyclonedds's wire format, built from ros_services.idl:
 * it writes one request on rq/<service>Request (the request header, then the request's fields)
 * and waits for the reply on rr/<service>Reply that carries the same header, as rmw_cyclonedds's
 * client does. Before writing it waits until the server's request reader and reply writer are
 * matched (what rmw_service_server_is_available checks), since service QoS is volatile.
 *
 * usage: ros_service_client DOMAIN NODE COMMAND [ARGS...]
 *   NODE      the server node's fully qualified name, e.g. /robot1/duplex_node
 *   list [PREFIX...]              ~/list_parameters (depth 0: all)
 *   get NAME...                   ~/get_parameters
 *   set NAME TYPE VALUE           ~/set_parameters; TYPE bool|integer|double|string|string_array
 *                                 (string_array: VALUE split at commas)
 *   describe NAME...              ~/describe_parameters
 *   types NAME...                 ~/get_parameter_types
 *   reset                         ~/reset (std_srvs/Trigger)
 * Prints the reply as one JSON object on stdout and exits 0; exits 1 when no reply came within
 * 30 s, 2 on a usage error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dds/dds.h"
#include "ros_services.h"

#define TIMEOUT DDS_SECS(30)

/* The members every request and reply struct of ros_services.idl starts with. */
typedef struct {
  uint64_t client_guid;
  int64_t sequence_number;
} request_header;

static dds_entity_t participant;
static request_header header;

static void json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\') {
      printf("\\%c", *p);
    } else if (*p < 0x20) {
      printf("\\u%04x", *p);
    } else {
      putchar(*p);
    }
  }
  putchar('"');
}

static void json_strings(const dds_sequence_string *seq) {
  putchar('[');
  for (uint32_t i = 0; i < seq->_length; i++) {
    if (i) putchar(',');
    json_string(seq->_buffer[i]);
  }
  putchar(']');
}

static dds_sequence_string strings(int n, char **values) {
  dds_sequence_string seq = {0};
  seq._length = seq._maximum = (uint32_t)n;
  seq._buffer = n ? values : NULL;
  return seq;
}

/*
 * Calls SERVICE (NODE + "/" + NAME): REQUEST is written with this client's header; REPLY, a
 * zeroed sample of REPLY_DESC, receives the matching reply. Exits 1 on timeout.
 */
static void call(const char *node, const char *name, const dds_topic_descriptor_t *request_desc, void *request,
                 const dds_topic_descriptor_t *reply_desc, void *reply) {
  char request_topic[512], reply_topic[512];
  snprintf(request_topic, sizeof request_topic, "rq%s/%sRequest", node, name);
  snprintf(reply_topic, sizeof reply_topic, "rr%s/%sReply", node, name);
  dds_qos_t *qos = dds_create_qos();
  dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(10));
  dds_qset_durability(qos, DDS_DURABILITY_VOLATILE);
  dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 10);
  dds_entity_t rq = dds_create_topic(participant, request_desc, request_topic, NULL, NULL);
  dds_entity_t rr = dds_create_topic(participant, reply_desc, reply_topic, NULL, NULL);
  if (rq < 0 || rr < 0) {
    fprintf(stderr, "dds_create_topic: %s\n", dds_strretcode(rq < 0 ? rq : rr));
    exit(1);
  }
  dds_entity_t writer = dds_create_writer(participant, rq, qos, NULL);
  dds_entity_t reader = dds_create_reader(participant, rr, qos, NULL);
  dds_delete_qos(qos);
  if (writer < 0 || reader < 0) {
    fprintf(stderr, "cannot create the request writer or reply reader\n");
    exit(1);
  }
  dds_time_t deadline = dds_time() + TIMEOUT;
  for (;;) {
    dds_publication_matched_status_t pub;
    dds_subscription_matched_status_t sub;
    dds_get_publication_matched_status(writer, &pub);
    dds_get_subscription_matched_status(reader, &sub);
    if (pub.current_count > 0 && sub.current_count > 0) break;
    if (dds_time() > deadline) {
      fprintf(stderr, "no server for %s within 30 s (request reader matched: %d, reply writer matched: %d)\n",
              request_topic, (int)pub.current_count, (int)sub.current_count);
      exit(1);
    }
    dds_sleepfor(DDS_MSECS(20));
  }
  memcpy(request, &header, sizeof header);
  dds_return_t rc = dds_write(writer, request);
  if (rc < 0) {
    fprintf(stderr, "dds_write: %s\n", dds_strretcode(rc));
    exit(1);
  }
  void *samples[1] = {reply};
  dds_sample_info_t info;
  while (dds_time() < deadline) {
    int n = dds_take(reader, samples, &info, 1, 1);
    if (n > 0 && info.valid_data) {
      request_header got;
      memcpy(&got, reply, sizeof got);
      if (got.client_guid == header.client_guid && got.sequence_number == header.sequence_number) return;
      fprintf(stderr, "ignored a reply for client %" PRIx64 " request %" PRId64 "\n", got.client_guid,
              got.sequence_number);
    }
    dds_sleepfor(DDS_MSECS(10));
  }
  fprintf(stderr, "no reply on %s within 30 s\n", reply_topic);
  exit(1);
}

static void print_value(const rcl_interfaces_msg_dds__ParameterValue_ *v) {
  printf("{\"type\":%u,\"bool_value\":%s,\"integer_value\":%" PRId64 ",\"double_value\":%.17g,\"string_value\":",
         v->type, v->bool_value ? "true" : "false", v->integer_value, v->double_value);
  json_string(v->string_value);
  printf(",\"string_array_value\":");
  json_strings(&v->string_array_value);
  putchar('}');
}

static int list(const char *node, int argc, char **argv) {
  rcl_interfaces_srv_dds__ListParameters_Request_ rq = {0};
  rcl_interfaces_srv_dds__ListParameters_Response_ rp = {0};
  rq.prefixes = strings(argc, argv);
  rq.depth = 0;
  call(node, "list_parameters", &rcl_interfaces_srv_dds__ListParameters_Request__desc, &rq,
       &rcl_interfaces_srv_dds__ListParameters_Response__desc, &rp);
  printf("{\"names\":");
  json_strings(&rp.result.names);
  printf(",\"prefixes\":");
  json_strings(&rp.result.prefixes);
  printf("}\n");
  return 0;
}

static int get(const char *node, int argc, char **argv) {
  rcl_interfaces_srv_dds__GetParameters_Request_ rq = {0};
  rcl_interfaces_srv_dds__GetParameters_Response_ rp = {0};
  rq.names = strings(argc, argv);
  call(node, "get_parameters", &rcl_interfaces_srv_dds__GetParameters_Request__desc, &rq,
       &rcl_interfaces_srv_dds__GetParameters_Response__desc, &rp);
  printf("{\"values\":[");
  for (uint32_t i = 0; i < rp.values._length; i++) {
    if (i) putchar(',');
    print_value(&rp.values._buffer[i]);
  }
  printf("]}\n");
  return 0;
}

static int set(const char *node, int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "set NAME TYPE VALUE\n");
    return 2;
  }
  rcl_interfaces_msg_dds__Parameter_ p = {0};
  p.name = argv[0];
  p.value.string_value = "";
  const char *type = argv[1], *value = argv[2];
  char *parts[64];
  int nparts = 0;
  if (!strcmp(type, "bool")) {
    p.value.type = 1;
    p.value.bool_value = !strcmp(value, "true");
  } else if (!strcmp(type, "integer")) {
    p.value.type = 2;
    p.value.integer_value = strtoll(value, NULL, 10);
  } else if (!strcmp(type, "double")) {
    p.value.type = 3;
    p.value.double_value = strtod(value, NULL);
  } else if (!strcmp(type, "string")) {
    p.value.type = 4;
    p.value.string_value = (char *)value;
  } else if (!strcmp(type, "string_array")) {
    p.value.type = 9;
    char *copy = strdup(value);
    for (char *tok = strtok(copy, ","); tok && nparts < 64; tok = strtok(NULL, ",")) parts[nparts++] = tok;
    p.value.string_array_value = strings(nparts, parts);
  } else {
    fprintf(stderr, "unknown type %s\n", type);
    return 2;
  }
  rcl_interfaces_srv_dds__SetParameters_Request_ rq = {0};
  rcl_interfaces_srv_dds__SetParameters_Response_ rp = {0};
  rq.parameters._length = rq.parameters._maximum = 1;
  rq.parameters._buffer = &p;
  call(node, "set_parameters", &rcl_interfaces_srv_dds__SetParameters_Request__desc, &rq,
       &rcl_interfaces_srv_dds__SetParameters_Response__desc, &rp);
  printf("{\"results\":[");
  for (uint32_t i = 0; i < rp.results._length; i++) {
    if (i) putchar(',');
    printf("{\"successful\":%s,\"reason\":", rp.results._buffer[i].successful ? "true" : "false");
    json_string(rp.results._buffer[i].reason);
    putchar('}');
  }
  printf("]}\n");
  return 0;
}

static int describe(const char *node, int argc, char **argv) {
  rcl_interfaces_srv_dds__DescribeParameters_Request_ rq = {0};
  rcl_interfaces_srv_dds__DescribeParameters_Response_ rp = {0};
  rq.names = strings(argc, argv);
  call(node, "describe_parameters", &rcl_interfaces_srv_dds__DescribeParameters_Request__desc, &rq,
       &rcl_interfaces_srv_dds__DescribeParameters_Response__desc, &rp);
  printf("{\"descriptors\":[");
  for (uint32_t i = 0; i < rp.descriptors._length; i++) {
    const rcl_interfaces_msg_dds__ParameterDescriptor_ *d = &rp.descriptors._buffer[i];
    if (i) putchar(',');
    printf("{\"name\":");
    json_string(d->name);
    printf(",\"type\":%u,\"description\":", d->type);
    json_string(d->description);
    printf(",\"additional_constraints\":");
    json_string(d->additional_constraints);
    printf(",\"read_only\":%s,\"dynamic_typing\":%s,\"ranges\":%u}", d->read_only ? "true" : "false",
           d->dynamic_typing ? "true" : "false", d->floating_point_range._length + d->integer_range._length);
  }
  printf("]}\n");
  return 0;
}

static int types(const char *node, int argc, char **argv) {
  rcl_interfaces_srv_dds__GetParameterTypes_Request_ rq = {0};
  rcl_interfaces_srv_dds__GetParameterTypes_Response_ rp = {0};
  rq.names = strings(argc, argv);
  call(node, "get_parameter_types", &rcl_interfaces_srv_dds__GetParameterTypes_Request__desc, &rq,
       &rcl_interfaces_srv_dds__GetParameterTypes_Response__desc, &rp);
  printf("{\"types\":[");
  for (uint32_t i = 0; i < rp.types._length; i++) printf(i ? ",%u" : "%u", rp.types._buffer[i]);
  printf("]}\n");
  return 0;
}

static int reset(const char *node) {
  std_srvs_srv_dds__Trigger_Request_ rq = {0};
  std_srvs_srv_dds__Trigger_Response_ rp = {0};
  call(node, "reset", &std_srvs_srv_dds__Trigger_Request__desc, &rq, &std_srvs_srv_dds__Trigger_Response__desc, &rp);
  printf("{\"success\":%s,\"message\":", rp.success ? "true" : "false");
  json_string(rp.message);
  printf("}\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s DOMAIN NODE list|get|set|describe|types|reset [ARGS...]\n", argv[0]);
    return 2;
  }
  participant = dds_create_participant((dds_domainid_t)strtoul(argv[1], NULL, 10), NULL, NULL);
  if (participant < 0) {
    fprintf(stderr, "dds_create_participant: %s\n", dds_strretcode(participant));
    return 1;
  }
  /* Like rmw_cyclonedds: a 64-bit client id, and a sequence number counting this client's requests. */
  srand((unsigned)time(NULL) ^ (unsigned)getpid());
  header.client_guid = ((uint64_t)rand() << 32) ^ (uint64_t)rand() ^ ((uint64_t)getpid() << 16);
  header.sequence_number = 1 + rand() % 1000;
  const char *node = argv[2], *command = argv[3];
  int n = argc - 4;
  char **args = argv + 4;
  int rc;
  if (!strcmp(command, "list")) rc = list(node, n, args);
  else if (!strcmp(command, "get")) rc = get(node, n, args);
  else if (!strcmp(command, "set")) rc = set(node, n, args);
  else if (!strcmp(command, "describe")) rc = describe(node, n, args);
  else if (!strcmp(command, "types")) rc = types(node, n, args);
  else if (!strcmp(command, "reset")) rc = reset(node);
  else {
    fprintf(stderr, "unknown command %s\n", command);
    rc = 2;
  }
  fflush(stdout);
  dds_delete(participant);
  return rc;
}
