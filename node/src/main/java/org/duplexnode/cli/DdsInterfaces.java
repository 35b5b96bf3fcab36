package org.duplexnode.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ros.RosNode;

/**
 * The {@code dds.interfaces} addresses, each one an address of this machine: DDS cannot bind to
 * anything else, and finding that out at start is a configuration error, not a failed node.
 */
final class DdsInterfaces {
  private DdsInterfaces() {}

  static List<InetAddress> of(ParameterSet params) {
    List<InetAddress> addresses = RosNode.interfaces(params);
    for (InetAddress a : addresses) {
      boolean local;
      try {
        local = a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
      } catch (SocketException e) {
        local = false;
      }
      if (!local) {
        throw new ParameterException("parameter '" + NodeParameters.DDS_INTERFACES + "': " + a.getHostAddress()
            + " is not an address of this machine");
      }
    }
    return addresses;
  }
}
