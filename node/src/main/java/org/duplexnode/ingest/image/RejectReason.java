package org.duplexnode.ingest.image;

/** Why a camera frame was not turned into model input; the key its rejections are counted by. */
public enum RejectReason {
  /** sensor_msgs/Image encoding this stage does not convert. */
  UNKNOWN_ENCODING,
  /** CompressedImage that is neither JPEG nor PNG (or a depth format). */
  UNSUPPORTED_FORMAT,
  /** Width or height zero, negative, above the limit, or odd where chroma subsampling needs even. */
  BAD_DIMENSIONS,
  /** Row stride shorter than one row of pixels. */
  BAD_STEP,
  /** Fewer data bytes than width, height and step require. */
  SHORT_DATA,
  /** Compressed data the decoder could not read: truncated, corrupt, or mislabelled. */
  CORRUPT_DATA,
  /** An unexpected failure inside the conversion; a defect, counted so that it is seen. */
  INTERNAL_ERROR
}
