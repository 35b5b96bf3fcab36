/**
 * Ingest: input records from any source turned into what the session needs (16 kHz mono audio,
 * model-ready frames, user-speech activity), with every rejection counted.
 */
package org.duplexnode.ingest;
