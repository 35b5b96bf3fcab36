/**
 * The MQTT adapter: commands in (watches, force-listen) to the input port, events, transcripts,
 * state and watches out, with its connection settings and TLS, the broker client, the on-disk
 * outbox, the JSON payloads and its health.
 */
package org.duplexnode.mqtt;
