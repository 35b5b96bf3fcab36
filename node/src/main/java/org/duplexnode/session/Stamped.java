package org.duplexnode.session;

/** A value with the stamp of the instant it shows (e.g. a camera frame's header stamp). */
public record Stamped<T>(long stampNanos, T value) {
}
