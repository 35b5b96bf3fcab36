package org.duplexnode.ingest.image;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.opencv.core.CvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera half of ingest: a raw or compressed frame in, the vision encoder's input out.
 *
 * <pre>
 *   RawImage ───────────▶ RawImageDecoder ──────┐
 *                                               ├─▶ DecodedImage ─▶ SlicePreprocessor ─▶ ModelImage
 *   RawCompressedImage ─▶ CompressedImageDecoder┘   (native, full     (resize to grid,
 *                         (JPEG may decode at        or reduced size)  layout, position ids)
 *                          1/2..1/8 scale)
 *
 *   JPEG, libturbojpeg present:
 *   RawCompressedImage ─▶ PlanarJpegDecoder ─▶ JpegPlanes ─▶ PlanarPreprocessor ─▶ ModelImage
 *                         (YCbCr planes,        (Y, Cb, Cr)   (resize each plane, colour
 *                          1/2 scale for 1080p)                 after the shrink, layout)
 * </pre>
 *
 * <p>Failure: a frame that cannot be used is dropped and returned as {@link Rejected}, counted
 * by {@link RejectReason}; the first rejection of each reason is logged as a warning, later ones
 * only counted. No exception escapes {@code accept}: an unexpected one (an OpenCV error, say) is
 * counted as {@link RejectReason#INTERNAL_ERROR}. Safe to call from several threads at once.
 */
public final class ImageIngest {
  private static final Logger LOG = LoggerFactory.getLogger(ImageIngest.class);

  private final RawImageDecoder rawDecoder = new RawImageDecoder();
  private final CompressedImageDecoder compressedDecoder = new CompressedImageDecoder();
  private final SlicePreprocessor preprocessor = new SlicePreprocessor();
  private final PlanarPreprocessor planarPreprocessor = new PlanarPreprocessor();
  private final boolean reducedJpegDecode;
  private final PlanarJpegDecoder planarDecoder;
  private final LongAdder accepted = new LongAdder();
  private final Map<RejectReason, LongAdder> rejections = new EnumMap<>(RejectReason.class);
  private final Set<RejectReason> logged = ConcurrentHashMap.newKeySet();

  /** The fastest JPEG decoding this machine has ({@link JpegDecoding#PLANES}). */
  public ImageIngest() {
    this(JpegDecoding.PLANES);
  }

  /**
   * @param reducedJpegDecode true for the fastest JPEG decoding ({@link JpegDecoding#PLANES}),
   *     false for OpenCV's full decode ({@link JpegDecoding#FULL})
   */
  public ImageIngest(boolean reducedJpegDecode) {
    this(reducedJpegDecode ? JpegDecoding.PLANES : JpegDecoding.FULL);
  }

  /**
   * @param jpeg how JPEG frames are decoded; {@link JpegDecoding#PLANES} falls back to
   *     {@link JpegDecoding#REDUCED} when libturbojpeg is absent (see {@link #jpegDecoding()})
   * @throws IllegalStateException when OpenCV's native library cannot be loaded
   */
  public ImageIngest(JpegDecoding jpeg) {
    this(jpeg, true, FrameHelper.shared());
  }

  /**
   * Like {@link #ImageIngest(JpegDecoding)}, with all the work on the calling thread: what a
   * frame costs one core. The default decodes the bottom of a JPEG with restart markers on a
   * helper thread where the JVM sees a second processor ({@link RestartSplit}).
   */
  public static ImageIngest onCallingThread(JpegDecoding jpeg) {
    return new ImageIngest(jpeg, true, FrameHelper.inline());
  }

  /** @param planarHalfScale for {@link JpegDecoding#PLANES}: decode at 1/2 scale where it fits */
  ImageIngest(JpegDecoding jpeg, boolean planarHalfScale) {
    this(jpeg, planarHalfScale, FrameHelper.shared());
  }

  private ImageIngest(JpegDecoding jpeg, boolean planarHalfScale, FrameHelper helper) {
    boolean planes = jpeg == JpegDecoding.PLANES && PlanarJpegDecoder.available();
    this.planarDecoder = planes ? new PlanarJpegDecoder(planarHalfScale, helper) : null;
    if (jpeg == JpegDecoding.PLANES && !planes) {
      LOG.info("JPEG frames decode with OpenCV at reduced scale: {}",
          PlanarJpegDecoder.unavailableReason());
    }
    this.reducedJpegDecode = jpeg != JpegDecoding.FULL;
    for (RejectReason reason : RejectReason.values()) {
      rejections.put(reason, new LongAdder());
    }
  }

  public ImageOutcome accept(RawImage msg) {
    try (DecodedImage image = rawDecoder.decode(msg)) {
      return accepted(preprocessor.preprocess(image, msg.stampNanos(), msg.frameId()));
    } catch (ImageRejectedException e) {
      return reject(e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      return internal(e);
    }
  }

  /** The JPEG decoding in use: {@link JpegDecoding#PLANES} only where libturbojpeg loaded. */
  public JpegDecoding jpegDecoding() {
    if (planarDecoder != null) {
      return JpegDecoding.PLANES;
    }
    return reducedJpegDecode ? JpegDecoding.REDUCED : JpegDecoding.FULL;
  }

  public ImageOutcome accept(RawCompressedImage msg) {
    if (planarDecoder != null) {
      try {
        Optional<JpegPlanes> decoded = planarDecoder.decode(msg);
        if (decoded.isPresent()) {
          try (JpegPlanes planes = decoded.get()) {
            return accepted(planarPreprocessor.preprocess(planes, msg.stampNanos(), msg.frameId()));
          }
        }
      } catch (ImageRejectedException e) {
        return reject(e.reason(), e.getMessage());
      } catch (RuntimeException e) {
        return internal(e);
      }
    }
    try (DecodedImage image = reducedJpegDecode
        ? compressedDecoder.decodeForModel(msg) : compressedDecoder.decode(msg)) {
      return accepted(preprocessor.preprocess(image, msg.stampNanos(), msg.frameId()));
    } catch (ImageRejectedException e) {
      return reject(e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      return internal(e);
    }
  }

  /**
   * {@link #accept(RawImage)} for callers that only want the model input (the ingest stage's
   * frame converter); a rejection is counted as usual and gives empty.
   */
  public Optional<ModelImage> modelImage(RawImage msg) {
    return accept(msg) instanceof ModelImage image ? Optional.of(image) : Optional.empty();
  }

  /** {@link #accept(RawCompressedImage)} giving the model input or empty (counted). */
  public Optional<ModelImage> modelImage(RawCompressedImage msg) {
    return accept(msg) instanceof ModelImage image ? Optional.of(image) : Optional.empty();
  }

  /** Frames turned into model input so far. */
  public long acceptedCount() {
    return accepted.sum();
  }

  /** Frames rejected so far for this reason. */
  public long rejectedCount(RejectReason reason) {
    return rejections.get(reason).sum();
  }

  /** Every reason with its count (zeros included), for diagnostics. */
  public Map<RejectReason, Long> rejectionCounts() {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    rejections.forEach((reason, count) -> out.put(reason, count.sum()));
    return Collections.unmodifiableMap(out);
  }

  private ModelImage accepted(ModelImage image) {
    accepted.increment();
    return image;
  }

  private ImageOutcome internal(RuntimeException e) {
    String what = e instanceof CvException ? "OpenCV failed: " : "unexpected failure: ";
    if (logged.add(RejectReason.INTERNAL_ERROR)) {
      LOG.error("camera frame dropped after an internal error; later ones are only counted", e);
    }
    rejections.get(RejectReason.INTERNAL_ERROR).increment();
    return new Rejected(RejectReason.INTERNAL_ERROR, what + e);
  }

  private Rejected reject(RejectReason reason, String message) {
    rejections.get(reason).increment();
    if (logged.add(reason)) {
      LOG.warn("camera frame dropped: {} ({}); further drops for this reason are only counted",
          message, reason);
    }
    return new Rejected(reason, message);
  }
}
