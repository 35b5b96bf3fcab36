/*
 * ros_peer: an independent ROS 2 wire peer built on CycloneDDS (the RMW of several ROS 2
 * distros), driven line by line on stdin so that a test can check what duplex-node puts on
 * and takes off the wire.
 *
 * usage: ros_peer DOMAIN_ID        (CYCLONEDDS_URI selects the network configuration)
 *
 * Commands (one per line, tokens separated by spaces; TOPIC is a ROS name such as /camera/image,
 * mapped to the DDS topic rt/camera/image; a name without a leading slash is used as is;
 * QOS is RELIABILITY,DURABILITY,DEPTH e.g. reliable,volatile,10 or best_effort,volatile,5,
 * depth 0 = keep all):
 *   writer TOPIC TYPE QOS               create a writer (TYPE: sensor_msgs/msg/Image ...)
 *   sub TOPIC TYPE QOS                  create a reader; prints one "sample" line per sample
 *   discovery                           sub ros_discovery_info ParticipantEntitiesInfo reliable,transient_local,1
 *   wait_match TOPIC N TIMEOUT_MS       wait until our writer (else reader) on TOPIC has N peers
 *   header SEC NSEC FRAME_ID            header of the samples published from now on
 *   pub_image TOPIC WIDTH HEIGHT ENCODING SEED
 *   pub_compressed TOPIC FORMAT NBYTES SEED
 *   pub_audio TOPIC NBYTES SEED [SEC NSEC]     AudioDataStamped; SEC NSEC override the stamp
 *   pub_audio_info TOPIC CHANNELS RATE SAMPLE_FORMAT BITRATE CODING_FORMAT
 *   pub_say TOPIC REQUEST_ID MODE TEXT           duplex_msgs/Say
 *   pub_context TOPIC REQUEST_ID ACTION CONTEXT_ID TEXT    duplex_msgs/Context
 *   pub_reset TOPIC REQUEST_ID KEEP_WATCHES KEEP_CONTEXT   duplex_msgs/Reset (true/false)
 *   pub_watch TOPIC REQUEST_ID ACTION WATCH_ID EXPIRE_AFTER_S ONCE CONDITION
 *                                       WatchCommand; '_' in CONDITION stands for a space, '-' alone for ""
 *   pub_mute TOPIC REQUEST_ID MUTED      Mute; MUTED is true or false; REQUEST_ID as CONDITION above
 *   pub_twist TOPIC LINEAR_X ANGULAR_Z   geometry_msgs/Twist (the other components 0); pub_twist_stamped: TwistStamped
 *   pub_joint_state TOPIC NAMES POSITIONS VELOCITIES
 *                                       sensor_msgs/JointState with the current header; comma-separated
 *                                       lists, '-' alone for an empty one (effort is left empty)
 *   quit
 * Output lines: "ready ...", then per command "ok VERB ..." or "error VERB message", and
 * "sample TOPIC {json}" whenever a reader takes a sample. Byte arrays are printed as
 * {"len":N,"fnv1a":"8 hex digits"} plus "hex" when at most 4096 bytes long.
 * Payload bytes: byte i of a published array is pattern(SEED, i) below.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dds/dds.h"
#include "ros_types.h"

#define MAX_ENTITIES 64
#define MAX_LINE 4096
#define HEX_LIMIT 4096

typedef void (*print_fn)(FILE *out, const void *sample);

struct type_info {
  const char *name;
  const dds_topic_descriptor_t *desc;
  print_fn print;
};

struct entity {
  char ros_name[256];
  const struct type_info *type;
  int is_writer;
  dds_entity_t handle;
};

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static dds_entity_t participant;
static struct entity entities[MAX_ENTITIES];
static int entity_count;
static std_msgs_msg_dds__Header_ header = {{0, 0}, ""};
static char header_frame[256] = "";

/* One whole line at a time, so that listener threads never interleave with replies. */
static void emit(const char *fmt, ...) {
  va_list ap;
  pthread_mutex_lock(&out_lock);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
  pthread_mutex_unlock(&out_lock);
}

/* The deterministic payload the Java side recomputes; arithmetic modulo 2^32, low byte kept. */
static uint8_t pattern(uint32_t seed, uint32_t i) {
  return (uint8_t)(seed * 31u + i * 7u + (i >> 8) * 13u + (i >> 16) * 17u);
}

static uint32_t fnv1a(const uint8_t *data, uint32_t len) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < len; i++) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

/* ---- JSON printing ---- */

static void j_string(FILE *out, const char *key, const char *s) {
  fprintf(out, "\"%s\":\"", key);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else
      fputc(*p, out); /* UTF-8 passes through unchanged */
  }
  fputc('"', out);
}

