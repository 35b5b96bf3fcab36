/** Command-line entry points of duplex-node (picocli commands). */
package org.duplexnode.cli;
