/** Checks on the repository itself: what a fresh clone needs and must not reach for. */
package org.duplexnode.repo;
