package org.duplexnode.ports;

import java.util.List;

/** The active watches after a change (published latched on ~/watches). */
public record WatchListChanged(long stampNs, List<Watch> watches) implements OutputEvent {
  public WatchListChanged {
    watches = List.copyOf(watches);
  }

  @Override
  public void sendTo(OutputPort port) {
    port.watches(this);
  }
}
