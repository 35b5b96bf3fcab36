/**
 * The bag adapter: a recorded rosbag2 bag as the node's input on the bag's time, the output bag
 * of everything the node published, and what a run leaves behind for people and CI (the record
 * of every unit and output, the HTML report with its timeline, scenario assertions with a JUnit
 * XML result, the console lines).
 */
package org.duplexnode.replay;
