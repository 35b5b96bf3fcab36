/**
 * What a run leaves behind for people and CI: the record of every unit and output, the HTML
 * report with its timeline, and scenario assertions with a JUnit XML result.
 */
package org.duplexnode.replay;
