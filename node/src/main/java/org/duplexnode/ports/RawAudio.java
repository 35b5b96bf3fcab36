package org.duplexnode.ports;

/**
 * A block of microphone samples as they arrived, interleaved, with the format that applied to it
 * (from AudioInfo or the node's audio parameters).
 *
 * @param stampNanos stamp of the first sample, nanoseconds since the epoch
 * @param sampleFormat "S16LE", "S32LE" or "F32LE"
 */
public record RawAudio(long stampNanos, String frameId, int sampleRate, int channels,
                       String sampleFormat, byte[] data) {}
