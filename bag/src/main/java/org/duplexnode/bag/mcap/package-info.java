/** The MCAP container format (https://mcap.dev/spec): record codecs, a reader and a writer. */
package org.duplexnode.bag.mcap;
