package org.duplexnode.model.pkg;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import org.duplexnode.model.spec.TextDecoding;

/**
 * The package's Hugging Face tokenizer (DJL's binding of the Rust tokenizers, offline). Text is
 * encoded without adding special tokens and without truncation; added tokens such as
 * {@code <|im_start|>} in the text are matched as single ids (contract 2.2). Decoding skips
 * special tokens. Thread-safe for encode/decode; close it once.
 */
public final class PackageTokenizer implements TextDecoding, AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  private PackageTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads tokenizer.json; fails naming the file when it cannot be parsed. */
  public static PackageTokenizer load(Path tokenizerJson) {
    try {
      return new PackageTokenizer(HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
          .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build());
    } catch (IOException | RuntimeException e) {
      throw new ModelPackageException(tokenizerJson.getFileName() + " cannot be loaded: " + e.getMessage());
    }
  }

  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** The text of {@code ids}, special tokens skipped. */
  @Override
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, true);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