static void j_time(FILE *out, const char *key, const builtin_interfaces_msg_dds__Time_ *t) {
  fprintf(out, "\"%s\":{\"sec\":%" PRId32 ",\"nanosec\":%" PRIu32 "}", key, t->sec, t->nanosec);
}

static void j_header(FILE *out, const std_msgs_msg_dds__Header_ *h) {
  fputs("\"header\":{", out);
  j_time(out, "stamp", &h->stamp);
  fputc(',', out);
  j_string(out, "frame_id", h->frame_id);
  fputc('}', out);
}

static void j_bytes(FILE *out, const char *key, const uint8_t *data, uint32_t len) {
  fprintf(out, "\"%s\":{\"len\":%" PRIu32 ",\"fnv1a\":\"%08" PRIx32 "\"", key, len, fnv1a(data, len));
  if (len <= HEX_LIMIT) {
    fputs(",\"hex\":\"", out);
    for (uint32_t i = 0; i < len; i++)
      fprintf(out, "%02x", data[i]);
    fputc('"', out);
  }
  fputc('}', out);
}

static void j_gids(FILE *out, const char *key, const dds_sequence_rmw_dds_common_msg_dds__Gid_ *seq) {
  fprintf(out, "\"%s\":[", key);
  for (uint32_t i = 0; i < seq->_length; i++) {
    fputs(i ? ",\"" : "\"", out);
    for (size_t b = 0; b < sizeof seq->_buffer[i].data; b++)
      fprintf(out, "%02x", seq->_buffer[i].data[b]);
    fputc('"', out);
  }
  fputc(']', out);
}

static void print_image(FILE *out, const void *sample) {
  const sensor_msgs_msg_dds__Image_ *m = sample;
  j_header(out, &m->header);
  fprintf(out, ",\"height\":%" PRIu32 ",\"width\":%" PRIu32 ",", m->height, m->width);
  j_string(out, "encoding", m->encoding);
  fprintf(out, ",\"is_bigendian\":%u,\"step\":%" PRIu32 ",", m->is_bigendian, m->step);
  j_bytes(out, "data", m->data._buffer, m->data._length);
}

static void print_compressed(FILE *out, const void *sample) {
  const sensor_msgs_msg_dds__CompressedImage_ *m = sample;
  j_header(out, &m->header);
  fputc(',', out);
  j_string(out, "format", m->format);
  fputc(',', out);
  j_bytes(out, "data", m->data._buffer, m->data._length);
}

static void print_audio(FILE *out, const void *sample) {
  const audio_common_msgs_msg_dds__AudioData_ *m = sample;
  j_bytes(out, "data", m->data._buffer, m->data._length);
}

static void print_audio_stamped(FILE *out, const void *sample) {
  const audio_common_msgs_msg_dds__AudioDataStamped_ *m = sample;
  j_header(out, &m->header);
  fputs(",\"audio\":{", out);
  print_audio(out, &m->audio);
  fputc('}', out);
}

static void print_audio_info(FILE *out, const void *sample) {
  const audio_common_msgs_msg_dds__AudioInfo_ *m = sample;
  fprintf(out, "\"channels\":%u,\"sample_rate\":%" PRIu32 ",", m->channels, m->sample_rate);
  j_string(out, "sample_format", m->sample_format);
  fprintf(out, ",\"bitrate\":%" PRIu32 ",", m->bitrate);
  j_string(out, "coding_format", m->coding_format);
}

static void print_transcript(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__Transcript_ *m = sample;
  j_header(out, &m->header);
  fprintf(out, ",\"utterance_id\":%" PRIu64 ",\"unit_index\":%" PRIu64 ",", m->utterance_id, m->unit_index);
  j_string(out, "text", m->text);
  fputc(',', out);
  j_string(out, "text_so_far", m->text_so_far);
  fprintf(out, ",\"is_final\":%s,\"proactive\":%s,\"interrupted\":%s,", m->is_final ? "true" : "false",
          m->proactive ? "true" : "false", m->interrupted ? "true" : "false");
  j_time(out, "audio_start", &m->audio_start);
  fputc(',', out);
  j_time(out, "audio_end", &m->audio_end);
}

static void print_event(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__ProactiveEvent_ *m = sample;
  j_header(out, &m->header);
  fputc(',', out);
  j_string(out, "event_id", m->event_id);
  fputc(',', out);
  j_string(out, "kind", m->kind);
  fputc(',', out);
  j_string(out, "text", m->text);
  fputc(',', out);
  j_string(out, "watch_id", m->watch_id);
  fputc(',', out);
  j_string(out, "watch_condition", m->watch_condition);
  fprintf(out, ",\"utterance_id\":%" PRIu64 ",\"unit_index\":%" PRIu64 ",", m->utterance_id, m->unit_index);
  j_time(out, "frame_stamp", &m->frame_stamp);
  fputc(',', out);
  j_time(out, "audio_stamp", &m->audio_stamp);
  /* %.17g round-trips every double. */
  fprintf(out, ",\"latency_s\":%.17g,\"is_final\":%s", m->latency_s, m->is_final ? "true" : "false");
}

