package org.duplexnode.ros;

/**
 * Health of one subscribed input at one moment.
 *
 * @param silentForS seconds since the input last had a matched publisher or a message; 0 while fine
 */
public record InputHealth(String topic, int matchedPublishers, long received, double silentForS) {}
