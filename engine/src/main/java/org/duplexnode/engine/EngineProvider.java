package org.duplexnode.engine;

/**
 * A backend shipped in its own module (TensorRT), found with {@link java.util.ServiceLoader} when
 * its jar is on the class path, so this package never names it. Creating the provider loads
 * nothing; {@link #create} is called the first time a graph asks for {@link #backend}.
 */
public interface EngineProvider {
  /** The backend name used in model manifests. */
  String backend();

  Engine create();
}