static void print_participant_info(FILE *out, const void *sample) {
  const rmw_dds_common_msg_dds__ParticipantEntitiesInfo_ *m = sample;
  fputs("\"gid\":\"", out);
  for (size_t b = 0; b < sizeof m->gid.data; b++)
    fprintf(out, "%02x", m->gid.data[b]);
  fputs("\",\"nodes\":[", out);
  for (uint32_t i = 0; i < m->node_entities_info_seq._length; i++) {
    const rmw_dds_common_msg_dds__NodeEntitiesInfo_ *n = &m->node_entities_info_seq._buffer[i];
    fputs(i ? ",{" : "{", out);
    j_string(out, "node_namespace", n->node_namespace);
    fputc(',', out);
    j_string(out, "node_name", n->node_name);
    fputc(',', out);
    j_gids(out, "reader_gids", &n->reader_gid_seq);
    fputc(',', out);
    j_gids(out, "writer_gids", &n->writer_gid_seq);
    fputc('}', out);
  }
  fputc(']', out);
}

static void print_log(FILE *out, const void *sample) {
  const rcl_interfaces_msg_dds__Log_ *m = sample;
  j_time(out, "stamp", &m->stamp);
  fprintf(out, ",\"level\":%u,", (unsigned)m->level);
  j_string(out, "name", m->name);
  fputc(',', out);
  j_string(out, "msg", m->msg);
  fputc(',', out);
  j_string(out, "file", m->file);
  fputc(',', out);
  j_string(out, "function", m->function);
  fprintf(out, ",\"line\":%" PRIu32, m->line);
}

static void print_watch(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__WatchCommand_ *m = sample;
  j_string(out, "request_id", m->request_id);
  fprintf(out, ",\"action\":%u,", (unsigned)m->action);
  j_string(out, "watch_id", m->watch_id);
  fputc(',', out);
  j_string(out, "condition", m->condition);
  fprintf(out, ",\"expire_after_s\":%.17g,\"once\":%s", m->expire_after_s, m->once ? "true" : "false");
}

/* For types the peer only writes. */
static void print_none(FILE *out, const void *sample) {
  (void)out;
  (void)sample;
}

static void print_reply(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__CommandReply_ *m = sample;
  j_header(out, &m->header);
  fputc(',', out);
  j_string(out, "request_id", m->request_id);
  fputc(',', out);
  j_string(out, "command", m->command);
  fprintf(out, ",\"accepted\":%s,", m->accepted ? "true" : "false");
  j_string(out, "reason", m->reason);
  fputc(',', out);
  j_string(out, "message", m->message);
}

static void print_mute(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__Mute_ *m = sample;
  j_string(out, "request_id", m->request_id);
  fprintf(out, ",\"muted\":%s", m->muted ? "true" : "false");
}

static void print_user_speech(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__UserSpeech_ *m = sample;
  j_header(out, &m->header);
  fprintf(out, ",\"event\":%u,", (unsigned)m->event);
  j_time(out, "start", &m->start);
  fputc(',', out);
  j_time(out, "end", &m->end);
}

static void print_state(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__State_ *m = sample;
  j_header(out, &m->header);
  fprintf(out, ",\"mode\":%u,\"speaking\":%s,\"unit_index\":%" PRIu64 ",\"utterance_id\":%" PRIu64,
          (unsigned)m->mode, m->speaking ? "true" : "false", m->unit_index, m->utterance_id);
  fprintf(out, ",\"compute_s\":%.9g,\"budget_s\":%.9g,\"queue_depth\":%" PRIu32, m->compute_s, m->budget_s,
          m->queue_depth);
  fprintf(out, ",\"dropped_units\":%" PRIu64 ",\"dropped_frames\":%" PRIu64 ",\"input_errors\":%" PRIu64,
          m->dropped_units, m->dropped_frames, m->input_errors);
  fprintf(out, ",\"cache_tokens\":%" PRIu32 ",\"muted\":%s,\"barge_in\":%s", m->cache_tokens,
          m->muted ? "true" : "false", m->barge_in ? "true" : "false");
}

static void print_watch_list(FILE *out, const void *sample) {
  const duplex_msgs_msg_dds__WatchList_ *m = sample;
  j_header(out, &m->header);
  fputs(",\"watches\":[", out);
  for (uint32_t i = 0; i < m->watches._length; i++) {
    const duplex_msgs_msg_dds__Watch_ *w = &m->watches._buffer[i];
    fputs(i ? ",{" : "{", out);
    j_string(out, "watch_id", w->watch_id);
    fputc(',', out);
    j_string(out, "condition", w->condition);
    fprintf(out, ",\"state\":%u,\"once\":%s,\"fired_count\":%" PRIu32 ",", (unsigned)w->state,
            w->once ? "true" : "false", w->fired_count);
    j_time(out, "added", &w->added);
    fputc(',', out);
    j_time(out, "expires", &w->expires);
    fputc('}', out);
  }
  fputc(']', out);
}

