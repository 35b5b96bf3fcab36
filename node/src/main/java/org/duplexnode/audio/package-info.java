/**
 * The local audio adapter: the computer's own microphone as an input (records to the core's
 * input port) and its speaker as an output (speech chunks from the output port), with their
 * settings and health.
 */
package org.duplexnode.audio;
