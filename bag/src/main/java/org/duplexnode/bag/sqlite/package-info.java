/** The rosbag2 sqlite3 storage format (.db3 files), read through JDBC. */
package org.duplexnode.bag.sqlite;