static const struct type_info types[] = {
    {"sensor_msgs/msg/Image", &sensor_msgs_msg_dds__Image__desc, print_image},
    {"sensor_msgs/msg/CompressedImage", &sensor_msgs_msg_dds__CompressedImage__desc, print_compressed},
    {"audio_common_msgs/msg/AudioData", &audio_common_msgs_msg_dds__AudioData__desc, print_audio},
    {"audio_common_msgs/msg/AudioDataStamped", &audio_common_msgs_msg_dds__AudioDataStamped__desc,
     print_audio_stamped},
    {"audio_common_msgs/msg/AudioInfo", &audio_common_msgs_msg_dds__AudioInfo__desc, print_audio_info},
    {"duplex_msgs/msg/Transcript", &duplex_msgs_msg_dds__Transcript__desc, print_transcript},
    {"duplex_msgs/msg/ProactiveEvent", &duplex_msgs_msg_dds__ProactiveEvent__desc, print_event},
    {"duplex_msgs/msg/WatchCommand", &duplex_msgs_msg_dds__WatchCommand__desc, print_watch},
    {"duplex_msgs/msg/CommandReply", &duplex_msgs_msg_dds__CommandReply__desc, print_reply},
    {"duplex_msgs/msg/Say", &duplex_msgs_msg_dds__Say__desc, print_none},
    {"duplex_msgs/msg/Context", &duplex_msgs_msg_dds__Context__desc, print_none},
    {"duplex_msgs/msg/Reset", &duplex_msgs_msg_dds__Reset__desc, print_none},
    {"duplex_msgs/msg/WatchList", &duplex_msgs_msg_dds__WatchList__desc, print_watch_list},
    {"duplex_msgs/msg/Mute", &duplex_msgs_msg_dds__Mute__desc, print_mute},
    {"duplex_msgs/msg/UserSpeech", &duplex_msgs_msg_dds__UserSpeech__desc, print_user_speech},
    {"duplex_msgs/msg/State", &duplex_msgs_msg_dds__State__desc, print_state},
    {"rmw_dds_common/msg/ParticipantEntitiesInfo", &rmw_dds_common_msg_dds__ParticipantEntitiesInfo__desc,
     print_participant_info},
    {"rcl_interfaces/msg/Log", &rcl_interfaces_msg_dds__Log__desc, print_log},
    {"geometry_msgs/msg/Twist", &geometry_msgs_msg_dds__Twist__desc, print_none},
    {"geometry_msgs/msg/TwistStamped", &geometry_msgs_msg_dds__TwistStamped__desc, print_none},
    {"sensor_msgs/msg/JointState", &sensor_msgs_msg_dds__JointState__desc, print_none},
};

static const struct type_info *find_type(const char *name) {
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

/* ---- entities ---- */

static void on_data_available(dds_entity_t reader, void *arg) {
  const struct entity *e = arg;
  for (;;) {
    void *buf[1] = {NULL};
    dds_sample_info_t info;
    int n = dds_take(reader, buf, &info, 1, 1);
    if (n <= 0)
      break;
    if (info.valid_data) {
      char *line = NULL;
      size_t size = 0;
      FILE *out = open_memstream(&line, &size);
      fputc('{', out);
      e->type->print(out, buf[0]);
      fputc('}', out);
      fclose(out);
      emit("sample %s %s", e->ros_name, line);
      free(line);
    }
    dds_return_loan(reader, buf, n);
  }
}

/* Parses RELIABILITY,DURABILITY,DEPTH; returns NULL (and replies) when it is malformed. */
static dds_qos_t *parse_qos(const char *verb, const char *spec) {
  char rel[32], dur[32];
  int depth;
  if (sscanf(spec, "%31[a-z_],%31[a-z_],%d", rel, dur, &depth) != 3 || depth < 0) {
    emit("error %s bad QOS '%s': expected RELIABILITY,DURABILITY,DEPTH", verb, spec);
    return NULL;
  }
  dds_qos_t *qos = dds_create_qos();
  if (strcmp(rel, "reliable") == 0)
    dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(10));
  else if (strcmp(rel, "best_effort") == 0)
    dds_qset_reliability(qos, DDS_RELIABILITY_BEST_EFFORT, 0);
  else
    goto bad;
  if (strcmp(dur, "volatile") == 0)
    dds_qset_durability(qos, DDS_DURABILITY_VOLATILE);
  else if (strcmp(dur, "transient_local") == 0)
    dds_qset_durability(qos, DDS_DURABILITY_TRANSIENT_LOCAL);
  else
    goto bad;
  if (depth == 0)
    dds_qset_history(qos, DDS_HISTORY_KEEP_ALL, 0);
  else
    dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, depth);
  return qos;
