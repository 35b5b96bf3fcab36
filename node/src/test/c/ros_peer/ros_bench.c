/*
 * ros_bench: the CycloneDDS side of the ROS 2 transport benchmark (TransportBench.java).
 * One program, two roles, both driven line by line on stdin and built like ros_peer.
 *
 * usage: ros_bench pub DOMAIN_ID WIDTH HEIGHT FPS AUDIO_HZ AUDIO_BYTES
 *        ros_bench sub DOMAIN_ID
 *
 * pub: best-effort writers on /camera/image_raw (sensor_msgs/Image, rgb8) and /audio/in
 *   (audio_common_msgs/AudioDataStamped). Prints "matched" once both have a reader; then each
 *   "go SECONDS" publishes FPS images and AUDIO_HZ audio chunks a second for SECONDS on one
 *   thread (absolute deadlines on CLOCK_MONOTONIC, so a late message does not shift the later
 *   ones), each stamped with CLOCK_REALTIME just before dds_write, and answers
 *   "sent image=N audio=M errors=E max_late_us=L". "quit" ends it.
 * sub: best-effort keep-last-5 readers on the same topics (the QoS of the node's inputs). Each
 *   sample's latency is CLOCK_REALTIME at take minus header.stamp. Commands: "mark" (forgets the
 *   samples so far and starts the measured window: CPU time and wall clock), "stop" (ends it,
 *   prints one "lat TOPIC NANOS BYTES" line per sample, then "result cpu_ns=C wall_ns=W", exits).
 * Payload bytes are made once; the publisher does not spend its time filling 6 MB frames.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dds/dds.h"
#include "ros_types.h"

#define MAX_SAMPLES (1 << 20)
#define MATCH_TIMEOUT_S 60

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void emit(const char *fmt, ...) {
  va_list ap;
  pthread_mutex_lock(&lock);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
  pthread_mutex_unlock(&lock);
}

static int64_t now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_ns(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
         ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static int read_command(const char *want) {
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = 0;
    if (strcmp(line, want) == 0)
      return 1;
    emit("error unexpected '%s', waiting for '%s'", line, want);
  }
  return 0;
}

static dds_qos_t *sensor_qos(void) {
  dds_qos_t *qos = dds_create_qos();
  dds_qset_reliability(qos, DDS_RELIABILITY_BEST_EFFORT, 0);
  dds_qset_durability(qos, DDS_DURABILITY_VOLATILE);
  dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 5);
  return qos;
}

static dds_entity_t topic(dds_entity_t participant, const dds_topic_descriptor_t *desc, const char *name) {
  dds_entity_t t = dds_create_topic(participant, desc, name, NULL, NULL);
  if (t < 0) {
    fprintf(stderr, "dds_create_topic %s: %s\n", name, dds_strretcode(t));
    exit(1);
  }
  return t;
}

static void stamp(std_msgs_msg_dds__Header_ *h) {
  int64_t t = now_ns(CLOCK_REALTIME);
  h->stamp.sec = (int32_t)(t / 1000000000);
  h->stamp.nanosec = (uint32_t)(t % 1000000000);
}

static int matched(dds_entity_t writer) {
  dds_publication_matched_status_t st;
  return dds_get_publication_matched_status(writer, &st) == DDS_RETCODE_OK && st.current_count > 0;
}

static void publish(dds_entity_t image_writer, sensor_msgs_msg_dds__Image_ *image, dds_entity_t audio_writer,
                    audio_common_msgs_msg_dds__AudioDataStamped_ *audio, double seconds, double fps,
                    double audio_hz);

static int run_pub(dds_entity_t participant, char **arg) {
  uint32_t width = strtoul(arg[0], NULL, 10), height = strtoul(arg[1], NULL, 10);
  double fps = atof(arg[2]), audio_hz = atof(arg[3]);
  uint32_t audio_bytes = strtoul(arg[4], NULL, 10);
  if (width == 0 || height == 0 || (uint64_t)width * height * 3 > UINT32_MAX / 2 || fps <= 0 ||
      audio_hz <= 0 || audio_bytes == 0) {
    fprintf(stderr, "pub: bad arguments\n");
    return 2;
  }
  dds_qos_t *qos = sensor_qos();
  dds_entity_t image_writer = dds_create_writer(
      participant, topic(participant, &sensor_msgs_msg_dds__Image__desc, "rt/camera/image_raw"), qos, NULL);
  dds_entity_t audio_writer = dds_create_writer(
      participant, topic(participant, &audio_common_msgs_msg_dds__AudioDataStamped__desc, "rt/audio/in"), qos, NULL);
  dds_delete_qos(qos);
  if (image_writer < 0 || audio_writer < 0) {
    fprintf(stderr, "dds_create_writer failed\n");
    return 1;
  }
  sensor_msgs_msg_dds__Image_ image = {.header = {{0, 0}, "camera"}, .height = height, .width = width,
                                       .encoding = "rgb8", .is_bigendian = 0, .step = width * 3};
  image.data._length = image.data._maximum = image.step * height;
  image.data._buffer = malloc(image.data._length);
  audio_common_msgs_msg_dds__AudioDataStamped_ audio = {.header = {{0, 0}, "microphone"}};
  audio.audio.data._length = audio.audio.data._maximum = audio_bytes;
  audio.audio.data._buffer = malloc(audio_bytes);
  if (!image.data._buffer || !audio.audio.data._buffer) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  for (uint32_t i = 0; i < image.data._length; i++)
    image.data._buffer[i] = (uint8_t)(i * 7u + (i >> 8) * 13u);
  for (uint32_t i = 0; i < audio_bytes; i++)
    audio.audio.data._buffer[i] = (uint8_t)(i * 31u);

  int64_t deadline = now_ns(CLOCK_MONOTONIC) + (int64_t)MATCH_TIMEOUT_S * 1000000000;
  while (!(matched(image_writer) && matched(audio_writer))) {
    if (now_ns(CLOCK_MONOTONIC) > deadline) {
      emit("error no reader matched both topics within %d s", MATCH_TIMEOUT_S);
      return 1;
    }
    dds_sleepfor(DDS_MSECS(5));
  }
  emit("matched");
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    double seconds;
    if (strncmp(line, "quit", 4) == 0)
      return 0;
    if (sscanf(line, "go %lf", &seconds) != 1 || seconds <= 0) {
      emit("error expected 'go SECONDS' or 'quit'");
      continue;
    }
    publish(image_writer, &image, audio_writer, &audio, seconds, fps, audio_hz);
  }
  return 0;
}

static void publish(dds_entity_t image_writer, sensor_msgs_msg_dds__Image_ *image, dds_entity_t audio_writer,
                    audio_common_msgs_msg_dds__AudioDataStamped_ *audio, double seconds, double fps,
                    double audio_hz) {
  const int64_t image_period = (int64_t)(1e9 / fps), audio_period = (int64_t)(1e9 / audio_hz);
  const int64_t start = now_ns(CLOCK_MONOTONIC), end = start + (int64_t)(seconds * 1e9);
  int64_t next_image = start, next_audio = start, max_late = 0;
  long images = 0, audios = 0, errors = 0;
  for (;;) {
    int is_image = next_image <= next_audio;
    int64_t due = is_image ? next_image : next_audio;
    if (due >= end)
      break;
    struct timespec ts = {.tv_sec = due / 1000000000, .tv_nsec = due % 1000000000};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
    int64_t late = now_ns(CLOCK_MONOTONIC) - due;
    if (late > max_late)
      max_late = late;
    dds_return_t rc;
    if (is_image) {
      stamp(&image->header);
      rc = dds_write(image_writer, image);
      images++;
      next_image += image_period;
    } else {
      stamp(&audio->header);
      rc = dds_write(audio_writer, audio);
      audios++;
      next_audio += audio_period;
    }
    if (rc != DDS_RETCODE_OK)
      errors++;
  }
  emit("sent image=%ld audio=%ld errors=%ld max_late_us=%" PRId64, images, audios, errors, max_late / 1000);
}

struct reader {
  const char *name;
  uint32_t count;
  int64_t *latency;
  uint32_t *bytes;
};

static void on_image(dds_entity_t reader, void *arg) {
  struct reader *r = arg;
  for (;;) {
    void *buf[1] = {NULL};
    dds_sample_info_t info;
    int n = dds_take(reader, buf, &info, 1, 1);
    if (n <= 0)
      break;
    if (info.valid_data) {
      const sensor_msgs_msg_dds__Image_ *m = buf[0];
      int64_t t = now_ns(CLOCK_REALTIME);
      pthread_mutex_lock(&lock);
      if (r->count < MAX_SAMPLES) {
        r->latency[r->count] = t - ((int64_t)m->header.stamp.sec * 1000000000 + m->header.stamp.nanosec);
        r->bytes[r->count++] = m->data._length;
      }
      pthread_mutex_unlock(&lock);
    }
    dds_return_loan(reader, buf, n);
  }
}

static void on_audio(dds_entity_t reader, void *arg) {
  struct reader *r = arg;
  for (;;) {
    void *buf[1] = {NULL};
    dds_sample_info_t info;
    int n = dds_take(reader, buf, &info, 1, 1);
    if (n <= 0)
      break;
    if (info.valid_data) {
      const audio_common_msgs_msg_dds__AudioDataStamped_ *m = buf[0];
      int64_t t = now_ns(CLOCK_REALTIME);
      pthread_mutex_lock(&lock);
      if (r->count < MAX_SAMPLES) {
        r->latency[r->count] = t - ((int64_t)m->header.stamp.sec * 1000000000 + m->header.stamp.nanosec);
        r->bytes[r->count++] = m->audio.data._length;
      }
      pthread_mutex_unlock(&lock);
    }
    dds_return_loan(reader, buf, n);
  }
}

static dds_entity_t make_reader(dds_entity_t participant, const dds_topic_descriptor_t *desc, const char *name,
                                struct reader *r, dds_on_data_available_fn fn) {
  r->latency = malloc(sizeof(int64_t) * MAX_SAMPLES);
  r->bytes = malloc(sizeof(uint32_t) * MAX_SAMPLES);
  if (!r->latency || !r->bytes) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  dds_qos_t *qos = sensor_qos();
  dds_listener_t *listener = dds_create_listener(r);
  dds_lset_data_available(listener, fn);
  dds_entity_t reader = dds_create_reader(participant, topic(participant, desc, name), qos, listener);
  dds_delete_listener(listener);
  dds_delete_qos(qos);
  if (reader < 0) {
    fprintf(stderr, "dds_create_reader %s: %s\n", name, dds_strretcode(reader));
    exit(1);
  }
  return reader;
}

static int run_sub(dds_entity_t participant) {
  static struct reader image = {.name = "image"}, audio = {.name = "audio"};
  make_reader(participant, &sensor_msgs_msg_dds__Image__desc, "rt/camera/image_raw", &image, on_image);
  make_reader(participant, &audio_common_msgs_msg_dds__AudioDataStamped__desc, "rt/audio/in", &audio, on_audio);
  emit("subscribed");
  if (!read_command("mark"))
    return 1;
  pthread_mutex_lock(&lock);
  image.count = audio.count = 0;
  pthread_mutex_unlock(&lock);
  int64_t cpu0 = cpu_ns(), wall0 = now_ns(CLOCK_MONOTONIC);
  emit("ok mark");
  if (!read_command("stop"))
    return 1;
  int64_t cpu = cpu_ns() - cpu0, wall = now_ns(CLOCK_MONOTONIC) - wall0;
  /* Deleting the participant first stops the listeners, so the arrays no longer change. */
  dds_delete(participant);
  struct reader *readers[] = {&image, &audio};
  for (int k = 0; k < 2; k++)
    for (uint32_t i = 0; i < readers[k]->count; i++)
      emit("lat %s %" PRId64 " %" PRIu32, readers[k]->name, readers[k]->latency[i], readers[k]->bytes[i]);
  emit("result cpu_ns=%" PRId64 " wall_ns=%" PRId64, cpu, wall);
  return 0;
}

int main(int argc, char **argv) {
  int pub = argc == 8 && strcmp(argv[1], "pub") == 0, sub = argc == 3 && strcmp(argv[1], "sub") == 0;
  if (!pub && !sub) {
    fprintf(stderr, "usage: ros_bench pub DOMAIN_ID WIDTH HEIGHT FPS AUDIO_HZ AUDIO_BYTES\n"
                    "       ros_bench sub DOMAIN_ID\n");
    return 2;
  }
  dds_entity_t participant = dds_create_participant((dds_domainid_t)strtoul(argv[2], NULL, 10), NULL, NULL);
  if (participant < 0) {
    fprintf(stderr, "dds_create_participant: %s\n", dds_strretcode(participant));
    return 1;
  }
  int rc = pub ? run_pub(participant, argv + 3) : run_sub(participant);
  if (pub)
    dds_delete(participant);
  return rc;
}
