package org.duplexnode.ros;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import rcl_interfaces.msg.dds.Log;
import org.duplexnode.ports.NodeClock;
import org.slf4j.LoggerFactory;

/**
 * The node's log on {@code /rosout} (rcl_interfaces/Log), where ROS users look ({@code ros2 topic
 * echo /rosout}, rqt_console): every event the node logs at or above its log level (--log-level
 * applies, as it sets the loggers' levels), with the logger name rcl gives a node (its namespace
 * and name joined with dots), the rcl level, and the source file, method and line.
 *
 * <p>Any thread may log: sends are serialised on one reused message. A log line written while a
 * send is in progress on the same thread (the transport logging its own trouble) is not sent
 * again, so logging cannot recurse.
 */
public final class RosoutAppender extends AppenderBase<ILoggingEvent> {
  private static final int MAX_NAME = 256;
  private static final int MAX_MSG = 4096;

  private final RosPublisher<Log> publisher;
  private final String loggerName;
  private final NodeClock clock;
  private final Log message = new Log();
  private final ThreadLocal<Boolean> sending = ThreadLocal.withInitial(() -> false);

  private RosoutAppender(RosPublisher<Log> publisher, String loggerName, NodeClock clock) {
    this.publisher = publisher;
    this.loggerName = loggerName;
    this.clock = clock;
  }

  /** Advertises /rosout on {@code transport} and adds the appender to the root logger. */
  public static RosoutAppender attach(RosTransport transport, NodeClock clock) {
    NodeIdentity id = transport.identity();
    String ns = id.namespace().replaceAll("^/+|/+$", "").replace('/', '.');
    RosoutAppender appender = new RosoutAppender(transport.advertise(NodeTopics.ROSOUT),
        ns.isEmpty() ? id.name() : ns + "." + id.name(), clock);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender.setContext(context);
    appender.setName("rosout");
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }

  /** Removes the appender from the root logger (the transport is closing). */
  public void detach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    stop();
  }

  /** rcl_interfaces/Log's level of a logback level. */
  static byte level(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> Log.ERROR;
      case Level.WARN_INT -> Log.WARN;
      case Level.INFO_INT -> Log.INFO;
      default -> Log.DEBUG;
    };
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (sending.get()) {
      return;
    }
    sending.set(true);
    try {
      send(event);
    } finally {
      sending.set(false);
    }
  }

  private synchronized void send(ILoggingEvent event) {
    Stamps.set(message.getStamp(), clock.nowNanos());
    message.setLevel(level(event.getLevel()));
    set(message.getName(), loggerName, MAX_NAME);
    set(message.getMsg(), event.getFormattedMessage(), MAX_MSG);
    StackTraceElement[] caller = event.getCallerData();
    StackTraceElement at = caller != null && caller.length > 0 ? caller[0] : null;
    set(message.getFile(), at == null || at.getFileName() == null ? "" : at.getFileName(), MAX_NAME);
    set(message.getFunction(), at == null ? "" : at.getClassName() + "." + at.getMethodName(), MAX_NAME);
    message.setLine(at == null ? 0 : Math.max(0, at.getLineNumber()));
    publisher.publish(message);
  }

  private static void set(StringBuilder field, String text, int maxBytes) {
    field.setLength(0);
    field.append(WireStrings.encode(org.duplexnode.ports.TextLimits.clip(text == null ? "" : text, maxBytes)));
  }
}
