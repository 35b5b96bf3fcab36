/**
 * The model interfaces of the duplex loop implemented over the package's graphs: the LLM, the
 * TTS, the streaming audio encoder, the vision encoder and Token2Wav, with preallocated buffers
 * and P-major KV caches that graphs extend in place.
 */
package org.duplexnode.model.graphs;
