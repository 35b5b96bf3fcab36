/** Test fixtures shared by the tests of several stages: real external parts driven from Java. */
package org.duplexnode.testing;