bad:
  emit("error %s bad QOS '%s': reliable|best_effort, volatile|transient_local", verb, spec);
  dds_delete_qos(qos);
  return NULL;
}

static struct entity *find_entity(const char *ros_name, int want_writer) {
  for (int i = 0; i < entity_count; i++)
    if (strcmp(entities[i].ros_name, ros_name) == 0 && (want_writer < 0 || entities[i].is_writer == want_writer))
      return &entities[i];
  return NULL;
}

static void cmd_create(const char *verb, const char *ros_name, const char *type_name, const char *qos_spec,
                       int is_writer) {
  const struct type_info *type = find_type(type_name);
  if (!type) {
    emit("error %s unknown type '%s'", verb, type_name);
    return;
  }
  if (find_entity(ros_name, is_writer)) {
    emit("error %s %s already has a %s", verb, ros_name, is_writer ? "writer" : "reader");
    return;
  }
  if (entity_count == MAX_ENTITIES || strlen(ros_name) >= sizeof entities[0].ros_name - 3) {
    emit("error %s too many entities or topic name too long", verb);
    return;
  }
  dds_qos_t *qos = parse_qos(verb, qos_spec);
  if (!qos)
    return;
  char dds_name[260];
  snprintf(dds_name, sizeof dds_name, "%s%s", ros_name[0] == '/' ? "rt" : "", ros_name);
  struct entity *e = &entities[entity_count];
  snprintf(e->ros_name, sizeof e->ros_name, "%s", ros_name);
  e->type = type;
  e->is_writer = is_writer;
  dds_entity_t topic = dds_create_topic(participant, type->desc, dds_name, NULL, NULL);
  if (topic < 0) {
    emit("error %s dds_create_topic %s: %s", verb, dds_name, dds_strretcode(topic));
    dds_delete_qos(qos);
    return;
  }
  if (is_writer) {
    e->handle = dds_create_writer(participant, topic, qos, NULL);
  } else {
    dds_listener_t *listener = dds_create_listener(e);
    dds_lset_data_available(listener, on_data_available);
    e->handle = dds_create_reader(participant, topic, qos, listener);
    dds_delete_listener(listener);
  }
  dds_delete_qos(qos);
  if (e->handle < 0) {
    emit("error %s create %s: %s", verb, dds_name, dds_strretcode(e->handle));
    return;
  }
  entity_count++;
  emit("ok %s %s %s", verb, ros_name, dds_name);
}

/* Polls the matched status: a bounded wait that ends as soon as discovery is done. */
static void cmd_wait_match(const char *ros_name, long want, long timeout_ms) {
  struct entity *e = find_entity(ros_name, 1);
  if (!e)
    e = find_entity(ros_name, 0);
  if (!e) {
    emit("error wait_match no writer or reader on %s", ros_name);
    return;
  }
  dds_time_t start = dds_time();
  for (;;) {
    uint32_t count = 0;
    dds_return_t rc;
    if (e->is_writer) {
      dds_publication_matched_status_t st;
      rc = dds_get_publication_matched_status(e->handle, &st);
      count = st.current_count;
    } else {
      dds_subscription_matched_status_t st;
      rc = dds_get_subscription_matched_status(e->handle, &st);
      count = st.current_count;
    }
    long elapsed_ms = (long)((dds_time() - start) / DDS_NSECS_IN_MSEC);
    if (rc != DDS_RETCODE_OK) {
      emit("error wait_match %s: %s", ros_name, dds_strretcode(rc));
      return;
    }
    if ((long)count >= want) {
      emit("ok wait_match %s matched=%" PRIu32 " elapsed_ms=%ld", ros_name, count, elapsed_ms);
      return;
    }
    if (elapsed_ms >= timeout_ms) {
      emit("error wait_match %s matched=%" PRIu32 " of %ld after %ld ms", ros_name, count, want, elapsed_ms);
      return;
    }
    dds_sleepfor(DDS_MSECS(2));
  }
}

static struct entity *writer_for(const char *verb, const char *ros_name, const char *type_name) {
  struct entity *e = find_entity(ros_name, 1);
  if (!e)
    emit("error %s no writer on %s: send 'writer %s %s QOS' first", verb, ros_name, ros_name, type_name);
  else if (strcmp(e->type->name, type_name) != 0) {
    emit("error %s the writer on %s has type %s", verb, ros_name, e->type->name);
    e = NULL;
  }
  return e;
}

