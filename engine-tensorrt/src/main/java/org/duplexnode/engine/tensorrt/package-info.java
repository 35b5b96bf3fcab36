/**
 * The TensorRT engine backend (JNI through JavaCPP's TensorRT and CUDA presets): serialised engines or
 * ONNX graphs built in process, run behind {@link org.duplexnode.engine.Graph}; no native library is
 * loaded until the backend is used, so the node starts on machines without CUDA.
 */
package org.duplexnode.engine.tensorrt;
