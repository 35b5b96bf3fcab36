/**
 * Turns what the model decided each unit into what robots consume: speech chunks per utterance,
 * transcripts, proactive events attributed to watches, and per-unit state.
 */
package org.duplexnode.outputs;