static uint8_t *pattern_bytes(uint32_t seed, uint32_t len) {
  uint8_t *data = len ? malloc(len) : NULL;
  if (data)
    for (uint32_t i = 0; i < len; i++)
      data[i] = pattern(seed, i);
  return data;
}

/* Writes the sample and frees its payload; data may be NULL only when data_len is 0. */
static void write_sample(const char *verb, struct entity *e, const void *sample, uint32_t data_len, uint8_t *data) {
  dds_return_t rc = data || data_len == 0 ? dds_write(e->handle, sample) : DDS_RETCODE_OUT_OF_RESOURCES;
  free(data);
  if (rc != DDS_RETCODE_OK)
    emit("error %s %s: %s", verb, e->ros_name, dds_strretcode(rc));
  else
    emit("ok %s %s bytes=%" PRIu32, verb, e->ros_name, data_len);
}

static int bytes_per_pixel(const char *encoding) {
  static const struct { const char *name; int bytes; } table[] = {
      {"rgb8", 3}, {"bgr8", 3}, {"rgba8", 4}, {"bgra8", 4}, {"mono8", 1}, {"mono16", 2}, {"yuv422", 2}, {"uyvy", 2}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(table[i].name, encoding) == 0)
      return table[i].bytes;
  return 0;
}

static void cmd_pub_image(char **arg) {
  struct entity *e = writer_for("pub_image", arg[0], "sensor_msgs/msg/Image");
  if (!e)
    return;
  uint32_t width = strtoul(arg[1], NULL, 10), height = strtoul(arg[2], NULL, 10);
  int bpp = bytes_per_pixel(arg[3]);
  if (bpp == 0 || width == 0 || height == 0 || (uint64_t)width * height * bpp > UINT32_MAX / 2) {
    emit("error pub_image bad size %sx%s or encoding %s", arg[1], arg[2], arg[3]);
    return;
  }
  sensor_msgs_msg_dds__Image_ m = {.header = header, .height = height, .width = width, .encoding = arg[3],
                                   .is_bigendian = 0, .step = width * bpp};
  m.data._length = m.data._maximum = m.step * height;
  m.data._buffer = pattern_bytes(strtoul(arg[4], NULL, 10), m.data._length);
  write_sample("pub_image", e, &m, m.data._length, m.data._buffer);
}

static void cmd_pub_compressed(char **arg) {
  struct entity *e = writer_for("pub_compressed", arg[0], "sensor_msgs/msg/CompressedImage");
  if (!e)
    return;
  sensor_msgs_msg_dds__CompressedImage_ m = {.header = header, .format = arg[1]};
  m.data._length = m.data._maximum = strtoul(arg[2], NULL, 10);
  m.data._buffer = pattern_bytes(strtoul(arg[3], NULL, 10), m.data._length);
  write_sample("pub_compressed", e, &m, m.data._length, m.data._buffer);
}

static void cmd_pub_audio(char **arg, int argc) {
  struct entity *e = writer_for("pub_audio", arg[0], "audio_common_msgs/msg/AudioDataStamped");
  if (!e)
    return;
  audio_common_msgs_msg_dds__AudioDataStamped_ m = {.header = header};
  if (argc == 5) {
    m.header.stamp.sec = (int32_t)strtol(arg[3], NULL, 10);
    m.header.stamp.nanosec = strtoul(arg[4], NULL, 10);
  }
  m.audio.data._length = m.audio.data._maximum = strtoul(arg[1], NULL, 10);
  m.audio.data._buffer = pattern_bytes(strtoul(arg[2], NULL, 10), m.audio.data._length);
  write_sample("pub_audio", e, &m, m.audio.data._length, m.audio.data._buffer);
}

static void cmd_pub_audio_info(char **arg) {
  struct entity *e = writer_for("pub_audio_info", arg[0], "audio_common_msgs/msg/AudioInfo");
  if (!e)
    return;
  audio_common_msgs_msg_dds__AudioInfo_ m = {
      .channels = (uint8_t)strtoul(arg[1], NULL, 10), .sample_rate = strtoul(arg[2], NULL, 10),
      .sample_format = arg[3], .bitrate = strtoul(arg[4], NULL, 10), .coding_format = arg[5]};
  write_sample("pub_audio_info", e, &m, 0, NULL);
}

/* '_' stands for a space so that a condition is one token; '-' alone is the empty string. */
static char *unescape_token(char *tok) {
  if (strcmp(tok, "-") == 0)
    return tok + 1;
  for (char *c = tok; *c; c++)
    if (*c == '_')
      *c = ' ';
  return tok;
}

