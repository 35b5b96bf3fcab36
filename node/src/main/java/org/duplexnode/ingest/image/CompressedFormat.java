package org.duplexnode.ingest.image;

import java.util.Locale;

/**
 * What a sensor_msgs/CompressedImage {@code format} string says. Drivers write a bare codec
 * ("jpeg", "png"); image_transport writes "{@code <source encoding>; <codec> compressed
 * <encoding fed to the encoder>}", e.g. "rgb8; jpeg compressed bgr8". The encoder expects BGR, so
 * the decoded image is BGR unless the fed encoding says the bytes were RGB ("... compressed
 * rgb8"), in which case red and blue sit swapped in the file and decode as RGB.
 *
 * @param codec the codec named, or null when the string names none (an empty string is common)
 * @param decodedOrder channel order of the decoded 3-channel image
 */
public record CompressedFormat(Codec codec, ChannelOrder decodedOrder) {

  /** The compressed formats this stage decodes. */
  public enum Codec { JPEG, PNG }

  /**
   * @throws ImageRejectedException for depth formats ("compressedDepth") and codecs other than
   *     JPEG and PNG
   */
  public static CompressedFormat parse(String format) throws ImageRejectedException {
    String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    if (f.contains("compresseddepth")) {
      throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT,
          "format '" + format + "' is a depth image, not a camera image");
    }
    int semicolon = f.indexOf(';');
    String tail = semicolon < 0 ? f : f.substring(semicolon + 1).trim();
    String codecWord = tail.split("\\s+")[0];
    Codec codec = switch (codecWord) {
      case "jpeg", "jpg" -> Codec.JPEG;
      case "png" -> Codec.PNG;
      case "" -> null;
      default -> throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT,
          "format '" + format + "' is not jpeg or png");
    };
    int compressed = tail.indexOf("compressed");
    String fed = compressed < 0 ? "" : tail.substring(compressed + "compressed".length()).trim();
    ChannelOrder order = fed.startsWith("rgb") ? ChannelOrder.RGB : ChannelOrder.BGR;
    return new CompressedFormat(codec, order);
  }
}
