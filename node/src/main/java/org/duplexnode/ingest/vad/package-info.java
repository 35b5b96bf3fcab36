/**
 * Voice activity detection over the microphone input (Silero VAD on ONNX Runtime), used to tell
 * whether the user spoke: proactive judgement, barge-in, and gating of the node's own voice.
 */
package org.duplexnode.ingest.vad;
