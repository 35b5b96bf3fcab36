package org.duplexnode.engine.tensorrt;

import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TensorRT's log callback into slf4j; warnings and errors only, builder chatter is dropped. */
final class TrtLogger extends ILogger {
  private static final Logger LOG = LoggerFactory.getLogger(TrtLogger.class);

  @Override
  public void log(Severity severity, String msg) {
    switch (severity) {
      case kINTERNAL_ERROR, kERROR -> LOG.error("TensorRT: {}", msg);
      case kWARNING -> LOG.warn("TensorRT: {}", msg);
      default -> LOG.debug("TensorRT: {}", msg);
    }
  }
}
