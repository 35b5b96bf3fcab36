/**
 * The core's pipeline: the stages (ingest, session, model, outputs) wired once, the model thread's
 * loop, and the settings they run under. It knows no transport: input comes through the input
 * port, output leaves through the output port.
 */
package org.duplexnode.pipeline;
