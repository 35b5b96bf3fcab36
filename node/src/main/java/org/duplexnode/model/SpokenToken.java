package org.duplexnode.model;

/**
 * A token the LLM spoke in a unit with the hidden state its forward produced: the TTS condition
 * is built from these pairs.
 */
public record SpokenToken(int id, float[] hidden, boolean endOfTurn) {}
