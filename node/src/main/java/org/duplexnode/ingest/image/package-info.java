/**
 * Camera ingest: turns raw and compressed camera frames into the vision encoder's input
 * (MiniCPM-o's single-slice preprocessing), rejecting and counting frames it cannot use.
 */
package org.duplexnode.ingest.image;
