/** The MQTT bridge's parts: connection settings and TLS, the broker client, the on-disk outbox and the JSON payloads. */
package org.duplexnode.mqtt;
