/**
 * Assembles the stages into a running node: sources, ingest, session, model, outputs and sinks,
 * wired once in a readable order for the live node, the replay and the demo.
 */
package org.duplexnode.pipeline;
