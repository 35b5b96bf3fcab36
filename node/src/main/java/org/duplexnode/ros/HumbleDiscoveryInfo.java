package org.duplexnode.ros;

import rmw_dds_common.msg.dds.ParticipantEntitiesInfo;

/**
 * {@code ros_discovery_info} as Humble's rmw_dds_common lays it out (24-byte gids): the same
 * fields as {@link ParticipantEntitiesInfo}, whose 16-byte gids hold the GUID; its
 * {@link HumbleDiscoveryInfoPubSubType} writes each with 8 zero bytes after it and reads the
 * first 16.
 */
public class HumbleDiscoveryInfo extends ParticipantEntitiesInfo {
}
