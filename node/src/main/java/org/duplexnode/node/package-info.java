/**
 * The assembly: the one place the node is put together for run, replay and demo (the core, its
 * ingest, model and outputs threads, the output fan-out to the adapters), and the two ways it
 * runs: live on ROS 2 and over a recorded bag.
 */
package org.duplexnode.node;
