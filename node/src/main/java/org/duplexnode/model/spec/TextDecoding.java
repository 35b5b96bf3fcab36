package org.duplexnode.model.spec;

/** Turns token ids into text, special tokens removed (the tokenizer's decode). */
@FunctionalInterface
public interface TextDecoding {
  String decode(int[] ids);
}
