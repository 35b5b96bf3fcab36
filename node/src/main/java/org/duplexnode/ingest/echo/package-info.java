/**
 * The node's own voice taken out of the microphone: the far end (what the local speaker played,
 * the speech published for another node, or what the robot's player says it plays), its delay
 * (known, or estimated and tracked), SpeexDSP's canceller in {@link org.duplexnode.ingest.echo.EchoCancelStage},
 * the meter behind /diagnostics and barge-in's echo guard, and the residual echo suppressed for the
 * model alone ({@link org.duplexnode.ingest.echo.ResidualEchoSink}).
 */
package org.duplexnode.ingest.echo;
