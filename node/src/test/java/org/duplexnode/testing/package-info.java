/** Test support: real files and real processes for tests. */
package org.duplexnode.testing;
