package org.duplexnode.ingest.image;

/** What {@link ImageIngest} made of one frame: model input, or a counted rejection. */
public sealed interface ImageOutcome permits ModelImage, Rejected {}
