/** CDR (XCDR1, and plain XCDR2) serialization and a schema-driven decoder of ROS 2 messages. */
package org.duplexnode.bag.cdr;
