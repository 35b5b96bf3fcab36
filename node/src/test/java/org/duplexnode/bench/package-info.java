/** Benchmarks: JMH classes and the model runtime's main; run them as docs/benchmarks.md says. */
package org.duplexnode.bench;