static void cmd_pub_watch(char **arg) {
  struct entity *e = writer_for("pub_watch", arg[0], "duplex_msgs/msg/WatchCommand");
  if (!e)
    return;
  /* Bounded strings are char arrays in the C binding: copy, cut to the bound. */
  duplex_msgs_msg_dds__WatchCommand_ m = {.action = (uint8_t)strtoul(arg[2], NULL, 10),
                                          .expire_after_s = strtod(arg[4], NULL),
                                          .once = strcmp(arg[5], "true") == 0};
  snprintf(m.request_id, sizeof m.request_id, "%s", unescape_token(arg[1]));
  snprintf(m.watch_id, sizeof m.watch_id, "%s", unescape_token(arg[3]));
  snprintf(m.condition, sizeof m.condition, "%s", unescape_token(arg[6]));
  write_sample("pub_watch", e, &m, 0, NULL);
}

static void cmd_pub_say(char **arg) {
  struct entity *e = writer_for("pub_say", arg[0], "duplex_msgs/msg/Say");
  if (!e)
    return;
  duplex_msgs_msg_dds__Say_ m = {.mode = (uint8_t)strtoul(arg[2], NULL, 10)};
  snprintf(m.request_id, sizeof m.request_id, "%s", unescape_token(arg[1]));
  snprintf(m.text, sizeof m.text, "%s", unescape_token(arg[3]));
  write_sample("pub_say", e, &m, 0, NULL);
}

static void cmd_pub_context(char **arg) {
  struct entity *e = writer_for("pub_context", arg[0], "duplex_msgs/msg/Context");
  if (!e)
    return;
  duplex_msgs_msg_dds__Context_ m = {.action = (uint8_t)strtoul(arg[2], NULL, 10)};
  snprintf(m.request_id, sizeof m.request_id, "%s", unescape_token(arg[1]));
  snprintf(m.context_id, sizeof m.context_id, "%s", unescape_token(arg[3]));
  snprintf(m.text, sizeof m.text, "%s", unescape_token(arg[4]));
  write_sample("pub_context", e, &m, 0, NULL);
}

static void cmd_pub_reset(char **arg) {
  struct entity *e = writer_for("pub_reset", arg[0], "duplex_msgs/msg/Reset");
  if (!e)
    return;
  duplex_msgs_msg_dds__Reset_ m = {.keep_watches = strcmp(arg[2], "true") == 0,
                                   .keep_context = strcmp(arg[3], "true") == 0};
  snprintf(m.request_id, sizeof m.request_id, "%s", unescape_token(arg[1]));
  write_sample("pub_reset", e, &m, 0, NULL);
}

static void cmd_pub_mute(char **arg) {
  struct entity *e = writer_for("pub_mute", arg[0], "duplex_msgs/msg/Mute");
  if (!e)
    return;
  duplex_msgs_msg_dds__Mute_ m = {.muted = strcmp(arg[2], "true") == 0};
  snprintf(m.request_id, sizeof m.request_id, "%s", unescape_token(arg[1]));
  write_sample("pub_mute", e, &m, 0, NULL);
}

/* pub_twist TOPIC LINEAR_X ANGULAR_Z, and pub_twist_stamped (with the current header): a velocity command. */
static void cmd_pub_twist(char **arg, int stamped) {
  const char *verb = stamped ? "pub_twist_stamped" : "pub_twist";
  struct entity *e = writer_for(verb, arg[0], stamped ? "geometry_msgs/msg/TwistStamped" : "geometry_msgs/msg/Twist");
  if (!e)
    return;
  geometry_msgs_msg_dds__Twist_ t = {.linear = {.x = strtod(arg[1], NULL)}, .angular = {.z = strtod(arg[2], NULL)}};
  if (stamped) {
    geometry_msgs_msg_dds__TwistStamped_ m = {.header = header, .twist = t};
    write_sample(verb, e, &m, 0, NULL);
  } else {
    write_sample(verb, e, &t, 0, NULL);
  }
}

#define MAX_JOINTS 64

/* Splits a comma-separated list in place ('-' alone is empty); returns the number of items. */
static uint32_t split_list(char *list, char **items) {
  uint32_t n = 0;
  if (strcmp(list, "-") == 0)
    return 0;
  for (char *item = strtok(list, ","); item && n < MAX_JOINTS; item = strtok(NULL, ","))
    items[n++] = item;
  return n;
}

