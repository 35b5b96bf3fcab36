/**
 * Logging helpers every stage may use: warnings that repeat under load are rate-limited so a
 * flood of bad input cannot flood the log.
 */
package org.duplexnode.logging;
