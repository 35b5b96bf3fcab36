package org.duplexnode.model;

/** Turns token ids into text, special tokens removed (the tokenizer's decode). */
@FunctionalInterface
public interface TextDecoding {
  String decode(int[] ids);
}