/* pub_joint_state TOPIC NAMES POSITIONS VELOCITIES: joint states as joint_state_broadcaster publishes them. */
static void cmd_pub_joint_state(char **arg) {
  struct entity *e = writer_for("pub_joint_state", arg[0], "sensor_msgs/msg/JointState");
  if (!e)
    return;
  char *names[MAX_JOINTS], *positions[MAX_JOINTS], *velocities[MAX_JOINTS];
  /* split_list uses strtok: one list at a time, each consumed before the next. */
  uint32_t n_names = split_list(arg[1], names);
  uint32_t n_pos = split_list(arg[2], positions);
  double pos[MAX_JOINTS];
  for (uint32_t i = 0; i < n_pos; i++)
    pos[i] = strtod(positions[i], NULL);
  uint32_t n_vel = split_list(arg[3], velocities);
  double vel[MAX_JOINTS];
  for (uint32_t i = 0; i < n_vel; i++)
    vel[i] = strtod(velocities[i], NULL);
  sensor_msgs_msg_dds__JointState_ m = {.header = header};
  m.name._length = m.name._maximum = n_names;
  m.name._buffer = names;
  m.position._length = m.position._maximum = n_pos;
  m.position._buffer = pos;
  m.velocity._length = m.velocity._maximum = n_vel;
  m.velocity._buffer = vel;
  write_sample("pub_joint_state", e, &m, 0, NULL);
}

/* Returns 0 on quit. */
static int dispatch(char *line) {
  char *arg[8];
  int argc = 0;
  for (char *tok = strtok(line, " \t\r\n"); tok && argc < 8; tok = strtok(NULL, " \t\r\n"))
    arg[argc++] = tok;
  if (argc == 0)
    return 1;
  const char *verb = arg[0];
  char **a = arg + 1;
  int n = argc - 1;
  if (strcmp(verb, "quit") == 0) {
    emit("ok quit");
    return 0;
  } else if (strcmp(verb, "writer") == 0 && n == 3) {
    cmd_create(verb, a[0], a[1], a[2], 1);
  } else if (strcmp(verb, "sub") == 0 && n == 3) {
    cmd_create(verb, a[0], a[1], a[2], 0);
  } else if (strcmp(verb, "discovery") == 0 && n == 0) {
    cmd_create(verb, "ros_discovery_info", "rmw_dds_common/msg/ParticipantEntitiesInfo", "reliable,transient_local,1",
               0);
  } else if (strcmp(verb, "wait_match") == 0 && n == 3) {
    cmd_wait_match(a[0], strtol(a[1], NULL, 10), strtol(a[2], NULL, 10));
  } else if (strcmp(verb, "header") == 0 && n == 3) {
    header.stamp.sec = (int32_t)strtol(a[0], NULL, 10);
    header.stamp.nanosec = strtoul(a[1], NULL, 10);
    snprintf(header_frame, sizeof header_frame, "%s", a[2]);
    header.frame_id = header_frame;
    emit("ok header");
  } else if (strcmp(verb, "pub_image") == 0 && n == 5) {
    cmd_pub_image(a);
  } else if (strcmp(verb, "pub_compressed") == 0 && n == 4) {
    cmd_pub_compressed(a);
  } else if (strcmp(verb, "pub_audio") == 0 && (n == 3 || n == 5)) {
    cmd_pub_audio(a, n);
  } else if (strcmp(verb, "pub_audio_info") == 0 && n == 6) {
    cmd_pub_audio_info(a);
  } else if (strcmp(verb, "pub_say") == 0 && n == 4) {
    cmd_pub_say(a);
  } else if (strcmp(verb, "pub_context") == 0 && n == 5) {
    cmd_pub_context(a);
  } else if (strcmp(verb, "pub_reset") == 0 && n == 4) {
    cmd_pub_reset(a);
  } else if (strcmp(verb, "pub_watch") == 0 && n == 7) {
    cmd_pub_watch(a);
  } else if (strcmp(verb, "pub_mute") == 0 && n == 3) {
    cmd_pub_mute(a);
  } else if (strcmp(verb, "pub_twist") == 0 && n == 3) {
    cmd_pub_twist(a, 0);
  } else if (strcmp(verb, "pub_twist_stamped") == 0 && n == 3) {
    cmd_pub_twist(a, 1);
  } else if (strcmp(verb, "pub_joint_state") == 0 && n == 4) {
    cmd_pub_joint_state(a);
  } else {
    emit("error %s unknown command or wrong number of arguments (%d)", verb, n);
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: ros_peer DOMAIN_ID\n");
    return 2;
  }
  header.frame_id = header_frame;
  participant = dds_create_participant((dds_domainid_t)strtoul(argv[1], NULL, 10), NULL, NULL);
  if (participant < 0) {
    fprintf(stderr, "dds_create_participant: %s\n", dds_strretcode(participant));
    return 1;
  }
  dds_guid_t guid;
  dds_get_guid(participant, &guid);
  char hex[33];
  for (int i = 0; i < 16; i++)
    snprintf(hex + 2 * i, 3, "%02x", guid.v[i]);
  emit("ready domain=%s participant=%s", argv[1], hex);
  char line[MAX_LINE];
  int running = 1;
  while (running && fgets(line, sizeof line, stdin))
    running = dispatch(line);
  dds_delete(participant);
  return 0;
}
