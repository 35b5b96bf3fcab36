/** The {@code duplex-node} command line (picocli): run, bag and the tools around the node. */
package org.duplexnode.cli;
