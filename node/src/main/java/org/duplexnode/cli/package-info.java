/** The {@code duplex-node} command line (picocli): run, and the tools around the node. */
package org.duplexnode.cli;
