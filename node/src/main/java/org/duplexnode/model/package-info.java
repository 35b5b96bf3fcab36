/**
 * The MiniCPM-o 4.5 duplex runtime: prepare, per-unit streaming prefill, generate and finalize,
 * the interleaved TTS and the Token2Wav window, over graphs run by an engine.
 */
package org.duplexnode.model;
