/**
 * What the model's parts agree on: the interfaces of the language model, TTS, vocoder and vision
 * input, the logits they return, and the decoding and runtime options. The package reader
 * ({@code model.pkg}), the graph wrappers ({@code model.graphs}) and the conversation
 * ({@code model}) depend on it, and it on none of them.
 */
package org.duplexnode.model.spec;
