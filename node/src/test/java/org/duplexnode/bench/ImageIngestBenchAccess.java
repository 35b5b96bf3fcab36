package org.duplexnode.bench;
public class ImageIngestBenchAccess { public static byte[] frame() { return ImageIngestBench.cameraLikeFrame(); } }
