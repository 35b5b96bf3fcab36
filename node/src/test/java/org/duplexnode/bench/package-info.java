/** Benchmarks run by hand (main methods), with their commands and numbers in docs/benchmarks.md. */
package org.duplexnode.bench;
