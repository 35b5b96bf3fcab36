/**
 * The session clock: cuts the 16 kHz audio stream into 1-s units by audio sample time, pairs each
 * unit with a camera frame, carries force-listen requests and hands units to the model thread.
 */
package org.duplexnode.session;
