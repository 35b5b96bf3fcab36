/**
 * Where input comes from: the live ROS 2 subscriptions (and, later, bags and test feeds), turned
 * into plain records that the ingest stage consumes without knowing the source.
 */
package org.duplexnode.sources;
