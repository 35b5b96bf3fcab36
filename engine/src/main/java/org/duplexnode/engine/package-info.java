/**
 * Engines: named graphs in, tensors out, behind one interface ({@link org.duplexnode.engine.Engine});
 * the model runtime never knows which backend (ONNX Runtime, TensorRT) runs a graph.
 */
package org.duplexnode.engine;
