/**
 * Microphone ingest: validates audio messages, decodes PCM to mono float, places them on the
 * audio timeline by their stamps and resamples them to the 16 kHz stream the session cuts into units.
 */
package org.duplexnode.ingest.audio;
