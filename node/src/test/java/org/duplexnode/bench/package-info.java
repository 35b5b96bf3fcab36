/** JMH benchmarks; run them as docs/benchmarks.md says. */
package org.duplexnode.bench;
